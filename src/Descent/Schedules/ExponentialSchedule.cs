namespace Descent.Schedules;

/// <summary>PyTorch's <c>ExponentialLR</c>: <c>v_k = base · gamma^k</c>.</summary>
/// <remarks>
/// Reproduces <c>torch.optim.lr_scheduler.ExponentialLR</c>'s chainable form exactly: every step multiplies the current value by
/// <c>gamma</c>, so <c>v_k</c> is the k-fold product (which differs from <c>Math.Pow(gamma, k)</c> in the last bits, and is what
/// PyTorch's scheduler yields). Spec: <c>exponential:gamma=0.95</c>.
/// </remarks>
public sealed class ExponentialSchedule : Schedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="gamma">Multiplier applied every step.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="gamma"/> is not finite.</exception>
    public ExponentialSchedule(double gamma)
    {
        RequireFinite(gamma, "gamma", nameof(gamma));
        Gamma = gamma;
    }

    /// <summary>Multiplier applied every step.</summary>
    public double Gamma { get; }

    /// <inheritdoc/>
    public override double Next(long step, double current, double baseValue) => step == 0 ? current : current * Gamma;

    /// <inheritdoc/>
    public override double Restart(double current, double baseValue) => baseValue * Math.Pow(Gamma, 0);

    /// <inheritdoc/>
    public override string ToString() => $"exponential:gamma={Format(Gamma)}";
}
