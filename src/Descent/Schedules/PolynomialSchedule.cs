namespace Descent.Schedules;

/// <summary>PyTorch's <c>PolynomialLR</c>: <c>v_k = base · (1 − min(k, total_iters) / total_iters)^power</c> (0 from <c>total_iters</c> on).</summary>
/// <remarks>
/// Reproduces <c>torch.optim.lr_scheduler.PolynomialLR</c>'s chainable form exactly: step <c>k ≤ total_iters</c> multiplies the
/// current value by <c>((1 − k/T) / (1 − (k−1)/T))^power</c>; other steps keep it. Spec: <c>polynomial:total_iters=5,power=1</c>.
/// Divergence: <c>total_iters</c> must be positive and <c>power</c> non-negative (PyTorch would divide by zero).
/// For TensorFlow's form with an end value and cycles see <see cref="PolynomialDecaySchedule"/>.
/// </remarks>
public sealed class PolynomialSchedule : Schedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="totalIters">Steps until the value reaches 0 (positive).</param>
    /// <param name="power">Exponent of the polynomial (non-negative).</param>
    /// <exception cref="ArgumentException">A value is outside its range.</exception>
    public PolynomialSchedule(long totalIters = 5, double power = 1.0)
    {
        if (totalIters <= 0)
        {
            throw new ArgumentException($"total_iters must be a positive integer, got {totalIters}.");
        }

        if (!(power >= 0) || double.IsInfinity(power))
        {
            throw new ArgumentException($"power must be a non-negative number, got {Format(power)}.");
        }

        TotalIters = totalIters;
        Power = power;
    }

    /// <summary>Steps until the value reaches 0.</summary>
    public long TotalIters { get; }

    /// <summary>Exponent of the polynomial.</summary>
    public double Power { get; }

    /// <inheritdoc/>
    public override double Next(long step, double current, double baseValue)
    {
        if (step == 0 || step > TotalIters)
        {
            return current;
        }

        double decay = Math.Pow((1.0 - (double)step / TotalIters) / (1.0 - (double)(step - 1) / TotalIters), Power);
        return current * decay;
    }

    /// <inheritdoc/>
    public override double Restart(double current, double baseValue) =>
        baseValue * Math.Pow(1.0 - (double)Math.Min(TotalIters, 0) / TotalIters, Power);

    /// <inheritdoc/>
    public override string ToString() => $"polynomial:total_iters={TotalIters},power={Format(Power)}";
}
