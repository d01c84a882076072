using Descent.Kernels;

namespace Descent;

public sealed partial class Tensor
{
    /// <summary>
    /// Reorders the dimensions: result.Shape[k] = Shape[dims[k]], result[i₀, …] = x[i at the permuted positions] (a contiguous
    /// copy). ∂/∂x = g permuted by the inverse permutation.
    /// </summary>
    /// <remarks>
    /// As <c>torch.permute</c>, but the result is a copy (Descent tensors are always contiguous). The kernel merges dimensions
    /// that stay adjacent and copies by rows or by cache-sized tiles of a 2-D transpose, never decoding coordinates per element.
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="dims"/> is not a permutation of 0..rank−1 (negative values count from the end).</exception>
    public Tensor Permute(params int[] dims)
    {
        ArgumentNullException.ThrowIfNull(dims);
        if (dims.Length != Rank)
        {
            throw new ArgumentException($"permute: got {dims.Length} dimensions {Shape.Format(dims)} for a tensor of shape {Shape} (rank {Rank}); give each dimension exactly once", nameof(dims));
        }

        var perm = new int[Rank];
        var seen = new bool[Rank];
        for (int i = 0; i < Rank; i++)
        {
            int a = ResolveAxis(dims[i], "permute");
            if (seen[a])
            {
                throw new ArgumentException($"permute: dimension {dims[i]} appears more than once in {Shape.Format(dims)}; give each dimension of shape {Shape} exactly once", nameof(dims));
            }

            seen[a] = true;
            perm[i] = a;
        }

        return PermuteResolved(perm, "permute");
    }

    /// <summary>
    /// Swaps dimensions <paramref name="dim0"/> and <paramref name="dim1"/> (a contiguous copy; negative values count from the end).
    /// ∂/∂x = g with the same dimensions swapped back.
    /// </summary>
    /// <remarks>As <c>torch.transpose</c>, except that the result is a copy, not a strided view.</remarks>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is out of range.</exception>
    public Tensor Transpose(int dim0, int dim1)
    {
        int a = ResolveAxis(dim0, "transpose"), b = ResolveAxis(dim1, "transpose");
        if (Rank == 0 || a == b)
        {
            return this;
        }

        var perm = Enumerable.Range(0, Rank).ToArray();
        (perm[a], perm[b]) = (perm[b], perm[a]);
        return PermuteResolved(perm, "transpose");
    }

    /// <summary>The transpose of a matrix (rank 2); a vector or scalar is returned unchanged, as torch's <c>.T</c> does.</summary>
    /// <exception cref="InvalidOperationException">The tensor has rank above 2 (use <see cref="Permute"/> or <see cref="MT"/>).</exception>
    public Tensor T => Rank switch
    {
        < 2 => this,
        2 => Transpose(0, 1),
        _ => throw new InvalidOperationException($".T is defined for tensors of rank 2 or less, this one has shape {Shape}; use Transpose(-2, -1) or MT to transpose the last two dimensions, or Permute to reverse them"),
    };

    /// <summary>Transposes the last two dimensions (a batch of matrices), as torch's <c>.mT</c>.</summary>
    /// <exception cref="InvalidOperationException">The tensor has rank below 2.</exception>
    public Tensor MT => Rank >= 2 ? Transpose(-2, -1)
        : throw new InvalidOperationException($".MT needs a tensor of rank 2 or more, this one has shape {Shape}");

    /// <summary>
    /// Joins tensors along an existing dimension <paramref name="dim"/>; all must have the same dtype, the same rank and equal
    /// sizes in every other dimension. ∂/∂xᵢ = the slice of g that xᵢ occupies.
    /// </summary>
    /// <remarks>As <c>torch.cat</c>; negative dims count from the end.</remarks>
    /// <exception cref="ArgumentException">The list is empty, or the shapes or dtypes disagree (the message names both shapes).</exception>
    public static Tensor Concat(IReadOnlyList<Tensor> tensors, int dim = 0)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (tensors.Count == 0)
        {
            throw new ArgumentException("concat: needs at least one tensor", nameof(tensors));
        }

        var first = tensors[0] ?? throw new ArgumentNullException(nameof(tensors), "concat: tensor 0 is null");
        if (first.Rank == 0)
        {
            throw new ArgumentException("concat: zero-dimensional tensor 0 cannot be concatenated; use Stack, or Reshape(1) first", nameof(tensors));
        }

        int axis = first.ResolveAxis(dim, "concat");
        var dims = first.Shape.ToArray();
        var sizes = new int[tensors.Count];
        int total = 0;
        for (int i = 0; i < tensors.Count; i++)
        {
            var t = tensors[i] ?? throw new ArgumentNullException(nameof(tensors), $"concat: tensor {i} is null");
            if (t.DType != first.DType)
            {
                throw new ArgumentException($"concat: tensor {i} is {t.DType.Name()} but tensor 0 is {first.DType.Name()}; convert with .To(DType.{first.DType})", nameof(tensors));
            }

            bool same = t.Rank == first.Rank;
            for (int d = 0; same && d < t.Rank; d++)
            {
                same = d == axis || t.Shape.Dims[d] == dims[d];
            }

            if (!same)
            {
                throw new ArgumentException($"concat: tensor {i} has shape {t.Shape} but tensor 0 has shape {first.Shape}; all sizes must match except in dimension {axis}", nameof(tensors));
            }

            sizes[i] = t.Shape.Dims[axis];
            total += sizes[i];
        }

        dims[axis] = total;
        var inputs = tensors.ToArray();
        var r = Empty(new Shape(dims), first.DType);
        IndexKernels.Concat(inputs.Select(t => t.Detach()).ToArray(), axis, r);
        return Autograd.Record(r, "concat", inputs, g =>
        {
            var grads = new Tensor?[inputs.Length];
            int offset = 0;
            for (int i = 0; i < inputs.Length; i++)
            {
                grads[i] = inputs[i].RequiresGrad ? g.Narrow(axis, offset, sizes[i]) : null;
                offset += sizes[i];
            }

            return grads;
        });
    }

    /// <summary>
    /// Joins tensors of identical shape along a new dimension <paramref name="dim"/> (0..rank; negative values count from the
    /// end of the result's rank). ∂/∂xᵢ = the i-th slice of g along that dimension.
    /// </summary>
    /// <remarks>As <c>torch.stack</c>: each tensor is unsqueezed at <paramref name="dim"/> (a view), then concatenated.</remarks>
    /// <exception cref="ArgumentException">The list is empty, or the shapes or dtypes differ.</exception>
    public static Tensor Stack(IReadOnlyList<Tensor> tensors, int dim = 0)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (tensors.Count == 0)
        {
            throw new ArgumentException("stack: needs at least one tensor", nameof(tensors));
        }

        var first = tensors[0] ?? throw new ArgumentNullException(nameof(tensors), "stack: tensor 0 is null");
        int rank = first.Rank + 1;
        int axis = dim < 0 ? dim + rank : dim;
        if (axis < 0 || axis >= rank)
        {
            throw new ArgumentOutOfRangeException(nameof(dim), $"stack: dimension {dim} is out of range for stacking tensors of shape {first.Shape} (expected {-rank}..{rank - 1})");
        }

        for (int i = 1; i < tensors.Count; i++)
        {
            var t = tensors[i] ?? throw new ArgumentNullException(nameof(tensors), $"stack: tensor {i} is null");
            if (t.Shape != first.Shape)
            {
                throw new ArgumentException($"stack: tensor {i} has shape {t.Shape} but tensor 0 has shape {first.Shape}; stacked tensors must have equal shapes", nameof(tensors));
            }
        }

        return Concat(tensors.Select(t => t.Unsqueeze(axis)).ToArray(), axis);
    }

    /// <summary>
    /// Splits into consecutive pieces of <paramref name="splitSize"/> along <paramref name="dim"/> (the last may be smaller), as
    /// <c>torch.split(x, int)</c>. Each piece is a <see cref="Narrow"/> (a view where the slice is contiguous).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="splitSize"/> is not positive, or the dimension is out of range.</exception>
    public Tensor[] Split(int splitSize, int dim = 0)
    {
        int a = RequireDimForSplit(dim, "split");
        if (splitSize <= 0)
        {
            throw new ArgumentException($"split: split size must be positive, got {splitSize}", nameof(splitSize));
        }

        int n = Shape.Dims[a];
        var sizes = new List<int>();
        for (int s = 0; s < n; s += splitSize)
        {
            sizes.Add(Math.Min(splitSize, n - s));
        }

        if (sizes.Count == 0)
        {
            sizes.Add(0);
        }

        return SplitSizes([.. sizes], a);
    }

    /// <summary>
    /// Splits into pieces of the given <paramref name="sizes"/> along <paramref name="dim"/>, which must add up to that
    /// dimension's size (as <c>torch.split(x, list)</c>).
    /// </summary>
    /// <exception cref="ArgumentException">A size is negative or the sizes do not add up.</exception>
    public Tensor[] Split(int[] sizes, int dim = 0)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        int a = RequireDimForSplit(dim, "split");
        int n = Shape.Dims[a];
        if (sizes.Any(s => s < 0) || sizes.Sum() != n)
        {
            throw new ArgumentException($"split: sizes {Shape.Format(sizes)} must be non-negative and add up to {n}, the size of dimension {dim} of shape {Shape}", nameof(sizes));
        }

        return SplitSizes(sizes, a);
    }

    /// <summary>
    /// Splits into <paramref name="chunks"/> pieces of ⌈n/chunks⌉ along <paramref name="dim"/> (fewer pieces when that size
    /// divides n into fewer), as <c>torch.chunk</c>.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="chunks"/> is not positive.</exception>
    public Tensor[] Chunk(int chunks, int dim = 0)
    {
        if (chunks <= 0)
        {
            throw new ArgumentException($"chunk: the number of chunks must be positive, got {chunks}", nameof(chunks));
        }

        int a = RequireDimForSplit(dim, "chunk");
        int n = Shape.Dims[a];
        return Split(Math.Max(1, (n + chunks - 1) / chunks), a);
    }

    private Tensor[] SplitSizes(int[] sizes, int axis)
    {
        var r = new Tensor[sizes.Length];
        int offset = 0;
        for (int i = 0; i < sizes.Length; i++)
        {
            r[i] = Narrow(axis, offset, sizes[i]);
            offset += sizes[i];
        }

        return r;
    }

    private int RequireDimForSplit(int dim, string op)
    {
        if (Rank == 0)
        {
            throw new ArgumentException($"{op}: a zero-dimensional tensor cannot be split; Reshape(1) it first");
        }

        return ResolveAxis(dim, op);
    }

    private Tensor PermuteResolved(int[] perm, string op)
    {
        bool identity = true;
        for (int i = 0; i < perm.Length; i++)
        {
            identity &= perm[i] == i;
        }

        if (identity)
        {
            return this;
        }

        var r = PermuteKernel.Run(Detach(), perm);
        var inverse = new int[perm.Length];
        for (int i = 0; i < perm.Length; i++)
        {
            inverse[perm[i]] = i;
        }

        return Autograd.Record(r, op, [this], g => [g.PermuteResolved(inverse, op)]);
    }
}
