namespace Descent.Schedules;

/// <summary>PyTorch's <c>MultiplicativeLR</c>: <c>v_0 = base</c>, <c>v_k = v_{k−1} · λ(k)</c>.</summary>
/// <remarks>
/// As <c>torch.optim.lr_scheduler.MultiplicativeLR.get_lr</c>: chainable (it multiplies the current value). A
/// <see cref="SequentialSchedule"/> that switches to it keeps the current value, as PyTorch 1.13's <c>step(0)</c> does.
/// Not available as a spec.
/// </remarks>
public sealed class MultiplicativeSchedule : Schedule
{
    private readonly Func<long, double> _lambda;

    /// <summary>Creates the schedule.</summary>
    /// <param name="lambda">The factor applied at each step k ≥ 1.</param>
    public MultiplicativeSchedule(Func<long, double> lambda)
    {
        ArgumentNullException.ThrowIfNull(lambda);
        _lambda = lambda;
    }

    /// <inheritdoc/>
    public override double Next(long step, double current, double baseValue) => step == 0 ? current : current * _lambda(step);

    /// <inheritdoc/>
    public override double Restart(double current, double baseValue) => current;

    /// <inheritdoc/>
    public override string ToString() => "multiplicative";
}
