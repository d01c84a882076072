using System.Numerics;
using System.Runtime.CompilerServices;

namespace Descent.Kernels;

/// <summary>
/// The matrix-vector cases of GEMM (m = 1 or n = 1). They are memory-bound, so instead of packing (which would copy the matrix
/// and waste most of a register tile) they stream the matrix once: as dot products with a vector when the matrix's rows run
/// along the depth, or as a sum of scaled rows (axpy) when they run along the output.
/// </summary>
/// <remarks>
/// Each output element is accumulated in a fixed order whatever the split over threads: a dot product belongs to one part,
/// and an axpy part owns whole output columns and walks the depth in order. Every multiply-add is fused.
/// </remarks>
internal static unsafe class GemmVector
{
    /// <summary>Matrix elements per part below which the work is not split (memory-bound: about 128 KiB of floats).</summary>
    private const long Grain = 32 * 1024;

    /// <summary>Output columns an axpy pass updates at once (kept in L1 while the rows stream past).</summary>
    private const int AxpyChunk = 2048;

    /// <summary>C = alpha·op(A)·op(B) + beta·C where m = 1 or n = 1 (k &gt; 0, alpha ≠ 0).</summary>
    public static void Run<T>(bool transA, bool transB, int m, int n, int k, T alpha, T* a, nint lda, T* b, nint ldb, T beta, T* c, nint ldc, int maxParts)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        // Reduce both cases to: out[r] (r < count, stride outStride) = alpha · Σ_p x[p]·M(p, r) + beta · out[r], where the matrix
        // M is given either by rows over depth (dot form) or by rows over outputs (axpy form).
        T* x;
        nint xStride;
        T* matrix;
        nint ld;
        bool dotForm;
        int count;
        nint outStride;
        if (n == 1)
        {
            // c[i] = Σ_p op(A)[i, p] · op(B)[p, 0].
            x = b;
            xStride = transB ? 1 : ldb;
            matrix = a;
            ld = lda;
            dotForm = !transA;
            count = m;
            outStride = ldc;
        }
        else
        {
            // c[j] = Σ_p op(A)[0, p] · op(B)[p, j].
            x = a;
            xStride = transA ? lda : 1;
            matrix = b;
            ld = ldb;
            dotForm = transB;
            count = n;
            outStride = 1;
        }

        var shared = GemmBuffer.Shared;
        if (xStride != 1 && k > 1)
        {
            T* packed = shared.Get<T>(k);
            for (int p = 0; p < k; p++)
            {
                packed[p] = x[p * xStride];
            }

            x = packed;
        }

        int parts = Parts((long)count * k, maxParts);
        var job = new Job<T>(x, matrix, ld, k, count, c, outStride, alpha, beta, parts);
        Action<int> body = dotForm ? job.Part : job.AxpyPart;
        if (parts == 1)
        {
            body(0);
        }
        else
        {
            Parallelism.ForParts(parts, body);
        }
    }

    /// <summary>The number of parts for a matrix of <paramref name="elements"/> elements: one per <see cref="Grain"/>, at most <paramref name="maxParts"/>.</summary>
    public static int Parts(long elements, int maxParts) => (int)Math.Clamp(elements / Grain, 1, Math.Max(1, maxParts));

    /// <summary>One split of a matrix-vector product, run by each part on its own range of outputs.</summary>
    private sealed class Job<T>(T* x, T* matrix, nint ld, int k, int count, T* output, nint outStride, T alpha, T beta, int parts)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        /// <summary>Dot form: out[r] = alpha · dot(row r of the matrix, x) + beta · out[r].</summary>
        public void Part(int part)
        {
            var (r0, r1) = Range(part, 1);
            for (int r = r0; r < r1; r++)
            {
                Finish(ref output[r * outStride], Dot(matrix + (r * ld), x, k));
            }
        }

        /// <summary>Axpy form: y = Σ_p x[p] · row p of the matrix over this part's outputs, chunk by chunk.</summary>
        public void AxpyPart(int part)
        {
            var (r0, r1) = Range(part, Vector<T>.Count);
            T* y = stackalloc T[AxpyChunk];
            for (int c0 = r0; c0 < r1; c0 += AxpyChunk)
            {
                int width = Math.Min(AxpyChunk, r1 - c0);
                new Span<T>(y, width).Clear();
                for (int p = 0; p < k; p++)
                {
                    Axpy(x[p], matrix + (p * ld) + c0, y, width);
                }

                for (int j = 0; j < width; j++)
                {
                    Finish(ref output[(c0 + j) * outStride], y[j]);
                }
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void Finish(ref T target, T sum) => target = beta == T.Zero ? alpha * sum : T.FusedMultiplyAdd(alpha, sum, beta * target);

        private (int Start, int End) Range(int part, int align)
        {
            // Boundaries on multiples of the vector width keep every output in the same position within its vector.
            int units = (count + align - 1) / align;
            return ((int)((long)units * part / parts) * align, Math.Min(count, (int)((long)units * (part + 1) / parts) * align));
        }
    }

    /// <summary>Σ a[p]·b[p] with four vector accumulators, combined in a fixed order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static T Dot<T>(T* a, T* b, int k)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int w = Vector<T>.Count, p = 0;
        var s0 = Vector<T>.Zero;
        var s1 = Vector<T>.Zero;
        var s2 = Vector<T>.Zero;
        var s3 = Vector<T>.Zero;
        for (; p + (4 * w) <= k; p += 4 * w)
        {
            s0 = Fma(Vector.Load(a + p), Vector.Load(b + p), s0);
            s1 = Fma(Vector.Load(a + p + w), Vector.Load(b + p + w), s1);
            s2 = Fma(Vector.Load(a + p + (2 * w)), Vector.Load(b + p + (2 * w)), s2);
            s3 = Fma(Vector.Load(a + p + (3 * w)), Vector.Load(b + p + (3 * w)), s3);
        }

        for (; p + w <= k; p += w)
        {
            s0 = Fma(Vector.Load(a + p), Vector.Load(b + p), s0);
        }

        T sum = Vector.Sum((s0 + s1) + (s2 + s3));
        for (; p < k; p++)
        {
            sum = T.FusedMultiplyAdd(a[p], b[p], sum);
        }

        return sum;
    }

    /// <summary>y[j] += s·row[j] for j &lt; width.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Axpy<T>(T s, T* row, T* y, int width)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int w = Vector<T>.Count, j = 0;
        var vs = new Vector<T>(s);
        for (; j + w <= width; j += w)
        {
            Fma(vs, Vector.Load(row + j), Vector.Load(y + j)).Store(y + j);
        }

        for (; j < width; j++)
        {
            y[j] = T.FusedMultiplyAdd(s, row[j], y[j]);
        }
    }

    /// <summary>Exactly fused a·b + c (software-emulated where the hardware lacks FMA, so it always matches the scalar tail).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<T> Fma<T>(Vector<T> a, Vector<T> b, Vector<T> c)
        where T : unmanaged
    {
        if (typeof(T) == typeof(float))
        {
            return Vector.As<float, T>(Vector.FusedMultiplyAdd(Vector.AsVectorSingle(a), Vector.AsVectorSingle(b), Vector.AsVectorSingle(c)));
        }

        return Vector.As<double, T>(Vector.FusedMultiplyAdd(Vector.AsVectorDouble(a), Vector.AsVectorDouble(b), Vector.AsVectorDouble(c)));
    }
}
