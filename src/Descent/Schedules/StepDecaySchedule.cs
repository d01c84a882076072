namespace Descent.Schedules;

/// <summary>PyTorch's <c>StepLR</c>: <c>v_k = base · gamma^⌊k / step_size⌋</c>.</summary>
/// <remarks>
/// Reproduces <c>torch.optim.lr_scheduler.StepLR</c>'s chainable form exactly: the current value is multiplied by <c>gamma</c> at
/// every positive multiple of <c>step_size</c> (so after many decays the value is a product, not a power, as in PyTorch).
/// Spec: <c>step:step_size=N,gamma=0.1</c>. Divergence: a non-positive <c>step_size</c> is rejected (PyTorch divides by it).
/// </remarks>
public sealed class StepDecaySchedule : Schedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="stepSize">Period of the decay in steps (positive).</param>
    /// <param name="gamma">Multiplier applied every period.</param>
    /// <exception cref="ArgumentException"><paramref name="stepSize"/> is not positive.</exception>
    public StepDecaySchedule(long stepSize, double gamma = 0.1)
    {
        if (stepSize <= 0)
        {
            throw new ArgumentException($"step_size must be a positive integer, got {stepSize}.");
        }

        RequireFinite(gamma, "gamma", nameof(gamma));
        StepSize = stepSize;
        Gamma = gamma;
    }

    /// <summary>Period of the decay.</summary>
    public long StepSize { get; }

    /// <summary>Multiplier applied every period.</summary>
    public double Gamma { get; }

    /// <inheritdoc/>
    public override double Next(long step, double current, double baseValue) =>
        step == 0 || step % StepSize != 0 ? current : current * Gamma;

    /// <inheritdoc/>
    public override double Restart(double current, double baseValue) => baseValue * Math.Pow(Gamma, 0);

    /// <inheritdoc/>
    public override string ToString() => $"step:step_size={StepSize},gamma={Format(Gamma)}";
}
