using Descent.Kernels;

namespace Descent;

public sealed partial class Tensor
{
    /// <summary>
    /// Variance over <paramref name="axes"/> (all elements when null or empty): Σ(x − x̄)² / max(0, N − correction), N the
    /// number of elements reduced. ∂/∂x = g·2(x − x̄)/(N − correction).
    /// </summary>
    /// <remarks>
    /// As <c>torch.var(dim, correction=1, keepdim=False)</c>: the default correction 1 is Bessel's (unbiased) estimate,
    /// correction 0 the population variance. When N ≤ correction the denominator is 0 and the result is NaN or ∞, as in torch.
    /// The forward pass is a fused two-pass kernel (mean, then squared deviations) per output element.
    /// </remarks>
    /// <param name="axes">Dimensions to reduce (negative values count from the end); null or empty reduces all.</param>
    /// <param name="correction">Subtracted from N in the denominator; must be non-negative.</param>
    /// <param name="keepDim">Keep the reduced dimensions with size 1.</param>
    /// <exception cref="ArgumentException">An axis is out of range or repeated, or the correction is negative.</exception>
    public Tensor Var(int[]? axes = null, int correction = 1, bool keepDim = false) => Variance(axes, correction, keepDim, std: false);

    /// <summary>Variance over one axis: Σ(x − x̄)² / max(0, N − correction). See <see cref="Var(int[], int, bool)"/>.</summary>
    public Tensor Var(int axis, int correction = 1, bool keepDim = false) => Variance([axis], correction, keepDim, std: false);

    /// <summary>
    /// Standard deviation over <paramref name="axes"/> (all elements when null or empty): √(Σ(x − x̄)² / max(0, N − correction)).
    /// ∂/∂x = g·(x − x̄)/((N − correction)·σ), and 0 where σ = 0.
    /// </summary>
    /// <remarks>
    /// As <c>torch.std(dim, correction=1, keepdim=False)</c>, including torch's choice of a zero gradient where the standard
    /// deviation is zero (the derivative of √ is infinite there).
    /// </remarks>
    /// <exception cref="ArgumentException">An axis is out of range or repeated, or the correction is negative.</exception>
    public Tensor Std(int[]? axes = null, int correction = 1, bool keepDim = false) => Variance(axes, correction, keepDim, std: true);

    /// <summary>Standard deviation over one axis. See <see cref="Std(int[], int, bool)"/>.</summary>
    public Tensor Std(int axis, int correction = 1, bool keepDim = false) => Variance([axis], correction, keepDim, std: true);

    private Tensor Variance(int[]? axes, int correction, bool keepDim, bool std)
    {
        string op = std ? "std" : "var";
        if (correction < 0)
        {
            throw new ArgumentException($"{op}: correction must be non-negative, got {correction} (1 for the unbiased estimate, 0 for the population)", nameof(correction));
        }

        var ax = ResolveAxes(axes, op);
        var kept = ReduceMerged(ax, new VarianceReducer(correction));
        if (std)
        {
            Elementwise.MapInto(kept, kept, default(SqrtKernel));
        }

        var result = DropAxes(kept, ax, keepDim);
        var x = this;
        var keptDims = KeptDims(ax);
        double scale = 2.0 / Math.Max(0, ReducedCount(ax) - correction);
        return Autograd.Record(result, op, [this], g =>
        {
            var gk = g.Reshape(keptDims);
            if (std)
            {
                // d√v = dv/(2√v); torch masks the division where σ = 0 so that constant slices get a zero gradient.
                var s = result.Reshape(keptDims);
                var zero = s.Eq(0.0);
                gk = Where(zero, ZerosLike(gk), gk / (Where(zero, OnesLike(s), s) * 2.0));
            }

            return [(x - x.Mean(ax, keepDim: true)) * gk * scale];
        });
    }
}
