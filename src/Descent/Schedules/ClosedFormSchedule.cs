namespace Descent.Schedules;

/// <summary>
/// A schedule PyTorch (or TensorFlow) computes from the step and the base value alone, <c>v_k = f(k, base)</c>: the current value
/// never enters, so the recursive and closed forms coincide and <see cref="Schedule.Value"/> costs O(1).
/// </summary>
public abstract class ClosedFormSchedule : Schedule
{
    /// <inheritdoc/>
    public sealed override double Value(long step, double baseValue)
    {
        CheckStep(step);
        return Evaluate(step, baseValue);
    }

    /// <inheritdoc/>
    public sealed override double Next(long step, double current, double baseValue) => Value(step, baseValue);

    /// <inheritdoc/>
    public sealed override double Restart(double current, double baseValue) => Evaluate(0, baseValue);

    /// <summary>The value at a step already checked to lie in [0, <see cref="Schedule.MaxStep"/>].</summary>
    protected abstract double Evaluate(long step, double baseValue);
}
