using System.Numerics;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Descent.Kernels;

/// <summary>x + y</summary>
internal readonly struct AddKernel : IBinaryKernel
{
    public void Apply<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => TP.Add(x, y, d);

    public void Apply<T>(ReadOnlySpan<T> x, T y, Span<T> d)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => TP.Add(x, y, d);

    public void Apply<T>(T x, ReadOnlySpan<T> y, Span<T> d)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => TP.Add(y, x, d);
}

/// <summary>x − y</summary>
internal readonly struct SubKernel : IBinaryKernel
{
    public void Apply<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => TP.Subtract(x, y, d);

    public void Apply<T>(ReadOnlySpan<T> x, T y, Span<T> d)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => TP.Subtract(x, y, d);

    public void Apply<T>(T x, ReadOnlySpan<T> y, Span<T> d)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => TP.Subtract(x, y, d);
}

/// <summary>x · y</summary>
internal readonly struct MulKernel : IBinaryKernel
{
    public void Apply<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => TP.Multiply(x, y, d);

    public void Apply<T>(ReadOnlySpan<T> x, T y, Span<T> d)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => TP.Multiply(x, y, d);

    public void Apply<T>(T x, ReadOnlySpan<T> y, Span<T> d)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => TP.Multiply(y, x, d);
}

/// <summary>x / y</summary>
internal readonly struct DivKernel : IBinaryKernel
{
    public void Apply<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => TP.Divide(x, y, d);

    public void Apply<T>(ReadOnlySpan<T> x, T y, Span<T> d)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => TP.Divide(x, y, d);

    public void Apply<T>(T x, ReadOnlySpan<T> y, Span<T> d)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => TP.Divide(x, y, d);
}

/// <summary>xʸ</summary>
internal readonly struct PowKernel : IBinaryKernel
{
    public void Apply<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => TP.Pow(x, y, d);

    public void Apply<T>(ReadOnlySpan<T> x, T y, Span<T> d)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        // Small integer exponents are exact products, as in torch (x² is x·x, not exp(2 log x)).
        if (y == T.CreateTruncating(2))
        {
            TP.Multiply(x, x, d);
        }
        else if (y == T.One)
        {
            x.CopyTo(d);
        }
        else if (y == T.Zero)
        {
            d.Fill(T.One);
        }
        else if (y == T.CreateTruncating(3))
        {
            for (int i = 0; i < d.Length; i++)
            {
                d[i] = x[i] * x[i] * x[i];
            }
        }
        else if (y == -T.One)
        {
            TP.Divide(T.One, x, d);
        }
        else if (y == T.CreateTruncating(0.5))
        {
            TP.Sqrt(x, d);
        }
        else
        {
            TP.Pow(x, y, d);
        }
    }

    public void Apply<T>(T x, ReadOnlySpan<T> y, Span<T> d)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => TP.Pow(x, y, d);
}

/// <summary>max(x, y), NaN-propagating</summary>
internal readonly struct MaxKernel : IBinaryKernel
{
    public void Apply<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => TP.Max(x, y, d);

    public void Apply<T>(ReadOnlySpan<T> x, T y, Span<T> d)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => TP.Max(x, y, d);

    public void Apply<T>(T x, ReadOnlySpan<T> y, Span<T> d)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => TP.Max(y, x, d);
}

/// <summary>min(x, y), NaN-propagating</summary>
internal readonly struct MinKernel : IBinaryKernel
{
    public void Apply<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => TP.Min(x, y, d);

    public void Apply<T>(ReadOnlySpan<T> x, T y, Span<T> d)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => TP.Min(x, y, d);

    public void Apply<T>(T x, ReadOnlySpan<T> y, Span<T> d)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => TP.Min(y, x, d);
}

/// <summary>−x</summary>
internal readonly struct NegKernel : IUnaryKernel
{
    public void Apply<T>(ReadOnlySpan<T> x, Span<T> y)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => TP.Negate(x, y);
}

/// <summary>eˣ</summary>
internal readonly struct ExpKernel : IUnaryKernel
{
    public void Apply<T>(ReadOnlySpan<T> x, Span<T> y)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => TP.Exp(x, y);
}

/// <summary>ln x</summary>
internal readonly struct LogKernel : IUnaryKernel
{
    public void Apply<T>(ReadOnlySpan<T> x, Span<T> y)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => TP.Log(x, y);
}
