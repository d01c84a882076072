namespace Descent.Analysis;

/// <summary>One batch size's run in a <see cref="BatchSizeStudy"/>: training curve, final metrics and sharpness.</summary>
/// <param name="BatchSize">Samples per step.</param>
/// <param name="Steps">Optimizer steps taken.</param>
/// <param name="StepLosses">The mini-batch loss of every step, in order.</param>
/// <param name="EpochTestAccuracy">Test accuracy after each epoch.</param>
/// <param name="TrainLoss">The final mean loss over the whole training set.</param>
/// <param name="TrainAccuracy">The final accuracy on the training set.</param>
/// <param name="TestLoss">The final mean loss on the test set.</param>
/// <param name="TestAccuracy">The final accuracy on the test set.</param>
/// <param name="Sharpness">The top Hessian eigenvalues of the training loss at the final weights, largest first.</param>
/// <param name="SharpnessResiduals">Their Lanczos residuals (error bounds).</param>
/// <param name="Trace">Hutchinson's estimate of the Hessian's trace, or null when not measured.</param>
/// <param name="TrainSeconds">Wall-clock seconds of training.</param>
/// <param name="HessianSeconds">Wall-clock seconds of the Hessian measurements.</param>
/// <param name="FinalParameters">The trained weights as a flat vector.</param>
/// <param name="Path">The training path projected on its top two principal directions (the initial weights and the snapshots).</param>
/// <param name="PathLandscape">The training loss on the plane of <see cref="Path"/>, or null.</param>
public sealed record BatchSizeRun(
    int BatchSize,
    long Steps,
    double[] StepLosses,
    double[] EpochTestAccuracy,
    double TrainLoss,
    double TrainAccuracy,
    double TestLoss,
    double TestAccuracy,
    double[] Sharpness,
    double[] SharpnessResiduals,
    TraceEstimate? Trace,
    double TrainSeconds,
    double HessianSeconds,
    double[] FinalParameters,
    PlaneProjection? Path,
    LandscapeSurface? PathLandscape);
