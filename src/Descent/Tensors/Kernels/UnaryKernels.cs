using System.Numerics;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Descent.Kernels;

/// <summary>√x</summary>
internal readonly struct SqrtKernel : IUnaryKernel
{
    public void Apply<T>(ReadOnlySpan<T> x, Span<T> y)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => TP.Sqrt(x, y);
}

/// <summary>1/√x</summary>
internal readonly struct RsqrtKernel : IUnaryKernel
{
    public void Apply<T>(ReadOnlySpan<T> x, Span<T> y)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => TP.ReciprocalSqrt(x, y);
}

/// <summary>|x|</summary>
internal readonly struct AbsKernel : IUnaryKernel
{
    public void Apply<T>(ReadOnlySpan<T> x, Span<T> y)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => TP.Abs(x, y);
}

/// <summary>sign(x): −1, 0 or 1 (NaN stays NaN)</summary>
internal readonly struct SignKernel : IUnaryKernel
{
    public void Apply<T>(ReadOnlySpan<T> x, Span<T> y)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        for (int i = 0; i < x.Length; i++)
        {
            T v = x[i];
            y[i] = v > T.Zero ? T.One : v < T.Zero ? -T.One : v;
        }
    }
}

/// <summary>sin x</summary>
internal readonly struct SinKernel : IUnaryKernel
{
    public void Apply<T>(ReadOnlySpan<T> x, Span<T> y)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => TP.Sin(x, y);
}

/// <summary>cos x</summary>
internal readonly struct CosKernel : IUnaryKernel
{
    public void Apply<T>(ReadOnlySpan<T> x, Span<T> y)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => TP.Cos(x, y);
}

/// <summary>tan x</summary>
internal readonly struct TanKernel : IUnaryKernel
{
    public void Apply<T>(ReadOnlySpan<T> x, Span<T> y)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => TP.Tan(x, y);
}

/// <summary>tanh x</summary>
internal readonly struct TanhKernel : IUnaryKernel
{
    public void Apply<T>(ReadOnlySpan<T> x, Span<T> y)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => TP.Tanh(x, y);
}

/// <summary>σ(x) = 1/(1 + e⁻ˣ)</summary>
internal readonly struct SigmoidKernel : IUnaryKernel
{
    public void Apply<T>(ReadOnlySpan<T> x, Span<T> y)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => TP.Sigmoid(x, y);
}

/// <summary>ln(1 + x)</summary>
internal readonly struct Log1pKernel : IUnaryKernel
{
    public void Apply<T>(ReadOnlySpan<T> x, Span<T> y)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => TP.LogP1(x, y);
}

/// <summary>eˣ − 1</summary>
internal readonly struct Expm1Kernel : IUnaryKernel
{
    public void Apply<T>(ReadOnlySpan<T> x, Span<T> y)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => TP.ExpM1(x, y);
}

/// <summary>max(x, 0), NaN-propagating</summary>
internal readonly struct ReluKernel : IUnaryKernel
{
    public void Apply<T>(ReadOnlySpan<T> x, Span<T> y)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => TP.Max(x, T.Zero, y);
}

/// <summary>x if x &gt; 0 else slope·x</summary>
internal readonly struct LeakyReluKernel(double slope) : IUnaryKernel
{
    public void Apply<T>(ReadOnlySpan<T> x, Span<T> y)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        T s = T.CreateTruncating(slope);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vs = new Vector<T>(s);
            for (; i <= x.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                var v = new Vector<T>(x.Slice(i));
                Vector.ConditionalSelect(Vector.GreaterThan(v, Vector<T>.Zero), v, v * vs).CopyTo(y.Slice(i));
            }
        }

        for (; i < x.Length; i++)
        {
            y[i] = x[i] > T.Zero ? x[i] : x[i] * s;
        }
    }
}

/// <summary>clamp(x, min, max); either bound may be infinite</summary>
internal readonly struct ClampKernel(double min, double max) : IUnaryKernel
{
    public void Apply<T>(ReadOnlySpan<T> x, Span<T> y)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        T lo = T.CreateTruncating(min), hi = T.CreateTruncating(max);
        for (int i = 0; i < x.Length; i++)
        {
            T v = x[i];
            y[i] = T.IsNaN(v) ? v : v < lo ? lo : v > hi ? hi : v;
        }
    }
}

/// <summary>g where mask &gt; 0, else 0 (the ReLU backward)</summary>
internal readonly struct PassWherePositiveKernel : IBinaryKernel
{
    public void Apply<T>(ReadOnlySpan<T> g, ReadOnlySpan<T> x, Span<T> d)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= g.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                var vx = new Vector<T>(x.Slice(i));
                Vector.ConditionalSelect(Vector.GreaterThan(vx, Vector<T>.Zero), new Vector<T>(g.Slice(i)), Vector<T>.Zero).CopyTo(d.Slice(i));
            }
        }

        for (; i < g.Length; i++)
        {
            d[i] = x[i] > T.Zero ? g[i] : T.Zero;
        }
    }

    public void Apply<T>(ReadOnlySpan<T> g, T x, Span<T> d)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (x > T.Zero)
        {
            g.CopyTo(d);
        }
        else
        {
            d.Clear();
        }
    }

    public void Apply<T>(T g, ReadOnlySpan<T> x, Span<T> d)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        for (int i = 0; i < x.Length; i++)
        {
            d[i] = x[i] > T.Zero ? g : T.Zero;
        }
    }
}

/// <summary>erf x (W. J. Cody's rational approximations, accurate to about 1e-16 in double)</summary>
internal readonly struct ErfKernel : IUnaryKernel
{
    public void Apply<T>(ReadOnlySpan<T> x, Span<T> y)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = T.CreateTruncating(SpecialFunctions.Erf(double.CreateTruncating(x[i])));
        }
    }
}

/// <summary>GELU: x·Φ(x) = x·½(1 + erf(x/√2)) (PyTorch's default, exact form)</summary>
internal readonly struct GeluKernel : IUnaryKernel
{
    public void Apply<T>(ReadOnlySpan<T> x, Span<T> y)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        for (int i = 0; i < x.Length; i++)
        {
            double v = double.CreateTruncating(x[i]);
            y[i] = T.CreateTruncating(v * 0.5 * (1.0 + SpecialFunctions.Erf(v * 0.70710678118654752440)));
        }
    }
}

/// <summary>softplus: ln(1 + e^{βx})/β, or x where βx &gt; threshold (PyTorch's form)</summary>
internal readonly struct SoftplusKernel(double beta, double threshold) : IUnaryKernel
{
    public void Apply<T>(ReadOnlySpan<T> x, Span<T> y)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        for (int i = 0; i < x.Length; i++)
        {
            double v = double.CreateTruncating(x[i]) * beta;
            y[i] = v > threshold ? x[i] : T.CreateTruncating(Math.Log(1.0 + Math.Exp(v)) / beta);
        }
    }
}

/// <summary>Scalar special functions not in the BCL.</summary>
internal static class SpecialFunctions
{
    private static readonly double[] A = [3.16112374387056560, 1.13864154151050156e2, 3.77485237685302021e2, 3.20937758913846947e3, 1.85777706184603153e-1];
    private static readonly double[] B = [2.36012909523441209e1, 2.44024637934444173e2, 1.28261652607737228e3, 2.84423683343917062e3];
    private static readonly double[] C =
    [
        5.64188496988670089e-1, 8.88314979438837594, 6.61191906371416295e1, 2.98635138197400131e2, 8.81952221241769090e2,
        1.71204761263407058e3, 2.05107837782607147e3, 1.23033935479799725e3, 2.15311535474403846e-8,
    ];

    private static readonly double[] D =
    [
        1.57449261107098347e1, 1.17693950891312499e2, 5.37181101862009858e2, 1.62138957456669019e3, 3.29079923573345963e3,
        4.36261909014324716e3, 3.43936767414372164e3, 1.23033935480374942e3,
    ];

    private static readonly double[] P = [3.05326634961232344e-1, 3.60344899949804439e-1, 1.25781726111229246e-1, 1.60837851487422766e-2, 6.58749161529837803e-4, 1.63153871373020978e-2];
    private static readonly double[] Q = [2.56852019228982242, 1.87295284992346725, 5.27905102951428412e-1, 6.05183413124413191e-2, 2.33520497626869185e-3];

    /// <summary>
    /// The error function, after W. J. Cody, "Rational Chebyshev approximations for the error function", Math. Comp. 23 (1969),
    /// as in his CALERF routine: erf directly for |x| ≤ 0.5, through erfc(|x|) = e^{−x²}·R(|x|) beyond.
    /// </summary>
    public static double Erf(double x)
    {
        if (double.IsNaN(x))
        {
            return x;
        }

        double y = Math.Abs(x);
        if (y <= 0.5)
        {
            double z = y * y, num = A[4] * z, den = z;
            for (int i = 0; i < 3; i++)
            {
                num = (num + A[i]) * z;
                den = (den + B[i]) * z;
            }

            return x * (num + A[3]) / (den + B[3]);
        }

        double erfc;
        if (y <= 4.0)
        {
            double num = C[8] * y, den = y;
            for (int i = 0; i < 7; i++)
            {
                num = (num + C[i]) * y;
                den = (den + D[i]) * y;
            }

            erfc = ExpMinusSquare(y) * (num + C[7]) / (den + D[7]);
        }
        else if (y < 27.0)
        {
            double z = 1.0 / (y * y), num = P[5] * z, den = z;
            for (int i = 0; i < 4; i++)
            {
                num = (num + P[i]) * z;
                den = (den + Q[i]) * z;
            }

            double r = z * (num + P[4]) / (den + Q[4]);
            erfc = ExpMinusSquare(y) * (0.56418958354775628695 - r) / y;
        }
        else
        {
            erfc = 0;
        }

        return x < 0 ? erfc - 1.0 : 1.0 - erfc;
    }

    // e^{−y²} with y² split so that the large part is exact, as CALERF does, to keep relative accuracy for large y.
    private static double ExpMinusSquare(double y)
    {
        double ysq = Math.Truncate(y * 16.0) / 16.0;
        double del = (y - ysq) * (y + ysq);
        return Math.Exp(-ysq * ysq) * Math.Exp(-del);
    }
}
