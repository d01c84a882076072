namespace Descent.Schedules;

/// <summary>
/// TensorFlow 1's <c>exponential_decay</c>: <c>v_k = base · decay_rate^(k / decay_steps)</c>, with <c>⌊k / decay_steps⌋</c> when
/// <c>staircase</c>.
/// </summary>
/// <remarks>
/// The lecture's formula (<c>decayed_learning_rate = learning_rate · decay_rate ^ (global_step / decay_steps)</c>), as
/// <c>tf.compat.v1.train.exponential_decay</c> and Keras' <c>ExponentialDecay</c> compute it, in float64 (TensorFlow uses the rate's
/// dtype, usually float32). <c>k</c> is the global step, so step 0 is <c>base</c>. Spec:
/// <c>exp_decay:decay_rate=R,decay_steps=N,staircase=false</c>. Errors follow Keras' wording.
/// </remarks>
public sealed class ExponentialDecaySchedule : ProgressDecaySchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="decayRate">Multiplier per <paramref name="decaySteps"/> steps (positive).</param>
    /// <param name="decaySteps">Steps per decay period (positive).</param>
    /// <param name="staircase">Whether to decay in whole periods.</param>
    /// <exception cref="ArgumentException">A value is outside its range.</exception>
    public ExponentialDecaySchedule(double decayRate, double decaySteps, bool staircase = false)
        : base(decayRate, decaySteps, staircase)
    {
        if (!(decayRate > 0) || double.IsInfinity(decayRate))
        {
            throw new ArgumentException($"Argument `decay_rate` must be > 0. Received: decay_rate={Format(decayRate)}");
        }
    }

    /// <inheritdoc/>
    protected override string SpecName => "exp_decay";

    /// <inheritdoc/>
    protected override double Decay(double baseValue, double progress) => baseValue * Math.Pow(DecayRate, progress);
}
