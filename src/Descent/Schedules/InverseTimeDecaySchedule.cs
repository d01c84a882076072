namespace Descent.Schedules;

/// <summary>
/// TensorFlow 1's <c>inverse_time_decay</c>: <c>v_k = base / (1 + decay_rate · k / decay_steps)</c>, with <c>⌊k / decay_steps⌋</c>
/// when <c>staircase</c>.
/// </summary>
/// <remarks>
/// As <c>tf.compat.v1.train.inverse_time_decay</c> and Keras' <c>InverseTimeDecay</c> compute it, in float64. Spec:
/// <c>inverse_time_decay:decay_rate=R,decay_steps=1,staircase=false</c>.
/// </remarks>
public sealed class InverseTimeDecaySchedule : ProgressDecaySchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="decayRate">Decay constant (non-negative).</param>
    /// <param name="decaySteps">Steps per unit of decay (positive).</param>
    /// <param name="staircase">Whether to decay in whole periods.</param>
    /// <exception cref="ArgumentException">A value is outside its range.</exception>
    public InverseTimeDecaySchedule(double decayRate, double decaySteps = 1, bool staircase = false)
        : base(decayRate, decaySteps, staircase)
    {
        DecaySchedules.CheckNonNegativeRate(decayRate);
    }

    /// <inheritdoc/>
    protected override string SpecName => "inverse_time_decay";

    /// <inheritdoc/>
    protected override double Decay(double baseValue, double progress) => baseValue / (1 + DecayRate * progress);
}
