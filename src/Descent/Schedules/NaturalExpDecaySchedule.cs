namespace Descent.Schedules;

/// <summary>
/// TensorFlow 1's <c>natural_exp_decay</c>: <c>v_k = base · exp(−decay_rate · k / decay_steps)</c>, with <c>⌊k / decay_steps⌋</c>
/// when <c>staircase</c>.
/// </summary>
/// <remarks>
/// As <c>tf.compat.v1.train.natural_exp_decay</c> computes it (<c>exp(−decay_rate · p)</c> with <c>p = k/decay_steps</c>), in float64.
/// The lecture's text omits <c>/ decay_steps</c>, which is the default <c>decay_steps = 1</c> here. Equivalent to
/// <see cref="ExponentialDecaySchedule"/> with rate <c>exp(−decay_rate)</c> up to rounding. Spec:
/// <c>natural_exp_decay:decay_rate=R,decay_steps=1,staircase=false</c>.
/// </remarks>
public sealed class NaturalExpDecaySchedule : ProgressDecaySchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="decayRate">Decay constant (non-negative).</param>
    /// <param name="decaySteps">Steps per unit of decay (positive).</param>
    /// <param name="staircase">Whether to decay in whole periods.</param>
    /// <exception cref="ArgumentException">A value is outside its range.</exception>
    public NaturalExpDecaySchedule(double decayRate, double decaySteps = 1, bool staircase = false)
        : base(decayRate, decaySteps, staircase)
    {
        DecaySchedules.CheckNonNegativeRate(decayRate);
    }

    /// <inheritdoc/>
    protected override string SpecName => "natural_exp_decay";

    /// <inheritdoc/>
    protected override double Decay(double baseValue, double progress) => baseValue * Math.Exp(-DecayRate * progress);
}
