using System.Numerics;
using Descent.Kernels;

namespace Descent;

public sealed partial class Tensor
{
    /// <summary>
    /// The matrix product <c>op(a) · op(b)</c> with <c>torch.matmul</c> semantics, where <c>op</c> transposes the last two
    /// dimensions when its flag is set (read in place, never copied):
    /// 2-D × 2-D is a matrix product; a 1-D <paramref name="a"/> is a row vector and a 1-D <paramref name="b"/> a column vector,
    /// whose added dimension is removed from the result (1-D × 1-D is the dot product, a scalar); operands of rank ≥ 3 are stacks
    /// of matrices whose leading (batch) dimensions broadcast under NumPy rules (<c>[B, M, K] @ [K, N]</c> gives <c>[B, M, N]</c>).
    /// For C = A·B: ∂/∂A = g·Bᵀ and ∂/∂B = Aᵀ·g, computed as products with transpose flags (so double backward works), summed
    /// over broadcast batch dimensions.
    /// </summary>
    /// <param name="a">The left operand (rank ≥ 1).</param>
    /// <param name="b">The right operand (rank ≥ 1), of the same dtype.</param>
    /// <param name="transposeA">Use the transpose of <paramref name="a"/>'s last two dimensions (needs rank ≥ 2).</param>
    /// <param name="transposeB">Use the transpose of <paramref name="b"/>'s last two dimensions (needs rank ≥ 2).</param>
    /// <remarks>
    /// Forward and backward run on <see cref="Gemm"/>, a packed, cache-blocked, multi-threaded SIMD kernel. Batched products
    /// with a 2-D right operand are folded into one large product; other stacks of small matrices are spread over threads by
    /// batch. Results are deterministic for any thread count. Divergence from PyTorch: none in values; the transpose flags
    /// are an addition (PyTorch spells them <c>a.mT</c>, which there is a view and here would be a copy).
    /// </remarks>
    /// <exception cref="ArgumentException">An operand is a scalar, a transpose flag is set on a 1-D operand, the inner
    /// dimensions differ (<c>matmul: inner dimensions differ ([2, 3] @ [4, 5])</c>), the batch dimensions do not broadcast,
    /// or the dtypes differ.</exception>
    public static Tensor MatMul(Tensor a, Tensor b, bool transposeA = false, bool transposeB = false)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        RequireSameDType(a, b, "matmul");
        if (a.Rank == 0 || b.Rank == 0)
        {
            throw new ArgumentException($"matmul: both operands need at least one dimension, got shapes {a.Shape} and {b.Shape}; use * to scale by a scalar");
        }

        if ((transposeA && a.Rank < 2) || (transposeB && b.Rank < 2))
        {
            var (name, shape) = transposeA && a.Rank < 2 ? ("transposeA", a.Shape) : ("transposeB", b.Shape);
            throw new ArgumentException($"matmul: {name} needs an operand with at least 2 dimensions, got shape {shape}; a vector's orientation is implied by its side");
        }

        int ka = transposeA ? a.Shape[-2] : a.Shape[-1];
        int kb = b.Rank == 1 ? b.Shape[0] : transposeB ? b.Shape[-1] : b.Shape[-2];
        if (ka != kb)
        {
            string flags = (transposeA ? " with transposeA" : "") + (transposeB ? (transposeA ? " and transposeB" : " with transposeB") : "");
            throw new ArgumentException($"matmul: inner dimensions differ ({a.Shape} @ {b.Shape})" + (flags.Length > 0 ? $"{flags} ({ka} vs {kb})" : ""));
        }

        if (a.Rank == 1 && b.Rank == 1)
        {
            return MatMul(a.Reshape(1, ka), b.Reshape(ka, 1)).Reshape();
        }

        if (a.Rank == 1)
        {
            return MatMul(a.Unsqueeze(0), b, false, transposeB).Squeeze(-2);
        }

        if (b.Rank == 1)
        {
            return MatMul(a, b.Unsqueeze(1), transposeA, false).Squeeze(-1);
        }

        if (a.Rank > 2 && b.Rank == 2 && !transposeA)
        {
            // A stack times one matrix is one tall product: [..., M, K] viewed as [(...·M), K]. Both views are free and
            // differentiable, so the backward pass is one large product too.
            var dims = a.Shape.ToArray();
            var flat = MatMul(a.Reshape(-1, ka), b, false, transposeB);
            dims[^1] = flat.Shape[1];
            return flat.Reshape(dims);
        }

        return MatMulCore(a, b, transposeA, transposeB);
    }

    /// <summary>The matrix product <c>this · other</c>; see <see cref="MatMul(Tensor, Tensor, bool, bool)"/>.</summary>
    /// <param name="other">The right operand.</param>
    /// <param name="transposeA">Use the transpose of this tensor's last two dimensions.</param>
    /// <param name="transposeB">Use the transpose of <paramref name="other"/>'s last two dimensions.</param>
    public Tensor MatMul(Tensor other, bool transposeA = false, bool transposeB = false) => MatMul(this, other, transposeA, transposeB);

    /// <summary>Both operands have rank ≥ 2 and matching inner dimensions: the batched product and its backward rule.</summary>
    private static Tensor MatMulCore(Tensor a, Tensor b, bool transposeA, bool transposeB)
    {
        var aBatch = new Shape(a.Shape.AsSpan()[..^2]);
        var bBatch = new Shape(b.Shape.AsSpan()[..^2]);
        Shape batch;
        try
        {
            batch = Shape.Broadcast(aBatch, bBatch);
        }
        catch (ArgumentException)
        {
            throw new ArgumentException($"matmul: batch dimensions {aBatch} and {bBatch} do not broadcast ({a.Shape} @ {b.Shape})");
        }

        int m = transposeA ? a.Shape[-1] : a.Shape[-2];
        int n = transposeB ? b.Shape[-2] : b.Shape[-1];
        var outDims = new int[batch.Rank + 2];
        batch.AsSpan().CopyTo(outDims);
        outDims[^2] = m;
        outDims[^1] = n;
        var r = Empty(new Shape(outDims), a.DType);
        if (a.DType == DType.Float32)
        {
            MatMulForward<float>(a, b, r, batch, transposeA, transposeB);
        }
        else
        {
            MatMulForward<double>(a, b, r, batch, transposeA, transposeB);
        }

        return Autograd.Record(r, "matmul", [a, b], g =>
        [
            !a.RequiresGrad ? null
                : transposeA ? MatMul(b, g, transposeB, true) // Aᵀ = op(B)·gᵀ
                : MatMul(g, b, false, !transposeB), // A = g·op(B)ᵀ
            !b.RequiresGrad ? null
                : transposeB ? MatMul(g, a, true, transposeA) // Bᵀ = gᵀ·op(A)
                : MatMul(a, g, !transposeA, false), // B = op(A)ᵀ·g
        ]);
    }

    private static void MatMulForward<T>(Tensor a, Tensor b, Tensor r, Shape batch, bool transposeA, bool transposeB)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int m = r.Shape[-2], n = r.Shape[-1];
        int k = transposeA ? a.Shape[-2] : a.Shape[-1];
        int lda = Math.Max(1, a.Shape[-1]), ldb = Math.Max(1, b.Shape[-1]);
        int aSize = a.Shape[-2] * a.Shape[-1], bSize = b.Shape[-2] * b.Shape[-1], cSize = m * n;
        int count = batch.Numel;
        if (count == 0 || cSize == 0)
        {
            return;
        }

        var aArray = a.Array<T>();
        var bArray = b.Array<T>();
        var cArray = r.Array<T>();
        int aBase = a.Offset, bBase = b.Offset, cBase = r.Offset;
        if (count == 1)
        {
            Gemm.Multiply(transposeA, transposeB, m, n, k, T.One, aArray.AsSpan(aBase, aSize), lda, bArray.AsSpan(bBase, bSize), ldb,
                T.Zero, cArray.AsSpan(cBase, cSize), n, GemmKernelKind.Auto, 0);
            return;
        }

        var aIndex = BatchIndexer(a.Shape, batch);
        var bIndex = BatchIndexer(b.Shape, batch);
        long flops = 2L * m * n * k;
        if (flops >= Gemm.SerialFlops)
        {
            // Each product is big enough to use every thread by itself.
            for (int i = 0; i < count; i++)
            {
                Gemm.Multiply(transposeA, transposeB, m, n, k, T.One, aArray.AsSpan(aBase + (aIndex(i) * aSize), aSize), lda,
                    bArray.AsSpan(bBase + (bIndex(i) * bSize), bSize), ldb, T.Zero, cArray.AsSpan(cBase + (i * cSize), cSize), n, GemmKernelKind.Auto, 0);
            }

            return;
        }

        // Small products: spread whole matrices over threads, each computed serially (the same arithmetic either way).
        int grain = (int)Math.Max(1, Gemm.SerialFlops / 2 / Math.Max(1, flops));
        Parallelism.For(count, grain, (start, end) =>
        {
            for (int i = start; i < end; i++)
            {
                Gemm.Multiply(transposeA, transposeB, m, n, k, T.One, aArray.AsSpan(aBase + (aIndex(i) * aSize), aSize), lda,
                    bArray.AsSpan(bBase + (bIndex(i) * bSize), bSize), ldb, T.Zero, cArray.AsSpan(cBase + (i * cSize), cSize), n, GemmKernelKind.Auto, 1);
            }
        });
    }

    /// <summary>Maps a flat index over the broadcast batch shape to the index of the matrix in an operand's own batch.</summary>
    private static Func<int, int> BatchIndexer(Shape operand, Shape batch)
    {
        int rank = batch.Rank, own = operand.Rank - 2;
        if (own == rank && operand.AsSpan()[..own].SequenceEqual(batch.AsSpan()))
        {
            return i => i;
        }

        // Row-major strides of the operand's batch dimensions, zero where it broadcasts (size 1 or missing).
        var strides = new int[rank];
        int acc = 1;
        for (int d = rank - 1; d >= 0; d--)
        {
            int od = d - (rank - own);
            int size = od >= 0 ? operand.Dims[od] : 1;
            strides[d] = size == 1 ? 0 : acc;
            acc *= size;
        }

        var dims = batch.Dims;
        return i =>
        {
            int index = 0;
            for (int d = rank - 1; d >= 0; d--)
            {
                int coordinate = i % dims[d];
                i /= dims[d];
                index += coordinate * strides[d];
            }

            return index;
        };
    }
}
