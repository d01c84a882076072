using Descent.Kernels;

namespace Descent;

public sealed partial class Tensor
{
    /// <summary>
    /// log Σ exp x over <paramref name="axes"/> (all elements when null or empty), computed stably as m + log Σ exp(x − m) with
    /// m the maximum. ∂/∂x = g·exp(x − y), y the result (the softmax of x over the axes).
    /// </summary>
    /// <remarks>
    /// As <c>torch.logsumexp(dim, keepdim)</c>, including its handling of infinities: an infinite maximum is replaced by 0 before
    /// subtracting, so a slice of −∞ gives −∞ and a slice holding +∞ gives +∞. Zero elements give −∞.
    /// </remarks>
    /// <exception cref="ArgumentException">An axis is out of range or repeated.</exception>
    public Tensor LogSumExp(int[]? axes = null, bool keepDim = false)
    {
        var ax = ResolveAxes(axes, "logsumexp");
        var result = DropAxes(ReduceMerged(ax, default(LogSumExpReducer)), ax, keepDim);
        var x = this;
        var keptDims = KeptDims(ax);

        // The rule reads the recorded result (not the raw kernel output) so that double backward sees y's dependence on x.
        return Autograd.Record(result, "logsumexp", [this], g => [g.Reshape(keptDims) * (x - result.Reshape(keptDims)).Exp()]);
    }

    /// <summary>log Σ exp x along one axis. See <see cref="LogSumExp(int[], bool)"/>.</summary>
    public Tensor LogSumExp(int axis, bool keepDim = false) => LogSumExp([axis], keepDim);
}
