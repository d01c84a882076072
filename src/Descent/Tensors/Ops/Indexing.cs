using System.Globalization;
using Descent.Kernels;

namespace Descent;

public sealed partial class Tensor
{
    /// <summary>
    /// The elements <paramref name="start"/>..<paramref name="start"/>+<paramref name="length"/>−1 along <paramref name="dim"/>
    /// (a negative start counts from the end). ∂/∂x = g placed back at those positions, zeros elsewhere.
    /// </summary>
    /// <remarks>
    /// As <c>torch.narrow</c>. The result is a view sharing storage when the slice is contiguous (every dimension before
    /// <paramref name="dim"/> has size 1, e.g. a range of rows of a matrix or of a batch), and a copy otherwise.
    /// </remarks>
    /// <exception cref="ArgumentException">The tensor is zero-dimensional, or the range does not fit in the dimension.</exception>
    public Tensor Narrow(int dim, int start, int length)
    {
        int a = RequireDim(dim, "narrow");
        int n = Shape.Dims[a];
        int s = start < 0 ? start + n : start;
        if (s < 0 || s > n)
        {
            throw new ArgumentOutOfRangeException(nameof(start), $"narrow: start {start} is out of range for dimension {dim} of size {n} in shape {Shape} (expected {-n}..{n})");
        }

        if (length < 0 || s + length > n)
        {
            throw new ArgumentOutOfRangeException(nameof(length), $"narrow: start {s} + length {length} exceeds dimension {dim} of size {n} in shape {Shape}");
        }

        return SliceResolved(a, s, length, 1);
    }

    /// <summary>
    /// The elements start, start+step, … below end along <paramref name="dim"/>, with Python's slicing rules: negative start and
    /// end count from the end and out-of-range bounds are clamped, so <c>Slice(1, -2)</c> is <c>x[:, -2:]</c>.
    /// ∂/∂x = g placed back at the selected positions, zeros elsewhere.
    /// </summary>
    /// <remarks>
    /// As <c>x[..., start:end:step]</c> in torch (which, like Descent, rejects negative steps). A step of 1 is a
    /// <see cref="Narrow"/>, so a view where the slice is contiguous; other steps copy.
    /// </remarks>
    /// <exception cref="ArgumentException">The tensor is zero-dimensional, or <paramref name="step"/> is not positive.</exception>
    public Tensor Slice(int dim, int start, int end = int.MaxValue, int step = 1)
    {
        int a = RequireDim(dim, "slice");
        if (step <= 0)
        {
            throw new ArgumentException($"slice: step must be positive, got {step}", nameof(step));
        }

        int n = Shape.Dims[a];
        int s = start < 0 ? Math.Max(0, start + n) : Math.Min(start, n);
        int e = end < 0 ? Math.Max(0, end + n) : Math.Min(end, n);
        int count = e > s ? ((e - s - 1) / step) + 1 : 0;
        return SliceResolved(a, s, count, step);
    }

    /// <summary>
    /// The slice at <paramref name="index"/> along <paramref name="dim"/>, with that dimension removed (negative index counts
    /// from the end), as <c>torch.select</c> or <c>x[:, i]</c>. ∂/∂x = g placed back at that index.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is out of range.</exception>
    public Tensor Select(int dim, int index)
    {
        int a = RequireDim(dim, "select");
        int n = Shape.Dims[a];
        int i = index < 0 ? index + n : index;
        if (i < 0 || i >= n)
        {
            throw new ArgumentOutOfRangeException(nameof(index), $"select: index {index} is out of range for dimension {dim} of size {n} in shape {Shape}");
        }

        return SliceResolved(a, i, 1, 1).Reshape(RemoveAxes(Shape, [a]).ToArray());
    }

    /// <summary>
    /// The slices at <paramref name="indices"/> along <paramref name="dim"/>, in that order (repeats allowed): out[…, k, …] =
    /// x[…, indices[k], …]. ∂/∂x = g added back at those indices (<see cref="IndexAdd"/> into zeros), so repeated indices
    /// accumulate.
    /// </summary>
    /// <remarks>As <c>torch.index_select</c>: every index must be in 0..n−1.</remarks>
    /// <exception cref="ArgumentException">An index is out of range, or the dimension is.</exception>
    public Tensor IndexSelect(int dim, int[] indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        int a = RequireDim(dim, "index_select");
        return IndexSelectResolved(a, CheckIndices(indices, Shape.Dims[a], a, "index_select"));
    }

    /// <summary>
    /// <see cref="IndexSelect(int, int[])"/> with the indices given as a 1-D tensor of whole numbers (e.g. the output of
    /// <see cref="ArgMax"/> or a batch of sample indices).
    /// </summary>
    /// <exception cref="ArgumentException">The index tensor is not 1-D, or holds a value that is not a valid index.</exception>
    public Tensor IndexSelect(int dim, Tensor indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        int a = RequireDim(dim, "index_select");
        if (indices.Rank > 1)
        {
            throw new ArgumentException($"index_select: indices must be a 1-D tensor, got shape {indices.Shape}", nameof(indices));
        }

        return IndexSelectResolved(a, ToIndices(indices, Shape.Dims[a], a, "index_select"));
    }

    /// <summary>
    /// A copy of this tensor with alpha·<paramref name="source"/>[…, k, …] added at index <paramref name="indices"/>[k] along
    /// <paramref name="dim"/> (repeated indices accumulate, in order). ∂/∂self = g, ∂/∂source = alpha·g.IndexSelect(dim, indices).
    /// </summary>
    /// <remarks>
    /// As the out-of-place <c>torch.index_add(self, dim, index, source, alpha=1)</c>: source has this tensor's shape except
    /// that dimension <paramref name="dim"/> has <c>indices.Length</c> elements. It is the adjoint of
    /// <see cref="IndexSelect(int, int[])"/>.
    /// </remarks>
    /// <exception cref="ArgumentException">An index is out of range, or the source's shape or dtype does not match.</exception>
    public Tensor IndexAdd(int dim, int[] indices, Tensor source, double alpha = 1)
    {
        ArgumentNullException.ThrowIfNull(indices);
        ArgumentNullException.ThrowIfNull(source);
        int a = RequireDim(dim, "index_add");
        RequireSameDType(this, source, "index_add");
        var expected = Shape.ToArray();
        expected[a] = indices.Length;
        if (source.Shape != new Shape(expected))
        {
            throw new ArgumentException($"index_add: source has shape {source.Shape} but {indices.Length} indices into dimension {dim} of shape {Shape} need source shape {Shape.Format(expected)}", nameof(source));
        }

        return IndexAddResolved(a, CheckIndices(indices, Shape.Dims[a], a, "index_add"), source, alpha);
    }

    /// <summary>
    /// Picks elements along <paramref name="dim"/> by index: out[p] = x[p with coordinate dim replaced by index[p]]
    /// (torch.gather). ∂/∂x = g scatter-added back (<see cref="ScatterAdd"/> into zeros).
    /// </summary>
    /// <remarks>
    /// <para>With an index of x's rank this is exactly <c>torch.gather(x, dim, index)</c>: the result has the index's shape, which
    /// may be smaller than x's in the other dimensions.</para>
    /// <para>With an index of one rank less it picks one element per slice: the index is read as <c>index.Unsqueeze(dim)</c> and
    /// the result drops that dimension again. So for logits [N, C] and class targets [N], <c>logits.Gather(1, targets)</c> is the
    /// [N] vector of each row's target logit, the core of cross-entropy.</para>
    /// <para>Indices are tensors of whole numbers (any dtype) in 0..size−1 of that dimension.</para>
    /// </remarks>
    /// <exception cref="ArgumentException">The index has the wrong rank or shape, or holds a value that is not a valid index.</exception>
    public Tensor Gather(int dim, Tensor index)
    {
        ArgumentNullException.ThrowIfNull(index);
        int a = RequireDim(dim, "gather");
        if (index.Rank == Rank - 1)
        {
            var dims = index.Shape.ToArray().ToList();
            dims.Insert(a, 1);
            CheckGatherShape(new Shape([.. dims]), a, "gather", "index.Unsqueeze(dim)");
            var idx = ToIndices(index, Shape.Dims[a], a, "gather");
            return GatherResolved(a, idx, new Shape([.. dims])).Reshape(index.Shape.ToArray());
        }

        if (index.Rank != Rank)
        {
            throw new ArgumentException($"gather: index of shape {index.Shape} must have rank {Rank} (as torch.gather) or {Rank - 1} (one index per slice) for a tensor of shape {Shape}", nameof(index));
        }

        CheckGatherShape(index.Shape, a, "gather", "index");
        return GatherResolved(a, ToIndices(index, Shape.Dims[a], a, "gather"), index.Shape);
    }

    /// <summary>
    /// Picks one element per slice along <paramref name="dim"/>: <paramref name="indices"/> holds one index for each position of
    /// the other dimensions, in row-major order (for a matrix and dim 1: one column per row). See <see cref="Gather(int, Tensor)"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The number of indices is wrong, or an index is out of range.</exception>
    public Tensor Gather(int dim, int[] indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        int a = RequireDim(dim, "gather");
        var outShape = RemoveAxes(Shape, [a]);
        if (indices.Length != outShape.Numel)
        {
            throw new ArgumentException($"gather: got {indices.Length} indices but a tensor of shape {Shape} has {outShape.Numel} slices along dimension {dim} (one index each)", nameof(indices));
        }

        var idx = CheckIndices(indices, Shape.Dims[a], a, "gather");
        return GatherResolved(a, idx, new Shape(KeptDims([a]))).Reshape(outShape.ToArray());
    }

    /// <summary>
    /// A copy of this tensor with <paramref name="source"/>[p] added at position p with coordinate <paramref name="dim"/>
    /// replaced by <paramref name="index"/>[p] (repeated positions accumulate, in row-major order of p).
    /// ∂/∂self = g, ∂/∂source = g.Gather(dim, index).
    /// </summary>
    /// <remarks>
    /// As the out-of-place <c>torch.scatter_add(self, dim, index, src)</c>, the adjoint of <see cref="Gather(int, Tensor)"/>.
    /// The index has this tensor's rank and sizes no larger than its own except along <paramref name="dim"/>; unlike torch, the
    /// source must have exactly the index's shape.
    /// </remarks>
    /// <exception cref="ArgumentException">Shapes, dtypes or index values do not fit.</exception>
    public Tensor ScatterAdd(int dim, Tensor index, Tensor source)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(source);
        int a = RequireDim(dim, "scatter_add");
        RequireSameDType(this, source, "scatter_add");
        if (index.Rank != Rank)
        {
            throw new ArgumentException($"scatter_add: index of shape {index.Shape} must have the rank of the tensor's shape {Shape}", nameof(index));
        }

        if (source.Shape != index.Shape)
        {
            throw new ArgumentException($"scatter_add: source has shape {source.Shape} but index has shape {index.Shape}; they must be equal", nameof(source));
        }

        CheckGatherShape(index.Shape, a, "scatter_add", "index");
        return ScatterAddResolved(a, ToIndices(index, Shape.Dims[a], a, "scatter_add"), source);
    }

    private Tensor SliceResolved(int axis, int start, int count, int step)
    {
        int n = Shape.Dims[axis];
        if (step == 1 && start == 0 && count == n)
        {
            return this;
        }

        var dims = Shape.ToArray();
        dims[axis] = count;
        var (outer, _, inner) = Reduce.Split(Shape, axis);
        Tensor r;
        if (step == 1 && (outer == 1 || count == 0))
        {
            r = View(Offset + (outer == 1 ? start * inner : 0), new Shape(dims));
        }
        else
        {
            r = IndexKernels.SelectRows(Detach(), axis, StridedRows(start, count, step));
        }

        var inShape = Shape;
        return Autograd.Record(r, step == 1 ? "narrow" : "slice", [this], g => [SliceBackward(g, inShape, axis, start, step)]);
    }

    /// <summary>Zeros of <paramref name="inShape"/> with g placed at start, start+step, … along the axis; its adjoint is the slice.</summary>
    private static Tensor SliceBackward(Tensor g, Shape inShape, int axis, int start, int step)
    {
        int count = g.Shape.Dims[axis];
        var r = Zeros(inShape, g.DType);
        IndexKernels.AddRows(r, axis, StridedRows(start, count, step), g.Detach());
        return Autograd.Record(r, "slice_backward", [g], u => [u.SliceResolved(axis, start, count, step)]);
    }

    private static int[] StridedRows(int start, int count, int step)
    {
        var rows = new int[count];
        for (int k = 0; k < count; k++)
        {
            rows[k] = start + (k * step);
        }

        return rows;
    }

    private Tensor IndexSelectResolved(int axis, int[] indices)
    {
        var r = IndexKernels.SelectRows(Detach(), axis, indices);
        var inShape = Shape;
        return Autograd.Record(r, "index_select", [this], g => [Zeros(inShape, g.DType).IndexAddResolved(axis, indices, g, 1)]);
    }

    private Tensor IndexAddResolved(int axis, int[] indices, Tensor source, double alpha)
    {
        var r = CopyData(this);
        var src = alpha == 1 ? source.Detach() : source.Detach() * alpha;
        IndexKernels.AddRows(r, axis, indices, src);
        return Autograd.Record(r, "index_add", [this, source], g =>
        {
            var gs = g.IndexSelectResolved(axis, indices);
            return [g, alpha == 1 ? gs : gs * alpha];
        });
    }

    private Tensor GatherResolved(int axis, int[] index, Shape indexShape)
    {
        var r = IndexKernels.Gather(Detach(), axis, index, indexShape);
        var inShape = Shape;
        return Autograd.Record(r, "gather", [this], g => [Zeros(inShape, g.DType).ScatterAddResolved(axis, index, g)]);
    }

    private Tensor ScatterAddResolved(int axis, int[] index, Tensor source)
    {
        var r = CopyData(this);
        IndexKernels.ScatterAdd(r, axis, index, source.Detach());
        var indexShape = source.Shape;
        return Autograd.Record(r, "scatter_add", [this, source], g => [g, g.GatherResolved(axis, index, indexShape)]);
    }

    private int RequireDim(int dim, string op)
    {
        if (Rank == 0)
        {
            throw new ArgumentException($"{op}: cannot index a zero-dimensional tensor; Reshape(1) it first");
        }

        return ResolveAxis(dim, op);
    }

    private void CheckGatherShape(Shape indexShape, int axis, string op, string what)
    {
        for (int d = 0; d < Rank; d++)
        {
            if (d != axis && indexShape.Dims[d] > Shape.Dims[d])
            {
                throw new ArgumentException($"{op}: {what} has shape {indexShape}, larger than the tensor's shape {Shape} in dimension {d}; only dimension {axis} may differ freely");
            }
        }
    }

    private int[] CheckIndices(int[] indices, int n, int axis, string op)
    {
        var copy = (int[])indices.Clone();
        for (int k = 0; k < copy.Length; k++)
        {
            if ((uint)copy[k] >= (uint)n)
            {
                throw new ArgumentOutOfRangeException(nameof(indices), $"{op}: index {copy[k]} at position {k} is out of range for dimension {axis} of size {n} in shape {Shape} (expected 0..{n - 1})");
            }
        }

        return copy;
    }

    private int[] ToIndices(Tensor index, int n, int axis, string op)
    {
        var r = new int[index.Numel];
        for (int k = 0; k < r.Length; k++)
        {
            double v = index[k];
            if (!(v >= 0 && v < n) || v != Math.Floor(v))
            {
                string shown = v.ToString("R", CultureInfo.InvariantCulture);
                throw new ArgumentOutOfRangeException(nameof(index), $"{op}: index {shown} at position {k} is not a valid index for dimension {axis} of size {n} in shape {Shape} (expected a whole number in 0..{n - 1})");
            }

            r[k] = (int)v;
        }

        return r;
    }
}
