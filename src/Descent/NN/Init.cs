namespace Descent.NN;

/// <summary>Which fan a Kaiming initialisation preserves the variance of.</summary>
public enum FanMode
{
    /// <summary>Preserve the variance of activations in the forward pass (PyTorch's default).</summary>
    FanIn,

    /// <summary>Preserve the variance of gradients in the backward pass.</summary>
    FanOut,
}

/// <summary>
/// Seeded in-place initialisers, as <c>torch.nn.init</c>. Every one takes an explicit <see cref="Rng"/>, so a seed fixes a model's
/// starting weights on every machine.
/// </summary>
public static class Init
{
    /// <summary>
    /// The recommended gain for a nonlinearity (torch's <c>calculate_gain</c>): linear/sigmoid/conv 1, tanh 5/3, relu √2,
    /// leaky_relu √(2/(1 + slope²)), selu 3/4.
    /// </summary>
    /// <exception cref="ArgumentException">Unknown nonlinearity.</exception>
    public static double Gain(string nonlinearity, double param = 0.01) => nonlinearity switch
    {
        "linear" or "identity" or "sigmoid" or "conv1d" or "conv2d" => 1.0,
        "tanh" => 5.0 / 3.0,
        "relu" => Math.Sqrt(2.0),
        "leaky_relu" => Math.Sqrt(2.0 / (1 + (param * param))),
        "selu" => 0.75,
        _ => throw new ArgumentException($"unknown nonlinearity \"{nonlinearity}\"; valid: linear, sigmoid, tanh, relu, leaky_relu, selu", nameof(nonlinearity)),
    };

    /// <summary>
    /// (fan_in, fan_out) of a weight: for [out, in, k…] shapes fan_in = in·Πk and fan_out = out·Πk (torch's convention).
    /// </summary>
    /// <exception cref="ArgumentException">The tensor has fewer than 2 dimensions.</exception>
    public static (int FanIn, int FanOut) Fans(Shape shape)
    {
        if (shape.Rank < 2)
        {
            throw new ArgumentException($"Fan in and fan out need a tensor of at least 2 dimensions, got shape {shape}", nameof(shape));
        }

        int receptive = 1;
        for (int i = 2; i < shape.Rank; i++)
        {
            receptive *= shape[i];
        }

        return (shape[1] * receptive, shape[0] * receptive);
    }

    /// <summary>Fills with U(low, high).</summary>
    public static Tensor Uniform(Tensor t, double low, double high, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(rng);
        if (!(low <= high) || !double.IsFinite(low) || !double.IsFinite(high))
        {
            throw new ArgumentException($"Uniform init needs finite low <= high, got {low} and {high}");
        }

        t.CopyFrom(Tensor.Uniform(t.Shape, rng, low, high, t.DType));
        return t;
    }

    /// <summary>Fills with N(mean, std²).</summary>
    public static Tensor Normal(Tensor t, double mean, double std, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(rng);
        if (!(std >= 0) || !double.IsFinite(std) || !double.IsFinite(mean))
        {
            throw new ArgumentException($"Normal init needs a finite mean and std >= 0, got {mean} and {std}");
        }

        t.CopyFrom(Tensor.Normal(t.Shape, rng, mean, std, t.DType));
        return t;
    }

    /// <summary>Fills with a constant.</summary>
    public static Tensor Constant(Tensor t, double value)
    {
        ArgumentNullException.ThrowIfNull(t);
        t.Fill(value);
        return t;
    }

    /// <summary>
    /// Kaiming (He et al. 2015) uniform: U(−b, b), b = gain·√(3/fan), gain for leaky ReLU with slope <paramref name="a"/>.
    /// PyTorch's default for Linear and Conv2d weights is this with a = √5, which gives b = 1/√fan_in.
    /// </summary>
    public static Tensor KaimingUniform(Tensor t, Rng rng, double a = 0, FanMode mode = FanMode.FanIn, string nonlinearity = "leaky_relu")
    {
        ArgumentNullException.ThrowIfNull(t);
        var (fanIn, fanOut) = Fans(t.Shape);
        int fan = mode == FanMode.FanIn ? fanIn : fanOut;
        double bound = Gain(nonlinearity, a) * Math.Sqrt(3.0 / fan);
        return Uniform(t, -bound, bound, rng);
    }

    /// <summary>Kaiming normal: N(0, σ²), σ = gain/√fan.</summary>
    public static Tensor KaimingNormal(Tensor t, Rng rng, double a = 0, FanMode mode = FanMode.FanIn, string nonlinearity = "leaky_relu")
    {
        ArgumentNullException.ThrowIfNull(t);
        var (fanIn, fanOut) = Fans(t.Shape);
        int fan = mode == FanMode.FanIn ? fanIn : fanOut;
        return Normal(t, 0, Gain(nonlinearity, a) / Math.Sqrt(fan), rng);
    }

    /// <summary>Xavier/Glorot (Glorot &amp; Bengio 2010) uniform: U(−b, b), b = gain·√(6/(fan_in + fan_out)).</summary>
    public static Tensor XavierUniform(Tensor t, Rng rng, double gain = 1)
    {
        ArgumentNullException.ThrowIfNull(t);
        var (fanIn, fanOut) = Fans(t.Shape);
        double bound = gain * Math.Sqrt(6.0 / (fanIn + fanOut));
        return Uniform(t, -bound, bound, rng);
    }

    /// <summary>Xavier/Glorot normal: N(0, σ²), σ = gain·√(2/(fan_in + fan_out)).</summary>
    public static Tensor XavierNormal(Tensor t, Rng rng, double gain = 1)
    {
        ArgumentNullException.ThrowIfNull(t);
        var (fanIn, fanOut) = Fans(t.Shape);
        return Normal(t, 0, gain * Math.Sqrt(2.0 / (fanIn + fanOut)), rng);
    }
}
