namespace Descent.Schedules;

/// <summary>
/// The shape shared by TensorFlow 1's <c>exponential_decay</c>, <c>natural_exp_decay</c> and <c>inverse_time_decay</c>: the value is a
/// function of the base and of the progress <c>p = k / decay_steps</c> (floored to whole periods when <c>staircase</c>).
/// </summary>
public abstract class ProgressDecaySchedule : ClosedFormSchedule
{
    /// <summary>Checks and stores the shared settings.</summary>
    /// <exception cref="ArgumentException"><paramref name="decaySteps"/> is not positive.</exception>
    private protected ProgressDecaySchedule(double decayRate, double decaySteps, bool staircase)
    {
        DecaySchedules.CheckDecaySteps(decaySteps);
        DecayRate = decayRate;
        DecaySteps = decaySteps;
        Staircase = staircase;
    }

    /// <summary>The decay constant.</summary>
    public double DecayRate { get; }

    /// <summary>Steps per unit of progress (one decay period).</summary>
    public double DecaySteps { get; }

    /// <summary>Whether the progress is floored to whole periods.</summary>
    public bool Staircase { get; }

    /// <summary>The spec name, such as <c>exp_decay</c>.</summary>
    protected abstract string SpecName { get; }

    /// <summary>The value at progress <paramref name="progress"/>.</summary>
    protected abstract double Decay(double baseValue, double progress);

    /// <inheritdoc/>
    protected sealed override double Evaluate(long step, double baseValue) =>
        Decay(baseValue, DecaySchedules.Progress(step, DecaySteps, Staircase));

    /// <inheritdoc/>
    public sealed override string ToString() =>
        $"{SpecName}:decay_rate={Format(DecayRate)},decay_steps={Format(DecaySteps)},staircase={(Staircase ? "true" : "false")}";
}
