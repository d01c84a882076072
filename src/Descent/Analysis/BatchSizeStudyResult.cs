namespace Descent.Analysis;

/// <summary>The outcome of <see cref="BatchSizeStudy.Run"/>.</summary>
/// <param name="Options">What was run.</param>
/// <param name="Parameters">The model's parameter count.</param>
/// <param name="TrainSamples">Training samples.</param>
/// <param name="TestSamples">Test samples.</param>
/// <param name="Runs">One run per batch size, in the order given.</param>
/// <param name="Interpolation">Training loss along θ(α) = (1 − α)·θ_small + α·θ_large between the smallest- and largest-batch
/// solutions (Keskar et al. 2017, Figure 3), or null.</param>
/// <param name="InterpolationTest">Test loss along the same line, or null.</param>
public sealed record BatchSizeStudyResult(
    BatchSizeStudyOptions Options,
    int Parameters,
    int TrainSamples,
    int TestSamples,
    IReadOnlyList<BatchSizeRun> Runs,
    LandscapeLine? Interpolation,
    LandscapeLine? InterpolationTest);
