namespace Descent.Schedules;

/// <summary>
/// TensorFlow 1's <c>inverse_time_decay</c>: <c>v_k = base / (1 + decay_rate · k / decay_steps)</c>, with <c>⌊k / decay_steps⌋</c>
/// when <c>staircase</c>.
/// </summary>
/// <remarks>
/// As <c>tf.compat.v1.train.inverse_time_decay</c> and Keras' <c>InverseTimeDecay</c> compute it, in float64. Spec:
/// <c>inverse_time_decay:decay_rate=R,decay_steps=1,staircase=false</c>.
/// </remarks>
public sealed class InverseTimeDecaySchedule : ClosedFormSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="decayRate">Decay constant (non-negative).</param>
    /// <param name="decaySteps">Steps per unit of decay (positive).</param>
    /// <param name="staircase">Whether to decay in whole periods.</param>
    /// <exception cref="ArgumentException">A value is outside its range.</exception>
    public InverseTimeDecaySchedule(double decayRate, double decaySteps = 1, bool staircase = false)
    {
        DecaySchedules.CheckDecaySteps(decaySteps);
        DecaySchedules.CheckNonNegativeRate(decayRate);
        DecayRate = decayRate;
        DecaySteps = decaySteps;
        Staircase = staircase;
    }

    /// <summary>Decay constant.</summary>
    public double DecayRate { get; }

    /// <summary>Steps per unit of decay.</summary>
    public double DecaySteps { get; }

    /// <summary>Whether the progress is floored to whole periods.</summary>
    public bool Staircase { get; }

    /// <inheritdoc/>
    protected override double Evaluate(long step, double baseValue) =>
        baseValue / (1 + DecayRate * DecaySchedules.Progress(step, DecaySteps, Staircase));

    /// <inheritdoc/>
    public override string ToString() =>
        $"inverse_time_decay:decay_rate={Format(DecayRate)},decay_steps={Format(DecaySteps)},staircase={(Staircase ? "true" : "false")}";
}
