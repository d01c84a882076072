namespace Descent.Training;

/// <summary>Why <see cref="Trainer.Fit"/> returned.</summary>
public enum StopReason
{
    /// <summary>Every requested epoch ran.</summary>
    Completed,

    /// <summary><see cref="StoppingRules.MaxSteps"/> optimizer steps were taken (lecture 002's <c>max_iters</c>).</summary>
    MaxSteps,

    /// <summary>An update moved the parameters by at most <see cref="StoppingRules.StepPrecision"/> (lecture 002's <c>precision</c>).</summary>
    StepPrecision,

    /// <summary>The loss changed by at most <see cref="StoppingRules.LossTolerance"/> between consecutive steps.</summary>
    LossTolerance,

    /// <summary>The gradient norm fell to at most <see cref="StoppingRules.GradientTolerance"/> (a stationary point: ∇L(θ) ≈ 0).</summary>
    GradientTolerance,

    /// <summary>The validation loss stopped improving for <see cref="EarlyStopping.Patience"/> epochs.</summary>
    EarlyStopping,

    /// <summary>A non-finite loss or gradient stopped the run (see <see cref="TrainingResult.Divergence"/>).</summary>
    Diverged,

    /// <summary>The cancellation token fired (Ctrl-C in the CLI); the run stopped after the current step.</summary>
    Cancelled,

    /// <summary>A callback called <see cref="Trainer.RequestStop"/>.</summary>
    Requested,
}
