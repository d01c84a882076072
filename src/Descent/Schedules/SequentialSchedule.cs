namespace Descent.Schedules;

/// <summary>
/// PyTorch's <c>SequentialLR</c>: schedule <c>i</c> runs from milestone <c>m_{i−1}</c> (0 for the first) until <c>m_i</c>, each
/// starting from its own step 0: <c>v_k = s_i(k − m_{i−1})</c>.
/// </summary>
/// <remarks>
/// Reproduces <c>torch.optim.lr_scheduler.SequentialLR</c>: at step 0 the value is reset to the base value and the first schedule
/// takes its initial step; at a milestone the next schedule is restarted with <see cref="Schedule.Restart"/> (PyTorch evaluates its
/// closed form at epoch 0, so it starts again from the base value, not from where the previous schedule stopped); between milestones
/// the active schedule continues its chainable form with a local step. Validation messages are PyTorch's. Divergences: milestones
/// must be positive and strictly increasing, and a schedule with a horizon (one-cycle) must cover its whole segment, which is checked
/// here instead of failing mid-run. Restarting a nested sequence restarts its first schedule (PyTorch cannot nest them).
/// </remarks>
public sealed class SequentialSchedule : Schedule
{
    private readonly Schedule[] _schedules;
    private readonly long[] _milestones;
    private readonly bool _isMomentum;

    /// <summary>Creates the schedule.</summary>
    /// <param name="schedules">The schedules, in order (at least one).</param>
    /// <param name="milestones">The steps at which each next schedule starts (one fewer than <paramref name="schedules"/>).</param>
    /// <exception cref="ArgumentException">The counts do not match, the milestones are not increasing, or a schedule ends too early.</exception>
    public SequentialSchedule(IReadOnlyList<Schedule> schedules, IReadOnlyList<long> milestones)
        : this(schedules, milestones, isMomentum: false)
    {
    }

    /// <param name="schedules">The schedules.</param>
    /// <param name="milestones">The milestones.</param>
    /// <param name="isMomentum">Whether this is the momentum sequence of a rate sequence: PyTorch resets only the lr before the
    /// first schedule's initial step, so the momentum written by every child's constructor (in order) is kept.</param>
    private SequentialSchedule(IReadOnlyList<Schedule> schedules, IReadOnlyList<long> milestones, bool isMomentum)
    {
        _isMomentum = isMomentum;
        ArgumentNullException.ThrowIfNull(schedules);
        ArgumentNullException.ThrowIfNull(milestones);
        if (schedules.Count < 1)
        {
            throw new ArgumentException("SequentialSchedule expects at least one schedule, but got no schedule.");
        }

        if (schedules.Any(s => s is null))
        {
            throw new ArgumentException("SequentialSchedule got a null schedule.");
        }

        if (milestones.Count != schedules.Count - 1)
        {
            throw new ArgumentException(
                "Sequential Schedulers expects number of schedulers provided to be one more than the number of milestone points, " +
                $"but got number of schedulers {schedules.Count} and the number of milestones to be equal to {milestones.Count}");
        }

        for (int i = 0; i < milestones.Count; i++)
        {
            long previous = i == 0 ? 0 : milestones[i - 1];
            if (milestones[i] <= previous)
            {
                throw new ArgumentException(
                    $"milestones must be positive and strictly increasing, got [{string.Join(", ", milestones)}].");
            }

            long segment = milestones[i] - previous;
            if (schedules[i].MaxStep < segment - 1)
            {
                throw new ArgumentException(
                    $"schedule {i} ({schedules[i]}) is defined up to its step {schedules[i].MaxStep} but runs for {segment} steps " +
                    $"(steps {previous} to {milestones[i] - 1}) before the next milestone; lengthen it or move the milestone.");
            }
        }

        _schedules = [.. schedules];
        _milestones = [.. milestones];
        if (_schedules.Any(s => s.MomentumSchedule != null))
        {
            MomentumSchedule = new SequentialSchedule(
                _schedules.Select(s => s.MomentumSchedule ?? new ConstantSchedule()).ToArray(), _milestones, isMomentum: true);
        }
    }

    /// <summary>The schedules, in order.</summary>
    public IReadOnlyList<Schedule> Schedules => _schedules;

    /// <summary>The steps at which each next schedule starts.</summary>
    public IReadOnlyList<long> Milestones => _milestones;

    /// <inheritdoc/>
    public override Schedule? MomentumSchedule { get; }

    /// <inheritdoc/>
    public override long MaxStep
    {
        get
        {
            long last = _schedules[^1].MaxStep;
            long offset = _milestones.Length == 0 ? 0 : _milestones[^1];
            return last > long.MaxValue - offset ? long.MaxValue : last + offset;
        }
    }

    /// <inheritdoc/>
    public override double Next(long step, double current, double baseValue)
    {
        if (step == 0)
        {
            if (_isMomentum)
            {
                // Every child's constructor has written its initial momentum, in order; then the first child's initial step runs again.
                double value = current;
                foreach (var s in _schedules)
                {
                    value = s.Next(0, value, baseValue);
                }

                return _schedules[0].Next(0, value, baseValue);
            }

            // PyTorch resets every group's lr to initial_lr, then performs the first schedule's initial step.
            return _schedules[0].Next(0, baseValue, baseValue);
        }

        int index = ActiveIndex(step);
        if (index > 0 && _milestones[index - 1] == step)
        {
            return _schedules[index].Restart(current, baseValue);
        }

        return _schedules[index].Next(step - (index > 0 ? _milestones[index - 1] : 0), current, baseValue);
    }

    /// <inheritdoc/>
    public override double Restart(double current, double baseValue) => Next(0, current, baseValue);

    /// <summary>PyTorch's <c>bisect_right(milestones, step)</c>: the index of the schedule active at <paramref name="step"/>.</summary>
    private int ActiveIndex(long step)
    {
        int index = 0;
        while (index < _milestones.Length && _milestones[index] <= step)
        {
            index++;
        }

        return index;
    }

    /// <inheritdoc/>
    public override string ToString() =>
        "sequential(" + string.Join(", ", _schedules.Select((s, i) => i == 0 ? s.ToString() : $"@{_milestones[i - 1]}: {s}")) + ")";
}
