namespace Descent.Schedules;

/// <summary>
/// A linear warmup before another schedule: <c>v_k = base · (k / N)</c> for <c>k &lt; N</c>; from <c>k = N</c> on the wrapped
/// schedule runs from its own step 0, <c>v_k = inner(k − N)</c>.
/// </summary>
/// <remarks>
/// Exactly PyTorch's <c>SequentialLR([LambdaLR(λ = k/N), inner], milestones=[N])</c>, the usual way to put a warmup in front of a
/// schedule (and Hugging Face's <c>get_*_schedule_with_warmup</c> ramp): at step N the inner schedule is restarted the way
/// <see cref="SequentialSchedule"/> does it (its closed form at step 0). The ramp starts at 0, so the first optimizer step uses a rate
/// of 0. <c>warmup=N</c> is accepted as a key on every schedule spec. A momentum cycle of the inner schedule (one-cycle, cyclic)
/// behaves as in that PyTorch idiom: its step-0 value is written at construction, held during the warmup, and the cycle starts at
/// step N.
/// </remarks>
public sealed class WarmupSchedule : Schedule
{
    private readonly Schedule _sequence;

    /// <summary>Creates the schedule.</summary>
    /// <param name="inner">The schedule that follows the warmup.</param>
    /// <param name="warmupSteps">Length of the warmup (non-negative; 0 means no warmup).</param>
    /// <exception cref="ArgumentException"><paramref name="warmupSteps"/> is negative.</exception>
    public WarmupSchedule(Schedule inner, long warmupSteps)
    {
        ArgumentNullException.ThrowIfNull(inner);
        if (warmupSteps < 0)
        {
            throw new ArgumentException($"warmup must be a non-negative number of steps, got {warmupSteps}.");
        }

        Inner = inner;
        WarmupSteps = warmupSteps;
        _sequence = warmupSteps == 0 ? inner : new SequentialSchedule([new Ramp(warmupSteps), inner], [warmupSteps]);
    }

    /// <summary>The schedule after the warmup.</summary>
    public Schedule Inner { get; }

    /// <summary>Length of the warmup in steps.</summary>
    public long WarmupSteps { get; }

    /// <inheritdoc/>
    public override double Next(long step, double current, double baseValue) => _sequence.Next(step, current, baseValue);

    /// <inheritdoc/>
    public override double Restart(double current, double baseValue) => _sequence.Restart(current, baseValue);

    /// <inheritdoc/>
    public override Schedule? MomentumSchedule => _sequence.MomentumSchedule;

    /// <inheritdoc/>
    public override long MaxStep => _sequence.MaxStep;

    /// <inheritdoc/>
    protected override Exception PastEnd(long step) =>
        Inner.MaxStep < long.MaxValue && step > MaxStep
            ? new ArgumentOutOfRangeException(nameof(step), step, $"{this} is defined up to step {MaxStep} ({WarmupSteps} warmup steps + {Inner.MaxStep} steps of {Inner}).")
            : base.PastEnd(step);

    /// <inheritdoc/>
    public override string ToString() => WarmupSteps == 0 ? Inner.ToString() ?? "" : $"{Inner}{(Inner.ToString()!.Contains(':', StringComparison.Ordinal) ? "," : ":")}warmup={WarmupSteps}";

    /// <summary>The ramp <c>base · (k / N)</c> (PyTorch <c>LambdaLR</c> with <c>λ = k/N</c>).</summary>
    private sealed class Ramp(long steps) : ClosedFormSchedule
    {
        protected override double Evaluate(long step, double baseValue) => baseValue * ((double)step / steps);

        public override string ToString() => $"warmup ramp over {steps} steps";
    }
}
