using Descent.Kernels;

namespace Descent;

public sealed partial class Tensor
{
    /// <summary>
    /// Maps a possibly negative axis to 0..rank−1 for <paramref name="op"/>; a rank-0 tensor accepts 0 and −1 (as torch does
    /// for reductions and softmax on scalars), mapped to 0.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The axis is out of range; the message names the op, axis and shape.</exception>
    internal int ResolveAxis(int axis, string op)
    {
        int rank = Math.Max(Rank, 1);
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank)
        {
            throw new ArgumentOutOfRangeException(nameof(axis), $"{op}: dimension {axis} is out of range for a tensor of shape {Shape} (expected {-rank}..{rank - 1})");
        }

        return a;
    }

    /// <summary>
    /// The sorted, distinct axes to reduce for <paramref name="op"/>: all of them when <paramref name="axes"/> is null or empty
    /// (as torch treats <c>dim=None</c> and <c>dim=[]</c>).
    /// </summary>
    /// <exception cref="ArgumentException">An axis is out of range or repeated.</exception>
    internal int[] ResolveAxes(int[]? axes, string op)
    {
        if (axes == null || axes.Length == 0 || Rank == 0)
        {
            if (axes != null)
            {
                foreach (var a in axes)
                {
                    ResolveAxis(a, op);
                }
            }

            return Enumerable.Range(0, Rank).ToArray();
        }

        var seen = new bool[Rank];
        foreach (var axis in axes)
        {
            int a = ResolveAxis(axis, op);
            if (seen[a])
            {
                throw new ArgumentException($"{op}: dimension {axis} appears more than once in [{string.Join(", ", axes)}] for a tensor of shape {Shape}", nameof(axes));
            }

            seen[a] = true;
        }

        return Enumerable.Range(0, Rank).Where(i => seen[i]).ToArray();
    }

    /// <summary>This tensor's dimensions with each of <paramref name="sortedAxes"/> set to 1.</summary>
    internal int[] KeptDims(int[] sortedAxes)
    {
        var dims = Shape.ToArray();
        foreach (var a in sortedAxes)
        {
            dims[a] = 1;
        }

        return dims;
    }

    /// <summary>The number of elements each output of a reduction over <paramref name="sortedAxes"/> combines.</summary>
    internal int ReducedCount(int[] sortedAxes)
    {
        int n = 1;
        foreach (var a in sortedAxes)
        {
            n *= Shape.Dims[a];
        }

        return n;
    }

    /// <summary>
    /// Reduces over several axes with a reducer that cannot be applied one axis at a time (variance, log-sum-exp): adjacent
    /// axes are merged into one by a view; otherwise the reduced axes are first permuted to the end (one copy). The result keeps
    /// the reduced axes with size 1 and is not recorded.
    /// </summary>
    internal Tensor ReduceMerged<R>(int[] sortedAxes, R reducer)
        where R : struct, IAxisReducer
    {
        var x = Detach();
        var kept = new Shape(KeptDims(sortedAxes));
        if (Rank == 0)
        {
            return Reduce.Axis(x.Reshape(1), 0, reducer).View(0, kept);
        }

        if (sortedAxes.Length == 1)
        {
            return Reduce.Axis(x, sortedAxes[0], reducer);
        }

        int first = sortedAxes[0], last = sortedAxes[^1];
        int n = ReducedCount(sortedAxes);
        Tensor r;
        if (last - first == sortedAxes.Length - 1)
        {
            var dims = new List<int>();
            dims.AddRange(Shape.Dims[..first]);
            dims.Add(n);
            dims.AddRange(Shape.Dims[(last + 1)..]);
            r = Reduce.Axis(View(Offset, new Shape([.. dims])), first, reducer);
        }
        else
        {
            var perm = Enumerable.Range(0, Rank).Where(i => System.Array.BinarySearch(sortedAxes, i) < 0).Concat(sortedAxes).ToArray();
            var moved = PermuteKernel.Run(x, perm);
            r = Reduce.Axis(moved.View(0, new Shape(kept.Numel, n)), 1, reducer);
        }

        return r.View(0, kept);
    }

    /// <summary>The result of a reduction in kept-dims form, with the reduced axes dropped unless <paramref name="keepDim"/>.</summary>
    internal static Tensor DropAxes(Tensor kept, int[] sortedAxes, bool keepDim) =>
        keepDim ? kept : kept.View(kept.Offset, RemoveAxes(kept.Shape, sortedAxes));
}
