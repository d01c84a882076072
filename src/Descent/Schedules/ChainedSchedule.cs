namespace Descent.Schedules;

/// <summary>
/// PyTorch's <c>ChainedScheduler</c>: every step applies each schedule's chainable form in turn to the same value, so chainable
/// schedules multiply: <c>v_k = s_n(k, … s_1(k, v_{k−1}))</c>.
/// </summary>
/// <remarks>
/// Reproduces <c>torch.optim.lr_scheduler.ChainedScheduler</c> built from schedulers constructed one after another on the same
/// optimizer: at step 0 each schedule's initial step sees the value the previous one left; afterwards each <c>step()</c> runs them
/// in order. Schedules PyTorch computes from the base value alone (one-cycle, cyclic, warm restarts) overwrite the value instead of
/// multiplying it, as in PyTorch. Validation message is PyTorch's.
/// </remarks>
public sealed class ChainedSchedule : Schedule
{
    private readonly Schedule[] _schedules;

    /// <summary>Creates the schedule.</summary>
    /// <param name="schedules">The schedules, applied in this order every step (at least one).</param>
    /// <exception cref="ArgumentException">No schedule is given.</exception>
    public ChainedSchedule(IReadOnlyList<Schedule> schedules)
    {
        ArgumentNullException.ThrowIfNull(schedules);
        if (schedules.Count < 1)
        {
            throw new ArgumentException("ChainedSchedule expects at least one schedule to be chained, but got no schedule.");
        }

        if (schedules.Any(s => s is null))
        {
            throw new ArgumentException("ChainedSchedule got a null schedule.");
        }

        _schedules = [.. schedules];
        if (_schedules.Any(s => s.MomentumSchedule != null))
        {
            MomentumSchedule = new ChainedSchedule(_schedules.Select(s => s.MomentumSchedule ?? new ConstantSchedule()).ToArray());
        }
    }

    /// <summary>The schedules, in the order they are applied.</summary>
    public IReadOnlyList<Schedule> Schedules => _schedules;

    /// <inheritdoc/>
    public override Schedule? MomentumSchedule { get; }

    /// <inheritdoc/>
    public override long MaxStep => _schedules.Min(s => s.MaxStep);

    /// <inheritdoc/>
    public override double Next(long step, double current, double baseValue)
    {
        double value = current;
        foreach (var s in _schedules)
        {
            value = s.Next(step, value, baseValue);
        }

        return value;
    }

    /// <inheritdoc/>
    public override double Restart(double current, double baseValue)
    {
        double value = current;
        foreach (var s in _schedules)
        {
            value = s.Restart(value, baseValue);
        }

        return value;
    }

    /// <inheritdoc/>
    public override string ToString() => "chained(" + string.Join(", ", _schedules.Select(s => s.ToString())) + ")";
}
