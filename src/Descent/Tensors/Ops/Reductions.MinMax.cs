using Descent.Kernels;

namespace Descent;

public sealed partial class Tensor
{
    /// <summary>
    /// The largest element, as a scalar tensor (NaN if any element is NaN). ∂/∂x = g/k at the k positions equal to the maximum,
    /// 0 elsewhere.
    /// </summary>
    /// <remarks>
    /// The gradient is split evenly among ties, as <c>torch.amax</c> and torch's full <c>max()</c> do (torch's
    /// <c>max(dim)</c>, which also returns indices, instead sends it all to the first index).
    /// </remarks>
    /// <exception cref="ArgumentException">The tensor has no elements.</exception>
    public Tensor Max() => Extreme(null, false, smallest: false);

    /// <summary>The largest element along <paramref name="axis"/>; the gradient is split evenly among ties. See <see cref="Max()"/>.</summary>
    /// <exception cref="ArgumentException">The axis is out of range or has size 0.</exception>
    public Tensor Max(int axis, bool keepDim = false) => Extreme([axis], keepDim, smallest: false);

    /// <summary>
    /// The largest element over <paramref name="axes"/> (as <c>torch.amax</c>; all when empty); the gradient is split evenly among
    /// ties. See <see cref="Max()"/>.
    /// </summary>
    /// <exception cref="ArgumentException">An axis is out of range, repeated, or has size 0.</exception>
    public Tensor Max(int[] axes, bool keepDim = false) => Extreme(axes ?? throw new ArgumentNullException(nameof(axes)), keepDim, smallest: false);

    /// <summary>
    /// The smallest element, as a scalar tensor (NaN if any element is NaN). ∂/∂x = g/k at the k positions equal to the minimum.
    /// </summary>
    /// <remarks>The gradient is split evenly among ties, as <c>torch.amin</c>.</remarks>
    /// <exception cref="ArgumentException">The tensor has no elements.</exception>
    public Tensor Min() => Extreme(null, false, smallest: true);

    /// <summary>The smallest element along <paramref name="axis"/>; the gradient is split evenly among ties.</summary>
    /// <exception cref="ArgumentException">The axis is out of range or has size 0.</exception>
    public Tensor Min(int axis, bool keepDim = false) => Extreme([axis], keepDim, smallest: true);

    /// <summary>The smallest element over <paramref name="axes"/> (as <c>torch.amin</c>); the gradient is split evenly among ties.</summary>
    /// <exception cref="ArgumentException">An axis is out of range, repeated, or has size 0.</exception>
    public Tensor Min(int[] axes, bool keepDim = false) => Extreme(axes ?? throw new ArgumentNullException(nameof(axes)), keepDim, smallest: true);

    /// <summary>
    /// The index of the largest element along <paramref name="axis"/>, or the flat row-major index over all elements when
    /// <paramref name="axis"/> is null, as a tensor of this tensor's dtype holding whole numbers (not differentiable).
    /// </summary>
    /// <remarks>
    /// As <c>torch.argmax</c>: the first occurrence wins on ties (−0 and +0 tie), and a NaN counts as the maximum (the first NaN
    /// is returned). Indices are returned as floating-point values of the input's dtype, because Descent tensors are float32 or
    /// float64, so they compare directly with class-label targets (<c>logits.ArgMax(1).Eq(targets)</c>) and feed
    /// <see cref="Gather(int, Tensor)"/>. Use <see cref="ArgMaxIndices"/> for an <c>int[]</c>.
    /// </remarks>
    /// <exception cref="ArgumentException">The axis is out of range or has size 0, or the indices would not be exact in float32
    /// (more than 2²⁴ positions).</exception>
    public Tensor ArgMax(int? axis = null, bool keepDim = false) => ArgExtreme(axis, keepDim, smallest: false);

    /// <summary>
    /// The index of the smallest element along <paramref name="axis"/>, or the flat index over all elements when null. See
    /// <see cref="ArgMax"/> for the conventions.
    /// </summary>
    /// <exception cref="ArgumentException">The axis is out of range or has size 0, or the indices would not be exact in float32.</exception>
    public Tensor ArgMin(int? axis = null, bool keepDim = false) => ArgExtreme(axis, keepDim, smallest: true);

    /// <summary>
    /// The indices of the largest elements along <paramref name="axis"/>, in row-major order of the remaining dimensions (for
    /// logits [N, C] and axis 1: the predicted class of each row).
    /// </summary>
    /// <exception cref="ArgumentException">The axis is out of range or has size 0.</exception>
    public int[] ArgMaxIndices(int axis) => ToInts(ArgExtremeCore(ResolveAxis(axis, "argmax"), smallest: false, "argmax"));

    /// <summary>The indices of the smallest elements along <paramref name="axis"/>, in row-major order of the remaining dimensions.</summary>
    /// <exception cref="ArgumentException">The axis is out of range or has size 0.</exception>
    public int[] ArgMinIndices(int axis) => ToInts(ArgExtremeCore(ResolveAxis(axis, "argmin"), smallest: true, "argmin"));

    private Tensor Extreme(int[]? axes, bool keepDim, bool smallest)
    {
        string op = smallest ? "min" : "max";
        var ax = ResolveAxes(axes, op);
        RequireNonEmpty(ax, op);
        var kept = Detach();
        if (Rank == 0)
        {
            kept = CopyData(this);
        }

        foreach (var a in ax)
        {
            kept = smallest ? Reduce.Axis(kept, a, default(MinReducer)) : Reduce.Axis(kept, a, default(MaxReducer));
        }

        var result = DropAxes(kept, ax, keepDim);
        var x = this;
        var keptDims = KeptDims(ax);
        return Autograd.Record(result, op, [this], g =>
        {
            // The tie mask is a constant: the maximum is piecewise linear, so its second derivative is zero.
            var mask = x.Detach().Eq(kept);
            var share = mask / mask.Sum(ax, keepDim: true);
            return [g.Reshape(keptDims) * share];
        });
    }

    private Tensor ArgExtreme(int? axis, bool keepDim, bool smallest)
    {
        string op = smallest ? "argmin" : "argmax";
        if (axis is int a0)
        {
            int a = ResolveAxis(a0, op);
            var kept = ArgExtremeCore(a, smallest, op);
            return Rank == 0 ? kept : DropAxes(kept, [a], keepDim);
        }

        var flat = Rank == 0 ? Detach().Reshape(1) : Detach().Reshape(Numel);
        var r = flat.ArgExtremeCore(0, smallest, op);
        return r.View(0, keepDim ? new Shape(KeptDims(ResolveAxes(null, op))) : Shape.Scalar);
    }

    /// <summary>Arg-extreme along a resolved axis, in kept-dims form (a scalar for a rank-0 tensor).</summary>
    private Tensor ArgExtremeCore(int axis, bool smallest, string op)
    {
        if (Rank == 0)
        {
            return Zeros(Shape.Scalar, DType);
        }

        RequireNonEmpty([axis], op);
        int n = Shape.Dims[axis];
        if (DType == DType.Float32 && n > (1 << 24))
        {
            throw new ArgumentException($"{op}: dimension {axis} of shape {Shape} has {n} positions, more than float32 can index exactly (2^24); use .To(DType.Float64) first");
        }

        return Reduce.Axis(Detach(), axis, new ArgExtremeReducer(smallest));
    }

    private void RequireNonEmpty(int[] sortedAxes, string op)
    {
        foreach (var a in sortedAxes)
        {
            if (Shape.Dims[a] == 0)
            {
                throw new ArgumentException($"{op}: cannot reduce over dimension {a} of size 0 in a tensor of shape {Shape}; the {op} of no elements is undefined");
            }
        }

        if (Numel == 0 && sortedAxes.Length == Rank)
        {
            throw new ArgumentException($"{op}: the tensor of shape {Shape} has no elements; the {op} of no elements is undefined");
        }
    }

    private static int[] ToInts(Tensor t)
    {
        var r = new int[t.Numel];
        for (int i = 0; i < r.Length; i++)
        {
            r[i] = (int)t[i];
        }

        return r;
    }
}
