namespace Descent.Schedules;

/// <summary>
/// PyTorch's <c>LinearLR</c>: <c>v_k = base · (start_factor + (end_factor − start_factor) · min(k, total_iters) / total_iters)</c>.
/// </summary>
/// <remarks>
/// Reproduces <c>torch.optim.lr_scheduler.LinearLR</c>'s chainable form exactly: step 0 multiplies the current value by
/// <c>start_factor</c>; step <c>k ≤ total_iters</c> multiplies it by
/// <c>1 + (end − start) / (total_iters·start + (k − 1)(end − start))</c>; later steps keep it. That product differs from the closed
/// form in the last bits, and PyTorch's scheduler yields the product. Validation messages are PyTorch 2.x's.
/// Spec: <c>linear:start_factor=0.3333333333333333,end_factor=1,total_iters=5</c>. Divergence: <c>total_iters</c> must be positive
/// (PyTorch's closed form divides by it).
/// </remarks>
public sealed class LinearSchedule : Schedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="startFactor">Multiplier at step 0, in (0, 1].</param>
    /// <param name="endFactor">Multiplier from <paramref name="totalIters"/> on, in [0, 1].</param>
    /// <param name="totalIters">Length of the ramp in steps (positive).</param>
    /// <exception cref="ArgumentException">A value is outside its range.</exception>
    public LinearSchedule(double startFactor = 1.0 / 3, double endFactor = 1.0, long totalIters = 5)
    {
        if (startFactor > 1.0 || startFactor <= 0 || double.IsNaN(startFactor))
        {
            throw new ArgumentException("Starting multiplicative factor expected to be greater than 0 and less or equal to 1.");
        }

        if (endFactor > 1.0 || endFactor < 0 || double.IsNaN(endFactor))
        {
            throw new ArgumentException("Ending multiplicative factor expected to be between 0 and 1.");
        }

        if (totalIters <= 0)
        {
            throw new ArgumentException($"total_iters must be a positive integer, got {totalIters}.");
        }

        StartFactor = startFactor;
        EndFactor = endFactor;
        TotalIters = totalIters;
    }

    /// <summary>Multiplier at step 0.</summary>
    public double StartFactor { get; }

    /// <summary>Multiplier from <see cref="TotalIters"/> on.</summary>
    public double EndFactor { get; }

    /// <summary>Length of the ramp.</summary>
    public long TotalIters { get; }

    /// <inheritdoc/>
    public override double Next(long step, double current, double baseValue)
    {
        if (step == 0)
        {
            return current * StartFactor;
        }

        if (step > TotalIters)
        {
            return current;
        }

        return current * (1.0 + (EndFactor - StartFactor) / (TotalIters * StartFactor + (step - 1) * (EndFactor - StartFactor)));
    }

    /// <inheritdoc/>
    public override double Restart(double current, double baseValue) =>
        baseValue * (StartFactor + (EndFactor - StartFactor) * Math.Min(TotalIters, 0) / TotalIters);

    /// <inheritdoc/>
    public override string ToString() =>
        $"linear:start_factor={Format(StartFactor)},end_factor={Format(EndFactor)},total_iters={TotalIters}";
}
