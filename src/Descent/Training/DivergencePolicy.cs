namespace Descent.Training;

/// <summary>What the trainer does when a loss or a gradient is NaN or infinite.</summary>
/// <remarks>
/// Either way the check runs before the optimizer touches its state (moments, step counts) or the parameters, so a bad batch never
/// corrupts them (compare <c>optax.apply_if_finite</c> and <c>torch.cuda.amp.GradScaler</c>'s skipped steps).
/// </remarks>
public enum DivergencePolicy
{
    /// <summary>Stop the run with a <see cref="DivergenceReport"/> naming the step and the parameter (the default).</summary>
    Stop,

    /// <summary>Drop the batch's gradients and go on, up to <see cref="TrainerOptions.MaxSkippedSteps"/> skipped steps in all.</summary>
    Skip,
}
