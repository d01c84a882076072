using Descent.Kernels;

namespace Descent;

public sealed partial class Tensor
{
    /// <summary>Sum of all elements, as a scalar tensor. ∂/∂x = g broadcast to x's shape.</summary>
    public Tensor Sum()
    {
        var r = Full(Shape.Scalar, Reduce.SumAll(this), DType);
        var shape = Shape;
        return Autograd.Record(r, "sum", [this], g => [g.Expand(shape)]);
    }

    /// <summary>Sum over <paramref name="axes"/> (negative axes count from the end; an empty list means all); reduced dimensions are dropped unless
    /// <paramref name="keepDim"/>. ∂/∂x = g broadcast back.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An axis is out of range.</exception>
    public Tensor Sum(int[] axes, bool keepDim = false)
    {
        ArgumentNullException.ThrowIfNull(axes);
        // An empty axis list reduces every dimension, as torch.sum(x, dim=[]) does.
        var norm = axes.Length == 0 ? Enumerable.Range(0, Rank).ToArray() : NormalizeAxes(axes, Rank);
        var r = this.Detach();
        foreach (var a in norm)
        {
            r = Reduce.SumAxis(r, a);
        }

        if (norm.Length == 0)
        {
            r = CopyData(this); // a scalar: nothing to reduce
        }

        var kept = r.Shape;
        var outShape = keepDim ? kept : RemoveAxes(Shape, norm);
        var result = keepDim ? r : r.View(r.Offset, outShape);
        var inShape = Shape;
        return Autograd.Record(result, "sum", [this], g => [g.Reshape(kept.Dims).Expand(inShape)]);
    }

    /// <summary>Sum over one axis.</summary>
    public Tensor Sum(int axis, bool keepDim = false) => Sum([axis], keepDim);

    /// <summary>Mean of all elements. ∂/∂x = g/n.</summary>
    public Tensor Mean() => Sum() / Math.Max(1, Numel);

    /// <summary>Mean over <paramref name="axes"/>.</summary>
    public Tensor Mean(int[] axes, bool keepDim = false)
    {
        ArgumentNullException.ThrowIfNull(axes);
        int count = 1;
        foreach (var a in NormalizeAxes(axes, Rank))
        {
            count *= Shape.Dims[a];
        }

        return Sum(axes, keepDim) / Math.Max(1, count);
    }

    /// <summary>Mean over one axis.</summary>
    public Tensor Mean(int axis, bool keepDim = false) => Mean([axis], keepDim);

    /// <summary>
    /// Sums this tensor down to <paramref name="shape"/>, undoing a broadcast (the adjoint of <see cref="Expand(Shape)"/>).
    /// </summary>
    /// <exception cref="ArgumentException">This tensor's shape is not a broadcast of <paramref name="shape"/>.</exception>
    public Tensor SumTo(Shape shape)
    {
        if (Shape == shape)
        {
            return this;
        }

        int extra = Rank - shape.Rank;
        if (extra < 0)
        {
            throw new ArgumentException($"Cannot sum shape {Shape} down to {shape}");
        }

        var axes = new List<int>();
        for (int i = 0; i < Rank; i++)
        {
            int target = i < extra ? 1 : shape.Dims[i - extra];
            if (i < extra || (target == 1 && Shape.Dims[i] != 1))
            {
                axes.Add(i);
            }
            else if (target != Shape.Dims[i])
            {
                throw new ArgumentException($"Cannot sum shape {Shape} down to {shape}");
            }
        }

        return Sum([.. axes], keepDim: true).Reshape(shape.ToArray());
    }

    internal static int[] NormalizeAxes(int[] axes, int rank)
    {
        var set = new SortedSet<int>();
        foreach (var a in axes)
        {
            if (!set.Add(Shape.NormalizeAxis(a, rank)))
            {
                throw new ArgumentException($"Axis {a} appears more than once in [{string.Join(", ", axes)}]", nameof(axes));
            }
        }

        return [.. set];
    }

    internal static Shape RemoveAxes(Shape s, int[] sortedAxes)
    {
        var dims = new List<int>();
        for (int i = 0; i < s.Rank; i++)
        {
            if (System.Array.BinarySearch(sortedAxes, i) < 0)
            {
                dims.Add(s.Dims[i]);
            }
        }

        return new Shape([.. dims]);
    }
}
