using System.Globalization;
using System.Numerics;

namespace Descent.Optim;

/// <summary>
/// A number as torch's Python code holds it: a Python float (double) or a 0-dim tensor of dtype <typeparamref name="T"/>. Any
/// operation or comparison involving a tensor runs in <typeparamref name="T"/> (the Python float is cast first, as a "wrapped number"
/// never promotes a tensor); two Python floats stay in double. <c>Min</c>/<c>Max</c> return one of their arguments, as Python's
/// builtins do.
/// </summary>
/// <remarks>Lets the LBFGS port make the same float32 rounding decisions as <c>torch.optim.LBFGS</c>, whose step lengths,
/// curvature ratios and line-search tests mix Python floats and float32 0-dim tensors. For float64 it is plain double arithmetic.</remarks>
internal readonly struct TorchScalar<T> : IEquatable<TorchScalar<T>>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private TorchScalar(double value, bool isTensor)
    {
        Value = value;
        IsTensor = isTensor;
    }

    /// <summary>The value (exactly the <typeparamref name="T"/> value when <see cref="IsTensor"/>).</summary>
    public double Value { get; }

    public bool IsTensor { get; }

    public static TorchScalar<T> Py(double v) => new(v, false);

    public static TorchScalar<T> Tensor(T v) => new(double.CreateTruncating(v), true);

    public static TorchScalar<T> operator +(TorchScalar<T> a, TorchScalar<T> b) => Op(a, b, static (x, y) => x + y, static (x, y) => x + y);

    public static TorchScalar<T> operator -(TorchScalar<T> a, TorchScalar<T> b) => Op(a, b, static (x, y) => x - y, static (x, y) => x - y);

    public static TorchScalar<T> operator *(TorchScalar<T> a, TorchScalar<T> b) => Op(a, b, static (x, y) => x * y, static (x, y) => x * y);

    public static TorchScalar<T> operator /(TorchScalar<T> a, TorchScalar<T> b) => Op(a, b, static (x, y) => x / y, static (x, y) => x / y);

    public static TorchScalar<T> operator -(TorchScalar<T> a) => new(-a.Value, a.IsTensor);

    public static implicit operator TorchScalar<T>(double v) => Py(v);

    public static bool operator >(TorchScalar<T> a, TorchScalar<T> b) => Mixed(a, b) ? T.CreateTruncating(a.Value) > T.CreateTruncating(b.Value) : a.Value > b.Value;

    public static bool operator <(TorchScalar<T> a, TorchScalar<T> b) => Mixed(a, b) ? T.CreateTruncating(a.Value) < T.CreateTruncating(b.Value) : a.Value < b.Value;

    public static bool operator >=(TorchScalar<T> a, TorchScalar<T> b) => Mixed(a, b) ? T.CreateTruncating(a.Value) >= T.CreateTruncating(b.Value) : a.Value >= b.Value;

    public static bool operator <=(TorchScalar<T> a, TorchScalar<T> b) => Mixed(a, b) ? T.CreateTruncating(a.Value) <= T.CreateTruncating(b.Value) : a.Value <= b.Value;

    public static bool operator ==(TorchScalar<T> a, TorchScalar<T> b) => a.Equals(b);

    public static bool operator !=(TorchScalar<T> a, TorchScalar<T> b) => !a.Equals(b);

    /// <summary>Python's <c>abs</c> (a tensor stays a tensor).</summary>
    public static TorchScalar<T> Abs(TorchScalar<T> a) => new(Math.Abs(a.Value), a.IsTensor);

    /// <summary><c>tensor.sqrt()</c> (or <c>math.sqrt</c> of a float).</summary>
    public static TorchScalar<T> Sqrt(TorchScalar<T> a) =>
        a.IsTensor ? Tensor(T.Sqrt(T.CreateTruncating(a.Value))) : Py(Math.Sqrt(a.Value));

    /// <summary>Python's <c>min(a, b)</c>: b if b &lt; a, else a.</summary>
    public static TorchScalar<T> Min(TorchScalar<T> a, TorchScalar<T> b) => b < a ? b : a;

    /// <summary>Python's <c>max(a, b)</c>: b if b &gt; a, else a.</summary>
    public static TorchScalar<T> Max(TorchScalar<T> a, TorchScalar<T> b) => b > a ? b : a;

    public bool Equals(TorchScalar<T> other) => Value.Equals(other.Value) && IsTensor == other.IsTensor;

    public override bool Equals(object? obj) => obj is TorchScalar<T> s && Equals(s);

    public override int GetHashCode() => HashCode.Combine(Value, IsTensor);

    public override string ToString() => Value.ToString("R", CultureInfo.InvariantCulture) + (IsTensor ? " (tensor)" : "");

    private static TorchScalar<T> Op(TorchScalar<T> a, TorchScalar<T> b, Func<T, T, T> tensorOp, Func<double, double, double> pyOp) =>
        a.IsTensor || b.IsTensor
            ? Tensor(tensorOp(T.CreateTruncating(a.Value), T.CreateTruncating(b.Value)))
            : Py(pyOp(a.Value, b.Value));

    private static bool Mixed(TorchScalar<T> a, TorchScalar<T> b) => a.IsTensor || b.IsTensor;
}
