using System.Numerics;
using System.Runtime.CompilerServices;

namespace Descent.Kernels;

/// <summary>Cache-blocking sizes of the GEMM loops (in elements): MC rows of A, KC depth, NC columns of B.</summary>
/// <param name="MC">Rows of A packed at once (the A block lives in L2).</param>
/// <param name="KC">Depth of one rank-KC update (sets the size of the micro-panels that stream through L1).</param>
/// <param name="NC">Columns of B packed at once (the B panel lives in L3).</param>
internal readonly record struct GemmBlocking(int MC, int KC, int NC);

/// <summary>
/// The Goto/BLIS five-loop GEMM (jc → pc → pack B → ic → pack A → jr → ir → micro-kernel), specialised for one element type and
/// one micro-kernel, splitting the work over <see cref="Parallelism"/>.
/// </summary>
/// <remarks>
/// <para>Two splits. Tall problems split the rows of C: the team packs each KC×NC panel of B together into the caller's shared
/// buffer, then every part packs its own MC×KC blocks of A and runs the macro-kernel on its rows. Short problems (few rows, as in
/// an MLP batch) split the columns: the team packs all of A's KC-deep slice together, then every part packs its own columns of B.
/// Either way each operand is packed once, and a call makes two parallel regions per KC step.</para>
/// <para>Every element of C is accumulated in the same order (k blocks ascending, k ascending within a block, edge tiles through
/// the same micro-kernel on a temporary tile), so the result does not depend on the thread count or the split.</para>
/// </remarks>
internal static unsafe class GemmDriver<T, TKernel>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
    where TKernel : struct, IGemmMicroKernel<T>
{
    [ThreadStatic]
    private static Job? _job;

    /// <summary>
    /// C = alpha·op(A)·op(B) + beta·C over raw row-major storage, with m, n, k &gt; 0 and alpha ≠ 0 (the caller handles the
    /// degenerate cases), using up to <paramref name="parts"/> parallel parts.
    /// </summary>
    public static void Run(bool transA, bool transB, int m, int n, int k, T alpha, T* a, nint lda, T* b, nint ldb, T beta, T* c, nint ldc, GemmBlocking blocking, int parts)
    {
        var job = _job ??= new Job();
        int mr = TKernel.MR, nr = TKernel.NR;
        job.TransA = transA;
        job.TransB = transB;
        job.M = m;
        job.N = n;
        job.K = k;
        job.Alpha = alpha;
        job.Beta = beta;
        job.A = a;
        job.B = b;
        job.C = c;
        job.Lda = lda;
        job.Ldb = ldb;
        job.Ldc = ldc;
        job.MC = Math.Max(mr, blocking.MC / mr * mr);
        job.KC = Math.Max(1, blocking.KC);
        job.NC = Math.Max(nr, blocking.NC / nr * nr);

        int rowStrips = (m + mr - 1) / mr, colStrips = (n + nr - 1) / nr;
        if (parts > 1 && m < parts * job.MC && colStrips >= 2 * parts)
        {
            job.Parts = parts;
            job.RunColumnSplit();
        }
        else
        {
            job.Parts = Math.Max(1, Math.Min(parts, rowStrips));
            job.RunRowSplit();
        }

        job.A = job.B = job.C = job.Shared = null;
    }

    /// <summary>The state of one call, reused across calls on the same thread so that a call allocates nothing.</summary>
    private sealed class Job
    {
        public bool TransA;
        public bool TransB;
        public int M;
        public int N;
        public int K;
        public T Alpha;
        public T Beta;
        public T* A;
        public T* B;
        public T* C;
        public nint Lda;
        public nint Ldb;
        public nint Ldc;
        public int MC;
        public int KC;
        public int NC;
        public int Parts;

        // The current block: columns [Jc, Jc + Nc) and depth [Pc, Pc + Kc), and the beta that applies to it.
        public int Jc;
        public int Nc;
        public int Pc;
        public int Kc;
        public T BlockBeta;
        public T* Shared;

        private readonly Action<int> _packBPanelPart;
        private readonly Action<int> _rowPart;
        private readonly Action<int> _packAPanelPart;
        private readonly Action<int> _columnPart;

        public Job()
        {
            _packBPanelPart = PackBPanelPart;
            _rowPart = RowPart;
            _packAPanelPart = PackAPanelPart;
            _columnPart = ColumnPart;
        }

        private static int MR => TKernel.MR;

        private static int NR => TKernel.NR;

        /// <summary>jc → pc → (team packs the B panel) → each part: its rows, ic → pack A → macro-kernel.</summary>
        public void RunRowSplit()
        {
            int panelStrips = (Math.Min(NC, N) + NR - 1) / NR;
            Shared = GemmBuffer.Shared.Get<T>((long)panelStrips * NR * Math.Min(KC, K));
            for (Jc = 0; Jc < N; Jc += NC)
            {
                Nc = Math.Min(NC, N - Jc);
                for (Pc = 0; Pc < K; Pc += KC)
                {
                    Kc = Math.Min(KC, K - Pc);
                    BlockBeta = Pc == 0 ? Beta : T.One;
                    Region(_packBPanelPart);
                    Region(_rowPart);
                }
            }
        }

        /// <summary>pc → (team packs all of A's slice) → each part: its columns, jc → pack B → ic → macro-kernel.</summary>
        public void RunColumnSplit()
        {
            int rowStrips = (M + MR - 1) / MR;
            Shared = GemmBuffer.Shared.Get<T>((long)rowStrips * MR * Math.Min(KC, K));
            for (Pc = 0; Pc < K; Pc += KC)
            {
                Kc = Math.Min(KC, K - Pc);
                BlockBeta = Pc == 0 ? Beta : T.One;
                Region(_packAPanelPart);
                Region(_columnPart);
            }
        }

        private void Region(Action<int> body)
        {
            if (Parts == 1)
            {
                body(0);
            }
            else
            {
                Parallelism.ForParts(Parts, body);
            }
        }

        private void PackBPanelPart(int part)
        {
            int strips = (Nc + NR - 1) / NR;
            int s0 = (int)((long)strips * part / Parts), s1 = (int)((long)strips * (part + 1) / Parts);
            if (s0 < s1)
            {
                int j = s0 * NR;
                PackB(TransB, B, Ldb, Pc, Kc, Jc + j, Math.Min(s1 * NR, Nc) - j, Shared + ((long)j * Kc));
            }
        }

        private void RowPart(int part)
        {
            int strips = (M + MR - 1) / MR;
            int r0 = (int)((long)strips * part / Parts) * MR, r1 = Math.Min(M, (int)((long)strips * (part + 1) / Parts) * MR);
            if (r0 >= r1)
            {
                return;
            }

            int blockRows = Math.Min(MC, (r1 - r0 + MR - 1) / MR * MR);
            var buffer = GemmBuffer.Private;
            T* tile = buffer.Get<T>((long)MR * NR + ((long)blockRows * Kc));
            T* packedA = tile + (MR * NR);
            for (int ic = r0; ic < r1; ic += MC)
            {
                int mc = Math.Min(MC, r1 - ic);
                PackA(TransA, A, Lda, ic, mc, Pc, Kc, packedA);

                Macro(mc, Nc, Kc, packedA, Shared, C + (ic * Ldc) + Jc, Ldc, Alpha, BlockBeta, tile);
            }
        }

        private void PackAPanelPart(int part)
        {
            int strips = (M + MR - 1) / MR;
            int s0 = (int)((long)strips * part / Parts), s1 = (int)((long)strips * (part + 1) / Parts);
            if (s0 < s1)
            {
                int i = s0 * MR;
                PackA(TransA, A, Lda, i, Math.Min(s1 * MR, M) - i, Pc, Kc, Shared + ((long)i * Kc));
            }
        }

        private void ColumnPart(int part)
        {
            int strips = (N + NR - 1) / NR;
            int c0 = (int)((long)strips * part / Parts) * NR, c1 = Math.Min(N, (int)((long)strips * (part + 1) / Parts) * NR);
            if (c0 >= c1)
            {
                return;
            }

            int panelCols = Math.Min(NC, (c1 - c0 + NR - 1) / NR * NR);
            var buffer = GemmBuffer.Private;
            T* tile = buffer.Get<T>((long)MR * NR + ((long)panelCols * Kc));
            T* packedB = tile + (MR * NR);
            for (int jc = c0; jc < c1; jc += NC)
            {
                int nc = Math.Min(NC, c1 - jc);
                PackB(TransB, B, Ldb, Pc, Kc, jc, nc, packedB);

                for (int ic = 0; ic < M; ic += MC)
                {
                    int mc = Math.Min(MC, M - ic);
                    Macro(mc, nc, Kc, Shared + ((long)ic * Kc), packedB, C + (ic * Ldc) + jc, Ldc, Alpha, BlockBeta, tile);
                }
            }
        }
    }

    /// <summary>
    /// The macro-kernel: C[mc×nc] (op)= packed A block × packed B panel, tile by tile (jr outer so one B micro-panel stays in L1
    /// while the A strips stream past it).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Macro(int mc, int nc, int kc, T* packedA, T* packedB, T* c, nint ldc, T alpha, T beta, T* tile)
    {
        int mr = TKernel.MR, nr = TKernel.NR;
        for (int jr = 0; jr < nc; jr += nr)
        {
            int ncols = Math.Min(nr, nc - jr);
            T* bp = packedB + ((long)jr * kc);
            for (int ir = 0; ir < mc; ir += mr)
            {
                int nrows = Math.Min(mr, mc - ir);
                T* ap = packedA + ((long)ir * kc);
                T* cp = c + (ir * ldc) + jr;
                if (nrows == mr && ncols == nr)
                {
                    TKernel.Run(kc, ap, bp, cp, ldc, alpha, beta);
                }
                else
                {
                    EdgeTile(kc, ap, bp, cp, ldc, alpha, beta, nrows, ncols, tile);
                }
            }
        }
    }

    /// <summary>A partial tile: the same micro-kernel runs on a full-size temporary, and only the valid part is copied back.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void EdgeTile(int kc, T* ap, T* bp, T* cp, nint ldc, T alpha, T beta, int nrows, int ncols, T* tile)
    {
        int nr = TKernel.NR;
        if (beta != T.Zero)
        {
            for (int i = 0; i < nrows; i++)
            {
                new ReadOnlySpan<T>(cp + (i * ldc), ncols).CopyTo(new Span<T>(tile + (i * nr), ncols));
            }
        }

        TKernel.Run(kc, ap, bp, tile, nr, alpha, beta);
        for (int i = 0; i < nrows; i++)
        {
            new ReadOnlySpan<T>(tile + (i * nr), ncols).CopyTo(new Span<T>(cp + (i * ldc), ncols));
        }
    }

    /// <summary>
    /// Packs rows [i0, i0 + rows) × depth [p0, p0 + kc) of op(A) as strips of MR rows, <c>dst[s·MR·kc + k·MR + r]</c>, zero-filling
    /// the last strip.
    /// </summary>
    private static void PackA(bool transA, T* a, nint lda, int i0, int rows, int p0, int kc, T* dst)
    {
        if (transA)
        {
            // op(A)(i, p) = A[p, i]: each depth step is a contiguous run of a stored row.
            GemmPack.Direct(a + (p0 * lda) + i0, lda, rows, kc, dst, TKernel.MR);
        }
        else
        {
            GemmPack.Transposed(a + (i0 * lda) + p0, lda, rows, kc, dst, TKernel.MR, TKernel.Avx512Packing);
        }
    }

    /// <summary>
    /// Packs depth [p0, p0 + kc) × columns [j0, j0 + cols) of op(B) as strips of NR columns, <c>dst[s·NR·kc + k·NR + j]</c>,
    /// zero-filling the last strip.
    /// </summary>
    private static void PackB(bool transB, T* b, nint ldb, int p0, int kc, int j0, int cols, T* dst)
    {
        if (transB)
        {
            // op(B)(p, j) = B[j, p]: each strip column is a contiguous run of a stored row.
            GemmPack.Transposed(b + (j0 * ldb) + p0, ldb, cols, kc, dst, TKernel.NR, TKernel.Avx512Packing);
        }
        else
        {
            GemmPack.Direct(b + (p0 * ldb) + j0, ldb, cols, kc, dst, TKernel.NR);
        }
    }
}
