namespace Descent.NN;

/// <summary>ReLU module: max(x, 0).</summary>
public sealed class ReLU : Module
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => input.Relu();
}

/// <summary>Leaky ReLU module: x if x &gt; 0 else slope·x (default slope 0.01).</summary>
public sealed class LeakyReLU(double negativeSlope = 0.01) : Module
{
    /// <summary>The slope for negative inputs.</summary>
    public double NegativeSlope { get; } = double.IsFinite(negativeSlope)
        ? negativeSlope
        : throw new ArgumentOutOfRangeException(nameof(negativeSlope), $"LeakyReLU: negative_slope must be a finite number, got {negativeSlope.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}");

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => input.LeakyRelu(NegativeSlope);
}

/// <summary>Tanh module.</summary>
public sealed class Tanh : Module
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => input.Tanh();
}

/// <summary>Sigmoid module: 1/(1 + e⁻ˣ).</summary>
public sealed class Sigmoid : Module
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => input.Sigmoid();
}

/// <summary>GELU module (exact erf form, PyTorch's default).</summary>
public sealed class GELU : Module
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => input.Gelu();
}

/// <summary>Identity: returns its input.</summary>
public sealed class Identity : Module
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => input;
}

/// <summary>Flattens dimensions startDim..endDim (default: all but the batch dimension), as <c>torch.nn.Flatten</c>.</summary>
public sealed class Flatten(int startDim = 1, int endDim = -1) : Module
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Flatten(startDim, endDim);
    }
}

/// <summary>
/// Dropout (Srivastava et al. 2014): in training, zeroes each element with probability p and scales the rest by 1/(1 − p);
/// in evaluation, the identity. The mask comes from the module's own seeded <see cref="Rng"/>.
/// </summary>
public sealed class Dropout : Module
{
    private readonly Rng _rng;

    /// <summary>Creates a dropout layer.</summary>
    /// <exception cref="ArgumentOutOfRangeException">p is outside [0, 1].</exception>
    public Dropout(double p = 0.5, ulong seed = 0)
    {
        if (!(p >= 0 && p <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(p), $"dropout probability has to be between 0 and 1, but got {p}");
        }

        P = p;
        _rng = new Rng(seed);
    }

    /// <summary>The probability of zeroing an element.</summary>
    public double P { get; }

    /// <summary>The generator behind the masks (its state belongs in a checkpoint for exact resume).</summary>
    public Rng Generator => _rng;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!IsTraining || P == 0)
        {
            return input;
        }

        if (P == 1)
        {
            return input * 0.0;
        }

        var mask = Tensor.Bernoulli(input.Shape, 1 - P, _rng, input.DType);
        return input * mask.Mul(1.0 / (1 - P));
    }
}

/// <summary>Softmax over one dimension (default the last): e^{xᵢ}/Σⱼe^{xⱼ}, computed stably (<c>torch.nn.Softmax</c>).</summary>
public sealed class Softmax(int dim = -1) : Module
{
    /// <summary>The dimension normalised over.</summary>
    public int Dim { get; } = dim;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Softmax(Dim);
    }
}

/// <summary>Log-softmax over one dimension (default the last): xᵢ − log Σⱼe^{xⱼ} (<c>torch.nn.LogSoftmax</c>).</summary>
public sealed class LogSoftmax(int dim = -1) : Module
{
    /// <summary>The dimension normalised over.</summary>
    public int Dim { get; } = dim;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.LogSoftmax(Dim);
    }
}
