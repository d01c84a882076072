namespace Descent.Schedules;

/// <summary>
/// PyTorch's <c>ConstantLR</c>: <c>v_k = base · factor</c> for <c>k &lt; total_iters</c>, then <c>base</c>.
/// </summary>
/// <remarks>
/// Reproduces <c>torch.optim.lr_scheduler.ConstantLR</c>'s chainable form exactly: step 0 multiplies the current value by
/// <c>factor</c>, step <c>total_iters</c> multiplies it by <c>1.0 / factor</c>, every other step keeps it. The closed form
/// <c>base · (factor + [k ≥ total_iters]·(1 − factor))</c> is used only when a <see cref="SequentialSchedule"/> restarts it.
/// Spec: <c>constant:factor=F,total_iters=N</c> (defaults 1/3 and 5, as PyTorch). Divergence: a factor of exactly 0 is rejected,
/// because PyTorch divides by it at <c>total_iters</c> (<c>ZeroDivisionError</c>).
/// </remarks>
public sealed class ConstantFactorSchedule : Schedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="factor">Multiplier until <paramref name="totalIters"/>, in (0, 1].</param>
    /// <param name="totalIters">Number of steps the factor applies (non-negative).</param>
    /// <exception cref="ArgumentException">A value is outside its range (PyTorch's message for the factor).</exception>
    public ConstantFactorSchedule(double factor = 1.0 / 3, long totalIters = 5)
    {
        if (factor > 1.0 || factor < 0 || double.IsNaN(factor))
        {
            throw new ArgumentException("Constant multiplicative factor expected to be between 0 and 1.");
        }

        if (factor == 0)
        {
            throw new ArgumentException("Constant multiplicative factor 0 cannot be undone at total_iters (PyTorch divides by it); use a factor in (0, 1].");
        }

        if (totalIters < 0)
        {
            throw new ArgumentException($"total_iters must be a non-negative integer, got {totalIters}.");
        }

        Factor = factor;
        TotalIters = totalIters;
    }

    /// <summary>The multiplier applied until <see cref="TotalIters"/>.</summary>
    public double Factor { get; }

    /// <summary>The step at which the factor is removed.</summary>
    public long TotalIters { get; }

    /// <inheritdoc/>
    public override double Next(long step, double current, double baseValue)
    {
        if (step == 0)
        {
            return current * Factor;
        }

        return step != TotalIters ? current : current * (1.0 / Factor);
    }

    /// <inheritdoc/>
    public override double Restart(double current, double baseValue) =>
        baseValue * (Factor + (0 >= TotalIters ? 1 - Factor : 0.0));

    /// <inheritdoc/>
    public override string ToString() => $"constant:factor={Format(Factor)},total_iters={TotalIters}";
}
