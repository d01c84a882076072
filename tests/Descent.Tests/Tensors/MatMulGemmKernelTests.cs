using System.Numerics;
using Descent.Kernels;

namespace Descent.Tests.Tensors;

/// <summary>The GEMM kernel against a float64 triple loop: shapes with ragged edges, transposes, alpha/beta, strides, every micro-kernel family.</summary>
public class MatMulGemmKernelTests
{
    private const float Sentinel = 12345f;

    // Big enough (m·n·k > Gemm.SmallProduct) to take the packed path, ragged against every tile size.
    private static readonly (int M, int N, int K)[] Shapes =
    [
        (7, 33, 50),
        (33, 7, 257),
        (13, 45, 9),
        (2, 70, 19),
        (50, 3, 40),
        (17, 40, 400), // k > KC: several rank-KC updates accumulate into C
    ];

    public static TheoryData<string, bool, bool> KindsAndTransposes()
    {
        var data = new TheoryData<string, bool, bool>();
        // Every family runs on any x64 machine (the BCL emulates missing vector widths), so all three are tested here.
        foreach (var kind in new[] { nameof(GemmKernelKind.Avx512Wide), nameof(GemmKernelKind.Avx512Tall), nameof(GemmKernelKind.Avx2), nameof(GemmKernelKind.Portable) })
        {
            foreach (var ta in new[] { false, true })
            {
                foreach (var tb in new[] { false, true })
                {
                    data.Add(kind, ta, tb);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(KindsAndTransposes))]
    public void Float_RaggedShapes_MatchReference(string kind, bool ta, bool tb)
    {
        var family = Enum.Parse<GemmKernelKind>(kind);
        foreach (var (m, n, k) in Shapes)
        {
            Check<float>(family, ta, tb, m, n, k, 1.5, 0.0, pad: 3, parts: 0, blocking: null);
        }
    }

    [Theory]
    [MemberData(nameof(KindsAndTransposes))]
    public void Double_RaggedShapesWithBeta_MatchReference(string kind, bool ta, bool tb)
    {
        var family = Enum.Parse<GemmKernelKind>(kind);
        foreach (var (m, n, k) in Shapes)
        {
            Check<double>(family, ta, tb, m, n, k, -0.5, 0.75, pad: 2, parts: 0, blocking: null);
        }
    }

    [Theory]
    [MemberData(nameof(KindsAndTransposes))]
    public void Float_SmallBlockingAllLoopsAndBeta_MatchReference(string kind, bool ta, bool tb)
    {
        var family = Enum.Parse<GemmKernelKind>(kind);

        // Tiny blocks make every loop (jc, pc, ic, jr, ir) run several times, with edges in each.
        var blocking = new GemmBlocking(MC: 24, KC: 16, NC: 64);
        Check<float>(family, ta, tb, 50, 150, 40, 2.0, 1.0, pad: 5, parts: 1, blocking);
        Check<float>(family, ta, tb, 100, 90, 33, 1.0, -2.0, pad: 1, parts: 2, blocking); // row split
        Check<float>(family, ta, tb, 20, 200, 35, 1.0, 0.5, pad: 0, parts: 3, blocking); // column split
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void TinyShapes_BothDTypes_MatchReference(bool ta, bool tb)
    {
        // m·n·k ≤ Gemm.SmallProduct: the unpacked loop.
        foreach (var (m, n, k) in new[] { (1, 1, 1), (2, 2, 2), (3, 4, 5), (7, 33, 5), (16, 8, 16) })
        {
            Check<float>(GemmKernelKind.Auto, ta, tb, m, n, k, 1.5, 0.0, pad: 3, parts: 0, blocking: null);
            Check<double>(GemmKernelKind.Auto, ta, tb, m, n, k, -0.5, 0.75, pad: 1, parts: 0, blocking: null);
        }
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void MatrixVectorShapes_BothDTypes_MatchReference(bool ta, bool tb)
    {
        // m = 1 or n = 1 take the unpacked matrix-vector path; the larger ones split over two parts.
        foreach (var (m, n, k) in new[] { (1, 3000, 50), (3000, 1, 50), (1, 1, 300), (1, 37, 1000), (45, 1, 7), (1, 5000, 3) })
        {
            Check<float>(GemmKernelKind.Auto, ta, tb, m, n, k, 1.25, 0.0, pad: 2, parts: 2, blocking: null);
            Check<double>(GemmKernelKind.Auto, ta, tb, m, n, k, -1.0, 0.5, pad: 1, parts: 0, blocking: null);
        }
    }

    [Theory]
    [InlineData(1, 4000, false)]
    [InlineData(1, 4000, true)]
    [InlineData(4000, 1, false)]
    [InlineData(4000, 1, true)]
    public void MatrixVector_AnyPartCount_IsBitwiseIdenticalToSerial(int m, int n, bool transposed)
    {
        const int k = 300;
        var (a, b) = (Random<double>(3, m * k), Random<double>(4, k * n));
        var serial = new double[m * n];
        var split = new double[m * n];
        int lda = transposed ? m : k, ldb = transposed ? k : n;
        Gemm.Multiply<double>(transposed, transposed, m, n, k, 1.0, a, lda, b, ldb, 0.0, serial, n, GemmKernelKind.Auto, 1);
        Gemm.Multiply<double>(transposed, transposed, m, n, k, 1.0, a, lda, b, ldb, 0.0, split, n, GemmKernelKind.Auto, 3);
        Assert.Equal(serial, split);
    }

    [Fact]
    public void Float_About300CubedTimesTransposed_MatchesReference() =>
        // The Linear-layer layout at a size where the default blocking, the threads and the AVX-512 packing all take part.
        Check<float>(GemmKernelKind.Auto, false, true, 300, 301, 399, 1.0, 0.0, pad: 0, parts: 0, blocking: null);

    [Theory]
    [InlineData(130, 150, 2)] // row split
    [InlineData(130, 150, 3)]
    [InlineData(20, 300, 2)] // column split
    [InlineData(20, 300, 3)]
    public void Result_AnyPartCount_IsBitwiseIdenticalToSerial(int m, int n, int parts)
    {
        const int k = 210;
        var (a, b) = (Random<float>(1, m * k), Random<float>(2, k * n));
        var serial = new float[m * n];
        var split = new float[m * n];
        var blocking = new GemmBlocking(MC: 48, KC: 64, NC: 96);
        Gemm.Multiply<float>(false, false, m, n, k, 1f, a, k, b, n, 0f, serial, n, GemmKernelKind.Auto, 1, blocking);
        Gemm.Multiply<float>(false, false, m, n, k, 1f, a, k, b, n, 0f, split, n, GemmKernelKind.Auto, parts, blocking);
        Assert.Equal(serial, split);
    }

    [Fact]
    public void Multiply_BetaZero_IgnoresNaNInC()
    {
        var a = new float[] { 1, 2, 3, 4 };
        var b = new float[] { 5, 6, 7, 8 };
        var c = new float[] { float.NaN, float.NaN, float.NaN, float.NaN };
        Gemm.Multiply(false, false, 2, 2, 2, 1f, a, 2, b, 2, 0f, c, 2);
        Assert.Equal(new float[] { 19, 22, 43, 50 }, c);
    }

    [Fact]
    public void Multiply_AlphaZero_ScalesCWithoutReadingAB()
    {
        var a = new double[] { double.NaN, double.NaN };
        var b = new double[] { double.NaN, double.NaN };
        var c = new double[] { 1, 2, 3, 4 };
        Gemm.Multiply(false, false, 2, 2, 1, 0.0, a, 1, b, 2, 3.0, c, 2);
        Assert.Equal(new double[] { 3, 6, 9, 12 }, c);
    }

    [Fact]
    public void Multiply_KZero_ZeroesCWhenBetaIsZero()
    {
        var c = new float[] { 1, 2, 3, 4, 5, 6 };
        Gemm.Multiply(false, false, 2, 3, 0, 1f, [], 1, [], 3, 0f, c, 3);
        Assert.All(c, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Multiply_LeadingDimensionTooSmall_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => Gemm.Multiply(false, false, 2, 2, 3, 1f, new float[6], 2, new float[6], 2, 0f, new float[4], 2));
        Assert.Contains("lda = 2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Multiply_SpanTooShort_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => Gemm.Multiply(false, true, 2, 2, 3, 1f, new float[6], 3, new float[5], 3, 0f, new float[4], 2));
        Assert.Contains("B has 5 elements", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Multiply_COverlapsA_Throws()
    {
        var buffer = new float[16];
        var ex = Assert.Throws<ArgumentException>(() => Gemm.Multiply(false, false, 2, 2, 2, 1f, buffer.AsSpan(0, 4), 2, new float[4], 2, 0f, buffer.AsSpan(2, 4), 2));
        Assert.Contains("overlap A", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Multiply_NegativeDimension_Throws() =>
        Assert.Throws<ArgumentException>(() => Gemm.Multiply(false, false, -1, 2, 2, 1f, new float[4], 2, new float[4], 2, 0f, new float[4], 2));

    /// <summary>Runs one GEMM with padded leading dimensions (NaN in A/B padding, a sentinel in C padding) and compares with float64.</summary>
    private static void Check<T>(GemmKernelKind kind, bool ta, bool tb, int m, int n, int k, double alpha, double beta, int pad, int parts, GemmBlocking? blocking)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int aRows = ta ? k : m, aCols = ta ? m : k, bRows = tb ? n : k, bCols = tb ? k : n;
        int lda = aCols + pad, ldb = bCols + pad, ldc = n + pad;
        var a = Padded<T>(10 + (ulong)m, aRows, aCols, lda, T.NaN);
        var b = Padded<T>(20 + (ulong)n, bRows, bCols, ldb, T.NaN);
        var c = Padded<T>(30 + (ulong)k, m, n, ldc, T.CreateChecked(Sentinel));
        var c0 = (T[])c.Clone();

        Gemm.Multiply(ta, tb, m, n, k, T.CreateChecked(alpha), a, lda, b, ldb, T.CreateChecked(beta), c, ldc, kind, parts, blocking);

        double eps = typeof(T) == typeof(float) ? 1e-6 : 1e-14;
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < ldc; j++)
            {
                int ci = (i * ldc) + j;
                if (j >= n)
                {
                    Assert.Equal(c0[ci], c[ci]);
                    continue;
                }

                double sum = 0, magnitude = 0;
                for (int p = 0; p < k; p++)
                {
                    double av = double.CreateChecked(ta ? a[(p * lda) + i] : a[(i * lda) + p]);
                    double bv = double.CreateChecked(tb ? b[(j * ldb) + p] : b[(p * ldb) + j]);
                    sum += av * bv;
                    magnitude += Math.Abs(av * bv);
                }

                double old = double.CreateChecked(c0[ci]);
                double expected = (alpha * sum) + (beta * old);
                double tol = 4 * eps * (((Math.Abs(alpha) * magnitude) + Math.Abs(beta * old)) * Math.Sqrt(k + 1) + 1);
                double actual = double.CreateChecked(c[ci]);
                Assert.True(Math.Abs(actual - expected) <= tol,
                    $"{typeof(T).Name} {kind} ta={ta} tb={tb} {m}x{n}x{k} alpha={alpha} beta={beta}: C[{i},{j}] = {actual:R}, expected {expected:R}");
            }
        }
    }

    private static T[] Padded<T>(ulong seed, int rows, int cols, int ld, T padding)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var values = Random<T>(seed, rows * ld);
        for (int r = 0; r < rows; r++)
        {
            for (int j = cols; j < ld; j++)
            {
                values[(r * ld) + j] = padding;
            }
        }

        return values;
    }

    private static T[] Random<T>(ulong seed, int count)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var rng = new Rng(seed);
        var r = new T[count];
        for (int i = 0; i < count; i++)
        {
            r[i] = T.CreateChecked((rng.NextDouble() * 2) - 1);
        }

        return r;
    }
}
