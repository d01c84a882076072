namespace Descent;

public sealed partial class Tensor
{
    /// <summary>The default dtype for factories that are not given one: Float32, as in PyTorch.</summary>
    public const DType DefaultDType = DType.Float32;

    /// <summary>An uninitialised-looking tensor (zero-filled; .NET arrays always are).</summary>
    /// <remarks>Inside a <see cref="TensorPool"/> scope the storage comes from the pool (cleared).</remarks>
    internal static Tensor Empty(Shape shape, DType dtype) =>
        TensorPool.Rent(shape, dtype)
        ?? (dtype == DType.Float32 ? new Tensor(new float[shape.Numel], 0, shape) : new Tensor(new double[shape.Numel], 0, shape));

    internal static Tensor EmptyLike(Tensor x) => Empty(x.Shape, x.DType);

    /// <summary>A tensor of the given shape holding a copy of <paramref name="data"/> (row-major).</summary>
    /// <exception cref="ArgumentException">The data length does not equal the shape's element count.</exception>
    public static Tensor FromArray(float[] data, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        var s = shape.Length == 0 && data.Length != 1 ? new Shape(data.Length) : new Shape(shape);
        CheckLength(data.Length, s);
        return new Tensor((float[])data.Clone(), 0, s);
    }

    /// <summary>A tensor of the given shape holding a copy of <paramref name="data"/> (row-major).</summary>
    /// <exception cref="ArgumentException">The data length does not equal the shape's element count.</exception>
    public static Tensor FromArray(double[] data, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        var s = shape.Length == 0 && data.Length != 1 ? new Shape(data.Length) : new Shape(shape);
        CheckLength(data.Length, s);
        return new Tensor((double[])data.Clone(), 0, s);
    }

    /// <summary>A tensor built from <paramref name="data"/> with the given dtype (values are converted).</summary>
    public static Tensor FromArray(double[] data, Shape shape, DType dtype)
    {
        ArgumentNullException.ThrowIfNull(data);
        CheckLength(data.Length, shape);
        var t = Empty(shape, dtype);
        if (dtype == DType.Float64)
        {
            data.CopyTo(t.Span<double>());
        }
        else
        {
            var d = t.Span<float>();
            for (int i = 0; i < data.Length; i++)
            {
                d[i] = (float)data[i];
            }
        }

        return t;
    }

    /// <summary>A 2-D tensor from a rectangular array.</summary>
    public static Tensor FromArray(double[,] data, DType dtype = DType.Float64)
    {
        ArgumentNullException.ThrowIfNull(data);
        int r = data.GetLength(0), c = data.GetLength(1);
        var flat = new double[r * c];
        for (int i = 0; i < r; i++)
        {
            for (int j = 0; j < c; j++)
            {
                flat[(i * c) + j] = data[i, j];
            }
        }

        return FromArray(flat, new Shape(r, c), dtype);
    }

    /// <summary>A rank-0 tensor holding <paramref name="value"/>.</summary>
    public static Tensor Scalar(double value, DType dtype = DefaultDType) => Full(Shape.Scalar, value, dtype);

    /// <summary>A tensor filled with zeros.</summary>
    public static Tensor Zeros(Shape shape, DType dtype = DefaultDType) => Empty(shape, dtype);

    /// <summary>A tensor filled with zeros.</summary>
    public static Tensor Zeros(params int[] shape) => Empty(new Shape(shape), DefaultDType);

    /// <summary>A tensor filled with ones.</summary>
    public static Tensor Ones(Shape shape, DType dtype = DefaultDType) => Full(shape, 1.0, dtype);

    /// <summary>A tensor filled with ones.</summary>
    public static Tensor Ones(params int[] shape) => Full(new Shape(shape), 1.0, DefaultDType);

    /// <summary>A tensor of zeros with <paramref name="like"/>'s shape and dtype.</summary>
    public static Tensor ZerosLike(Tensor like) => Empty(like.Shape, like.DType);

    /// <summary>A tensor of ones with <paramref name="like"/>'s shape and dtype.</summary>
    public static Tensor OnesLike(Tensor like) => Full(like.Shape, 1.0, like.DType);

    /// <summary>A tensor filled with <paramref name="value"/>.</summary>
    public static Tensor Full(Shape shape, double value, DType dtype = DefaultDType)
    {
        var t = Empty(shape, dtype);
        if (value != 0)
        {
            if (dtype == DType.Float32)
            {
                t.Span<float>().Fill((float)value);
            }
            else
            {
                t.Span<double>().Fill(value);
            }
        }

        return t;
    }

    /// <summary>A tensor filled with <paramref name="value"/>, with <paramref name="like"/>'s shape and dtype.</summary>
    public static Tensor FullLike(Tensor like, double value) => Full(like.Shape, value, like.DType);

    /// <summary>The values <c>start, start + step, …</c> below <paramref name="end"/> (as <c>torch.arange</c>).</summary>
    /// <exception cref="ArgumentException"><paramref name="step"/> is zero or has the wrong sign, or a bound is not finite.</exception>
    public static Tensor Arange(double start, double end, double step = 1, DType dtype = DefaultDType)
    {
        if (!double.IsFinite(start) || !double.IsFinite(end) || !double.IsFinite(step))
        {
            throw new ArgumentException($"Arange: start, end and step must be finite, got {start}, {end}, {step}");
        }

        if (step == 0 || (end - start) * step < 0)
        {
            throw new ArgumentException($"Arange: step {step} cannot go from {start} to {end}", nameof(step));
        }

        int n = (int)Math.Ceiling((end - start) / step);
        var t = Empty(new Shape(n), dtype);
        for (int i = 0; i < n; i++)
        {
            t[i] = start + (i * step);
        }

        return t;
    }

    /// <summary>The values <c>0, 1, …, end-1</c>.</summary>
    public static Tensor Arange(int end, DType dtype = DefaultDType) => Arange(0, end, 1, dtype);

    /// <summary><paramref name="steps"/> evenly spaced values from <paramref name="start"/> to <paramref name="end"/> inclusive.</summary>
    /// <exception cref="ArgumentException"><paramref name="steps"/> is negative.</exception>
    public static Tensor Linspace(double start, double end, int steps, DType dtype = DefaultDType)
    {
        if (steps < 0)
        {
            throw new ArgumentException($"Linspace: steps must be non-negative, got {steps}", nameof(steps));
        }

        var t = Empty(new Shape(steps), dtype);
        double h = steps > 1 ? (end - start) / (steps - 1) : 0;
        for (int i = 0; i < steps; i++)
        {
            // Fill from both ends, as torch does, so the last value is exactly `end`.
            t[i] = i < steps / 2 ? start + (i * h) : end - ((steps - 1 - i) * h);
        }

        return t;
    }

    /// <summary>The n×m identity matrix (m defaults to n).</summary>
    public static Tensor Eye(int n, int? m = null, DType dtype = DefaultDType)
    {
        int cols = m ?? n;
        var t = Empty(new Shape(n, cols), dtype);
        for (int i = 0; i < Math.Min(n, cols); i++)
        {
            t[(i * cols) + i] = 1;
        }

        return t;
    }

    /// <summary>Uniform samples in [<paramref name="low"/>, <paramref name="high"/>) from <paramref name="rng"/>.</summary>
    public static Tensor Uniform(Shape shape, Rng rng, double low = 0, double high = 1, DType dtype = DefaultDType)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var t = Empty(shape, dtype);
        if (dtype == DType.Float32)
        {
            rng.FillUniform(t.Span<float>(), low, high);
        }
        else
        {
            rng.FillUniform(t.Span<double>(), low, high);
        }

        return t;
    }

    /// <summary>Uniform samples in [0, 1).</summary>
    public static Tensor Rand(Shape shape, Rng rng, DType dtype = DefaultDType) => Uniform(shape, rng, 0, 1, dtype);

    /// <summary>Normal samples N(<paramref name="mean"/>, <paramref name="std"/>²) from <paramref name="rng"/>.</summary>
    public static Tensor Normal(Shape shape, Rng rng, double mean = 0, double std = 1, DType dtype = DefaultDType)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var t = Empty(shape, dtype);
        if (dtype == DType.Float32)
        {
            rng.FillNormal(t.Span<float>(), mean, std);
        }
        else
        {
            rng.FillNormal(t.Span<double>(), mean, std);
        }

        return t;
    }

    /// <summary>Standard normal samples.</summary>
    public static Tensor Randn(Shape shape, Rng rng, DType dtype = DefaultDType) => Normal(shape, rng, 0, 1, dtype);

    /// <summary>Samples of 1 with probability <paramref name="p"/>, else 0.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is outside [0, 1].</exception>
    public static Tensor Bernoulli(Shape shape, double p, Rng rng, DType dtype = DefaultDType)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (!(p >= 0 && p <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(p), $"Bernoulli probability must be in [0, 1], got {p}");
        }

        var t = Empty(shape, dtype);
        for (int i = 0; i < t.Numel; i++)
        {
            t[i] = rng.NextDouble() < p ? 1 : 0;
        }

        return t;
    }

    private static void CheckLength(int length, Shape shape)
    {
        if (length != shape.Numel)
        {
            throw new ArgumentException($"Data has {length} elements but shape {shape} needs {shape.Numel}");
        }
    }
}
