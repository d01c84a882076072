using Descent.Optim;

namespace Descent.Tests.Optim;

/// <summary>The fused kernels: vector body, padded tail and thread split all compute every element identically.</summary>
public class FusedStepTests
{
    /// <summary>Adam's step for one element, written as torch's separate ops (fma inside add/addcmul/lerp, nowhere else).</summary>
    private static (double P, double M, double V) ScalarAdam(double p, double g, double m, double v, int t, double lr)
    {
        const double b1 = 0.9, b2 = 0.999, eps = 1e-8;
        double w = 1 - b1;
        m = Math.FusedMultiplyAdd(w, g - m, m);
        v = Math.FusedMultiplyAdd((1 - b2) * g, g, v * b2);
        double bc1 = 1 - Math.Pow(b1, t), bc2 = 1 - Math.Pow(b2, t);
        double denom = (Math.Sqrt(v) / Math.Sqrt(bc2)) + eps;
        p += -(lr / bc1) * m / denom;
        return (p, m, v);
    }

    private static (float P, float M, float V) ScalarAdam(float p, float g, float m, float v, int t, double lr)
    {
        const double b1 = 0.9, b2 = 0.999, eps = 1e-8;
        float w = (float)(1 - b1);
        m = MathF.FusedMultiplyAdd(w, g - m, m);
        v = MathF.FusedMultiplyAdd((float)(1 - b2) * g, g, v * (float)b2);
        double bc1 = 1 - Math.Pow(b1, t), bc2 = 1 - Math.Pow(b2, t);
        float denom = (MathF.Sqrt(v) / (float)Math.Sqrt(bc2)) + (float)eps;
        p += (float)-(lr / bc1) * m / denom;
        return (p, m, v);
    }

    public static IEnumerable<object[]> Lengths => new[] { 0, 1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 33, 35, 64, 67 }.Select(n => new object[] { n });

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Adam_EveryLength_MatchesScalarTorchOrderExactly(int n)
    {
        var rng = new Rng((ulong)n + 1);
        var p64 = Tensor.Randn(new Shape(n), rng, DType.Float64).RequireGrad();
        var p32 = Tensor.FromArray(p64.ToArray(), new Shape(n), DType.Float32).RequireGrad();
        var reference64 = p64.ToArray();
        var reference32 = p32.ToFloatArray();
        var m64 = new double[n];
        var v64 = new double[n];
        var m32 = new float[n];
        var v32 = new float[n];
        var opt64 = new Adam([p64], lr: 0.01);
        var opt32 = new Adam([p32], lr: 0.01);
        for (int t = 1; t <= 3; t++)
        {
            var g = Tensor.Randn(new Shape(n), rng, DType.Float64);
            p64.Grad = g;
            p32.Grad = g.To(DType.Float32);
            opt64.Step();
            opt32.Step();
            var g32 = p32.Grad.ToFloatArray();
            for (int i = 0; i < n; i++)
            {
                (reference64[i], m64[i], v64[i]) = ScalarAdam(reference64[i], g[i], m64[i], v64[i], t, 0.01);
                (reference32[i], m32[i], v32[i]) = ScalarAdam(reference32[i], g32[i], m32[i], v32[i], t, 0.01);
            }

            Assert.Equal(reference64, p64.ToArray());
            Assert.Equal(reference32, p32.ToFloatArray());
        }
    }

    [Fact]
    public void Step_LargeTensorSplitOverThreads_EqualsSmallSerialPieces()
    {
        // 300 003 elements run on the thread team; the same data as 11 tensors of ≤ 30 001 elements run serially.
        const int n = 300_003, piece = 30_001;
        var rng = new Rng(42);
        var big = Tensor.Randn(new Shape(n), rng, DType.Float32).RequireGrad();
        var pieces = Enumerable.Range(0, (n + piece - 1) / piece)
            .Select(k => Tensor.FromArray(big.ToFloatArray()[(k * piece)..Math.Min(n, (k + 1) * piece)], Math.Min(piece, n - (k * piece))).RequireGrad())
            .ToArray();
        var a = new AdamW([big], lr: 0.01, amsgrad: true);
        var b = new AdamW(pieces, lr: 0.01, amsgrad: true);
        for (int t = 0; t < 3; t++)
        {
            var g = Tensor.Randn(new Shape(n), rng, DType.Float32).ToFloatArray();
            big.Grad = Tensor.FromArray(g, n);
            for (int k = 0; k < pieces.Length; k++)
            {
                pieces[k].Grad = Tensor.FromArray(g[(k * piece)..Math.Min(n, (k + 1) * piece)], pieces[k].Numel);
            }

            a.Step();
            b.Step();
        }

        Assert.Equal(big.ToFloatArray(), pieces.SelectMany(p => p.ToFloatArray()).ToArray());
    }
}
