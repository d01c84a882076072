namespace Descent.Schedules;

/// <summary>No change: <c>v_k = v_{k−1}</c>, so <c>v_k = base</c> for a scheduler that is alone on its hyperparameter.</summary>
/// <remarks>
/// The chainable form keeps the current value, so inside a <see cref="SequentialSchedule"/> or <see cref="ChainedSchedule"/> it
/// leaves whatever the other schedules set (PyTorch: <c>LambdaLR</c> with λ ≡ 1 alone, <c>MultiplicativeLR</c> with λ ≡ 1 in a chain).
/// Spec: <c>constant</c> with no keys; <c>constant:factor=F,total_iters=N</c> is <see cref="ConstantFactorSchedule"/>.
/// </remarks>
public sealed class ConstantSchedule : Schedule
{
    /// <inheritdoc/>
    public override double Value(long step, double baseValue)
    {
        CheckStep(step);
        return baseValue;
    }

    /// <inheritdoc/>
    public override double Next(long step, double current, double baseValue) => current;

    /// <inheritdoc/>
    public override double Restart(double current, double baseValue) => current;

    /// <inheritdoc/>
    public override string ToString() => "constant";
}
