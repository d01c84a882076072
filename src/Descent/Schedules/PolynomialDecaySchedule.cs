namespace Descent.Schedules;

/// <summary>
/// TensorFlow 1's <c>polynomial_decay</c>: <c>v_k = (base − end_lr) · (1 − min(k, d)/d)^power + end_lr</c> with
/// <c>d = decay_steps</c>; with <c>cycle</c> the horizon grows instead, <c>d = decay_steps · ⌈k / decay_steps⌉</c> (and
/// <c>d = decay_steps</c> at <c>k = 0</c>), so the value restarts from a smaller peak every period.
/// </summary>
/// <remarks>
/// As <c>tf.compat.v1.train.polynomial_decay</c> and Keras' <c>PolynomialDecay</c> compute it, in float64. Unlike PyTorch's
/// <see cref="PolynomialSchedule"/> it ends at <c>end_lr</c>, not 0. Spec:
/// <c>polynomial_decay:decay_steps=N,end_lr=1e-4,power=1,cycle=false</c>.
/// </remarks>
public sealed class PolynomialDecaySchedule : ClosedFormSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="decaySteps">Steps to reach <paramref name="endLr"/> (positive).</param>
    /// <param name="endLr">Final value.</param>
    /// <param name="power">Exponent of the polynomial (non-negative).</param>
    /// <param name="cycle">Whether to restart with a longer horizon after <paramref name="decaySteps"/>.</param>
    /// <exception cref="ArgumentException">A value is outside its range.</exception>
    public PolynomialDecaySchedule(double decaySteps, double endLr = 1e-4, double power = 1.0, bool cycle = false)
    {
        DecaySchedules.CheckDecaySteps(decaySteps);
        if (!(power >= 0) || double.IsInfinity(power))
        {
            throw new ArgumentException($"power must be a non-negative number, got {Format(power)}.");
        }

        RequireFinite(endLr, "end_learning_rate", nameof(endLr));
        DecaySteps = decaySteps;
        EndLr = endLr;
        Power = power;
        Cycle = cycle;
    }

    /// <summary>Steps to reach <see cref="EndLr"/>.</summary>
    public double DecaySteps { get; }

    /// <summary>Final value.</summary>
    public double EndLr { get; }

    /// <summary>Exponent of the polynomial.</summary>
    public double Power { get; }

    /// <summary>Whether the horizon grows to the next multiple of <see cref="DecaySteps"/>.</summary>
    public bool Cycle { get; }

    /// <inheritdoc/>
    protected override double Evaluate(long step, double baseValue)
    {
        double k = step, horizon = DecaySteps;
        if (Cycle)
        {
            double multiplier = step == 0 ? 1.0 : Math.Ceiling(k / DecaySteps);
            horizon = DecaySteps * multiplier;
        }
        else
        {
            k = Math.Min(k, DecaySteps);
        }

        double p = k / horizon;
        return (baseValue - EndLr) * Math.Pow(1 - p, Power) + EndLr;
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"polynomial_decay:decay_steps={Format(DecaySteps)},end_lr={Format(EndLr)},power={Format(Power)},cycle={(Cycle ? "true" : "false")}";
}
