using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Descent.Kernels;

/// <summary>The micro-kernel family a GEMM call uses.</summary>
internal enum GemmKernelKind
{
    /// <summary>The fastest the hardware supports, chosen once at start-up.</summary>
    Auto,

    /// <summary>Vector512 (AVX-512): the wide or the tall tile, whichever pads C less for the call's shape.</summary>
    Avx512,

    /// <summary>Vector512, 4 rows × 4 vectors (4×64 floats).</summary>
    Avx512Wide,

    /// <summary>Vector512, 16 rows × 1 vector (16×16 floats).</summary>
    Avx512Tall,

    /// <summary>Vector256 with FMA (AVX2): 6 rows × 2 vectors, fitting the 16 ymm registers.</summary>
    Avx2,

    /// <summary><see cref="Vector{T}"/>: 4 rows × 2 vectors, for any hardware.</summary>
    Portable,
}

/// <summary>
/// General matrix multiply, <c>C = alpha·op(A)·op(B) + beta·C</c>, for row-major float and double matrices, as BLAS
/// <c>sgemm</c>/<c>dgemm</c> with row-major storage. <c>op(X)</c> is X or its transpose, chosen by flag: transposes are read in
/// place while packing and never materialised.
/// </summary>
/// <remarks>
/// <para>Implementation: the Goto/BLIS algorithm (K. Goto, R. van de Geijn, "Anatomy of High-Performance Matrix Multiplication",
/// ACM TOMS 34(3), 2008): cache blocking, packing into aligned per-thread buffers that are reused across calls, and a
/// register-blocked micro-kernel (Vector512, Vector256+FMA or <see cref="Vector{T}"/>, chosen once at start-up). Work above about
/// 2 MFLOP is split over <see cref="Parallelism"/>; below that it runs on the calling thread. Matrix-vector shapes (m = 1 or
/// n = 1) skip packing and stream the matrix once.</para>
/// <para>Results are deterministic: every element of C is accumulated in the same order whatever the thread count.
/// As in BLAS, C is not read when beta is 0 (NaNs in C do not propagate), and A and B are not read when alpha is 0 or k is 0.</para>
/// </remarks>
public static unsafe class Gemm
{
    /// <summary>Below this many floating-point operations (2·m·n·k) a call runs on one thread.</summary>
    internal const long SerialFlops = 2_000_000;

    /// <summary>
    /// Products with at most this many multiply-adds (m·n·k, e.g. 8×16×16) skip packing: a plain loop finishes before the packed
    /// path has set up (measured: a 2×2 product took 200 ns packed).
    /// </summary>
    internal const long SmallProduct = 2048;

    /// <summary>The micro-kernel family picked for this machine.</summary>
    internal static readonly GemmKernelKind Best =
        Vector512.IsHardwareAccelerated ? GemmKernelKind.Avx512
        : Avx2.IsSupported && Fma.IsSupported ? GemmKernelKind.Avx2
        : GemmKernelKind.Portable;

    /// <summary>
    /// The micro-kernel a product of this shape uses on this machine, for benchmark reports: for example <c>avx512 4x64</c>
    /// (a tile of 4 rows by 64 columns of C).
    /// </summary>
    public static string KernelName(DType dtype, int m, int n)
    {
        if (m == 1 || n == 1)
        {
            return "matrix-vector";
        }

        int lanes512 = dtype == DType.Float32 ? 16 : 8, lanes256 = lanes512 / 2;
        return Resolve(Best, m, n, lanes512) switch
        {
            GemmKernelKind.Avx512Wide => $"avx512 4x{4 * lanes512}",
            GemmKernelKind.Avx512Tall => $"avx512 16x{lanes512}",
            GemmKernelKind.Avx2 => $"avx2 6x{2 * lanes256}",
            _ => $"portable 4x{2 * (dtype == DType.Float32 ? Vector<float>.Count : Vector<double>.Count)}",
        };
    }

    /// <summary>
    /// C = alpha·op(A)·op(B) + beta·C for float32, where op(A) is m×k, op(B) is k×n and C is m×n, all row-major with leading
    /// dimensions (row strides) <paramref name="lda"/>, <paramref name="ldb"/>, <paramref name="ldc"/>.
    /// </summary>
    /// <param name="transposeA">Use Aᵀ: A is stored k×m.</param>
    /// <param name="transposeB">Use Bᵀ: B is stored n×k.</param>
    /// <param name="m">Rows of op(A) and C.</param>
    /// <param name="n">Columns of op(B) and C.</param>
    /// <param name="k">Columns of op(A), rows of op(B).</param>
    /// <param name="alpha">Scale of the product.</param>
    /// <param name="a">A's storage.</param>
    /// <param name="lda">Row stride of A as stored (≥ its column count).</param>
    /// <param name="b">B's storage.</param>
    /// <param name="ldb">Row stride of B as stored.</param>
    /// <param name="beta">Scale of C's old value (0: C is overwritten without being read).</param>
    /// <param name="c">C's storage; must not overlap A or B.</param>
    /// <param name="ldc">Row stride of C (≥ n).</param>
    /// <exception cref="ArgumentException">A dimension is negative, a leading dimension is too small, a span is too short for
    /// its matrix, or C overlaps A or B.</exception>
    public static void Multiply(bool transposeA, bool transposeB, int m, int n, int k, float alpha, ReadOnlySpan<float> a, int lda,
        ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc) =>
        Multiply<float>(transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, GemmKernelKind.Auto, 0);

    /// <summary>
    /// C = alpha·op(A)·op(B) + beta·C for float64; see the float overload for the parameters.
    /// </summary>
    /// <param name="transposeA">Use Aᵀ: A is stored k×m.</param>
    /// <param name="transposeB">Use Bᵀ: B is stored n×k.</param>
    /// <param name="m">Rows of op(A) and C.</param>
    /// <param name="n">Columns of op(B) and C.</param>
    /// <param name="k">Columns of op(A), rows of op(B).</param>
    /// <param name="alpha">Scale of the product.</param>
    /// <param name="a">A's storage.</param>
    /// <param name="lda">Row stride of A as stored (≥ its column count).</param>
    /// <param name="b">B's storage.</param>
    /// <param name="ldb">Row stride of B as stored.</param>
    /// <param name="beta">Scale of C's old value (0: C is overwritten without being read).</param>
    /// <param name="c">C's storage; must not overlap A or B.</param>
    /// <param name="ldc">Row stride of C (≥ n).</param>
    /// <exception cref="ArgumentException">A dimension is negative, a leading dimension is too small, a span is too short for
    /// its matrix, or C overlaps A or B.</exception>
    public static void Multiply(bool transposeA, bool transposeB, int m, int n, int k, double alpha, ReadOnlySpan<double> a, int lda,
        ReadOnlySpan<double> b, int ldb, double beta, Span<double> c, int ldc) =>
        Multiply<double>(transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, GemmKernelKind.Auto, 0);

    /// <summary>
    /// The generic entry point: <paramref name="kind"/> forces a micro-kernel family (tests run every family on one machine) and
    /// <paramref name="parts"/> the number of parallel parts (0: decided from the FLOP count and <see cref="Parallelism.Threads"/>).
    /// </summary>
    internal static void Multiply<T>(bool transposeA, bool transposeB, int m, int n, int k, T alpha, ReadOnlySpan<T> a, int lda,
        ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc, GemmKernelKind kind, int parts, GemmBlocking? blocking = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Validate(transposeA, transposeB, m, n, k, a, lda, b, ldb, c, ldc);
        if (m == 0 || n == 0)
        {
            return;
        }

        if (k == 0 || alpha == T.Zero)
        {
            Scale(c, m, n, ldc, beta);
            return;
        }

        if ((long)m * n * k <= SmallProduct)
        {
            fixed (T* pa = a, pb = b, pc = c)
            {
                MultiplySmall(transposeA, transposeB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
            }

            return;
        }

        if (m == 1 || n == 1)
        {
            fixed (T* pa = a, pb = b, pc = c)
            {
                GemmVector.Run(transposeA, transposeB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc, parts <= 0 ? Parallelism.Threads : parts);
            }

            return;
        }

        if (parts <= 0)
        {
            parts = PlannedThreads(m, n, k);
        }

        kind = Resolve(kind == GemmKernelKind.Auto ? Best : kind, m, n, Vector512<T>.Count);
        var block = blocking ?? DefaultBlocking<T>(kind);
        fixed (T* pa = a, pb = b, pc = c)
        {
            switch (kind)
            {
                case GemmKernelKind.Avx512Wide:
                    GemmDriver<T, Gemm512x4x4<T>>.Run(transposeA, transposeB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc, block, parts);
                    break;
                case GemmKernelKind.Avx512Tall:
                    GemmDriver<T, Gemm512x16x1<T>>.Run(transposeA, transposeB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc, block, parts);
                    break;
                case GemmKernelKind.Avx2:
                    GemmDriver<T, Gemm256x6x2<T>>.Run(transposeA, transposeB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc, block, parts);
                    break;
                default:
                    GemmDriver<T, GemmPortable4x2<T>>.Run(transposeA, transposeB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc, block, parts);
                    break;
            }
        }
    }

    /// <summary>
    /// How many threads a product of this shape runs on with the current <see cref="Parallelism.Threads"/> (benchmarks use it
    /// to check that every thread they expect was actually running).
    /// </summary>
    internal static int PlannedThreads(int m, int n, int k)
    {
        long work = (long)m * n * k;
        if (m <= 0 || n <= 0 || k <= 0 || work <= SmallProduct)
        {
            return 1;
        }

        if (m == 1 || n == 1)
        {
            return GemmVector.Parts(work, Parallelism.Threads);
        }

        return 2 * work < SerialFlops ? 1 : (int)Math.Min(Parallelism.Threads, 2 * work / (SerialFlops / 2));
    }

    /// <summary>
    /// Picks between the two AVX-512 tiles: the wide one (4 × 4 vectors) unless the tall one (16 × 1 vector) pads C to a smaller
    /// area. They run at the same speed on unpadded shapes on Zen 4, but n = 784 (MNIST) would waste 6% of the wide tile's work.
    /// The choice depends on the shape only, so results stay independent of the thread count.
    /// </summary>
    private static GemmKernelKind Resolve(GemmKernelKind kind, int m, int n, int lanes)
    {
        if (kind != GemmKernelKind.Avx512)
        {
            return kind;
        }

        static long Padded(int x, int tile) => (x + tile - 1) / tile * (long)tile;
        return Padded(m, 4) * Padded(n, 4 * lanes) <= Padded(m, 16) * Padded(n, lanes) ? GemmKernelKind.Avx512Wide : GemmKernelKind.Avx512Tall;
    }

    /// <summary>The cache blocking for an element type and kernel family (tuned on Zen 4: 32 KiB L1d, 1 MiB L2 per core).</summary>
    internal static GemmBlocking DefaultBlocking<T>(GemmKernelKind kind)
        where T : unmanaged
    {
        bool single = typeof(T) == typeof(float);
        return single ? new GemmBlocking(MC: 192, KC: 384, NC: 4096) : new GemmBlocking(MC: 96, KC: 384, NC: 2048);
    }

    /// <summary>
    /// The unblocked product for tiny shapes. Every element is a fused sum in depth order, <c>s = fma(a_ip, b_pj, s)</c> for
    /// p = 0, 1, …; independent elements are interleaved so their multiply-adds overlap instead of waiting on one another.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MultiplySmall<T>(bool transA, bool transB, int m, int n, int k, T alpha, T* a, nint lda, T* b, nint ldb, T beta, T* c, nint ldc)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        nint aRow = transA ? 1 : lda, aStep = transA ? lda : 1;
        T* sums = stackalloc T[n];
        for (int i = 0; i < m; i++)
        {
            T* ap = a + (i * aRow);
            if (!transB)
            {
                // Rows of B are contiguous: accumulate a whole row of C at once, vectorised across j.
                new Span<T>(sums, n).Clear();
                for (int p = 0; p < k; p++)
                {
                    T aip = ap[p * aStep];
                    T* bp = b + (p * ldb);
                    int j = 0;
                    if (Vector.IsHardwareAccelerated)
                    {
                        var va = new Vector<T>(aip);
                        for (; j + Vector<T>.Count <= n; j += Vector<T>.Count)
                        {
                            FusedMultiplyAdd(va, Vector.Load(bp + j), Vector.Load(sums + j)).Store(sums + j);
                        }
                    }

                    for (; j < n; j++)
                    {
                        sums[j] = T.FusedMultiplyAdd(aip, bp[j], sums[j]);
                    }
                }
            }
            else
            {
                // Columns of op(B) are rows of B: four dot products at a time, each summed in order.
                int j = 0;
                for (; j + 4 <= n; j += 4)
                {
                    T* b0 = b + (j * ldb);
                    T s0 = T.Zero, s1 = T.Zero, s2 = T.Zero, s3 = T.Zero;
                    for (int p = 0; p < k; p++)
                    {
                        T aip = ap[p * aStep];
                        s0 = T.FusedMultiplyAdd(aip, b0[p], s0);
                        s1 = T.FusedMultiplyAdd(aip, b0[ldb + p], s1);
                        s2 = T.FusedMultiplyAdd(aip, b0[(2 * ldb) + p], s2);
                        s3 = T.FusedMultiplyAdd(aip, b0[(3 * ldb) + p], s3);
                    }

                    sums[j] = s0;
                    sums[j + 1] = s1;
                    sums[j + 2] = s2;
                    sums[j + 3] = s3;
                }

                for (; j < n; j++)
                {
                    T* bj = b + (j * ldb);
                    T sum = T.Zero;
                    for (int p = 0; p < k; p++)
                    {
                        sum = T.FusedMultiplyAdd(ap[p * aStep], bj[p], sum);
                    }

                    sums[j] = sum;
                }
            }

            T* row = c + (i * ldc);
            for (int j = 0; j < n; j++)
            {
                row[j] = beta == T.Zero ? alpha * sums[j] : T.FusedMultiplyAdd(alpha, sums[j], beta * row[j]);
            }
        }
    }

    /// <summary>Exactly fused a·b + c on <see cref="Vector{T}"/>, so vector and scalar elements round alike.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<T> FusedMultiplyAdd<T>(Vector<T> a, Vector<T> b, Vector<T> c)
        where T : unmanaged
    {
        if (typeof(T) == typeof(float))
        {
            return Vector.As<float, T>(Vector.FusedMultiplyAdd(Vector.AsVectorSingle(a), Vector.AsVectorSingle(b), Vector.AsVectorSingle(c)));
        }

        return Vector.As<double, T>(Vector.FusedMultiplyAdd(Vector.AsVectorDouble(a), Vector.AsVectorDouble(b), Vector.AsVectorDouble(c)));
    }

    private static void Scale<T>(Span<T> c, int m, int n, int ldc, T beta)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        for (int i = 0; i < m; i++)
        {
            var row = c.Slice(i * ldc, n);
            if (beta == T.Zero)
            {
                row.Clear();
            }
            else if (beta != T.One)
            {
                for (int j = 0; j < row.Length; j++)
                {
                    row[j] *= beta;
                }
            }
        }
    }

    private static void Validate<T>(bool transposeA, bool transposeB, int m, int n, int k, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, Span<T> c, int ldc)
    {
        if (m < 0 || n < 0 || k < 0)
        {
            throw new ArgumentException($"Gemm: dimensions must be non-negative, got m={m}, n={n}, k={k}");
        }

        CheckMatrix("A", a.Length, transposeA ? k : m, transposeA ? m : k, lda, "lda", transposeA ? "k×m (transposeA)" : "m×k");
        CheckMatrix("B", b.Length, transposeB ? n : k, transposeB ? k : n, ldb, "ldb", transposeB ? "n×k (transposeB)" : "k×n");
        CheckMatrix("C", c.Length, m, n, ldc, "ldc", "m×n");
        if (m > 0 && n > 0 && (c.Overlaps(a) || c.Overlaps(b)))
        {
            throw new ArgumentException($"Gemm: C must not overlap {(c.Overlaps(a) ? "A" : "B")}; write the product to a separate buffer");
        }
    }

    private static void CheckMatrix(string name, int length, int rows, int cols, int ld, string ldName, string layout)
    {
        if (ld < Math.Max(1, cols))
        {
            throw new ArgumentException($"Gemm: {ldName} = {ld} is smaller than the {cols} columns of {name} (stored {layout}); pass {ldName} ≥ {Math.Max(1, cols)}");
        }

        long needed = rows == 0 || cols == 0 ? 0 : ((long)(rows - 1) * ld) + cols;
        if (length < needed)
        {
            throw new ArgumentException($"Gemm: {name} has {length} elements but a {rows}×{cols} matrix with {ldName} = {ld} needs {needed}");
        }
    }
}
