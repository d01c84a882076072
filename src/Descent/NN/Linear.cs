namespace Descent.NN;

/// <summary>
/// A fully connected layer y = x·Wᵀ + b (<c>torch.nn.Linear</c>), W of shape [out, in]. Default initialisation is PyTorch's:
/// W ~ U(−1/√in, 1/√in) (Kaiming-uniform with a = √5) and b ~ U(−1/√in, 1/√in).
/// </summary>
public sealed class Linear : Module
{
    /// <summary>Creates the layer with PyTorch's default initialisation drawn from <paramref name="rng"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive.</exception>
    public Linear(int inFeatures, int outFeatures, Rng rng, bool bias = true, DType dtype = DType.Float32)
    {
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inFeatures);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outFeatures);
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        Weight = RegisterParameter("weight", Init.KaimingUniform(Tensor.Zeros(new Shape(outFeatures, inFeatures), dtype), rng, a: Math.Sqrt(5)));
        if (bias)
        {
            double bound = 1 / Math.Sqrt(inFeatures);
            Bias = RegisterParameter("bias", Init.Uniform(Tensor.Zeros(new Shape(outFeatures), dtype), -bound, bound, rng));
        }
    }

    /// <summary>Input size.</summary>
    public int InFeatures { get; }

    /// <summary>Output size.</summary>
    public int OutFeatures { get; }

    /// <summary>The weight, [out, in].</summary>
    public Tensor Weight { get; }

    /// <summary>The bias, [out], or null.</summary>
    public Tensor? Bias { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank == 0 || input.Shape[-1] != InFeatures)
        {
            throw new ArgumentException($"Linear({InFeatures}, {OutFeatures}) expects inputs whose last dimension is {InFeatures}, got shape {input.Shape}", nameof(input));
        }

        return Tensor.Linear(input, Weight, Bias);
    }

    /// <summary>
    /// <see cref="Forward(Tensor)"/> followed by <paramref name="activation"/>, fused into one op (<see cref="Tensor.Linear"/>);
    /// the numbers equal those of this layer followed by the activation's module. <see cref="Sequential"/> uses it for a
    /// <see cref="Linear"/> layer followed by <see cref="ReLU"/>, <see cref="Tanh"/>, <see cref="Sigmoid"/> or <see cref="GELU"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The input's last dimension is not <see cref="InFeatures"/>.</exception>
    public Tensor Forward(Tensor input, FusedActivation activation)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank == 0 || input.Shape[-1] != InFeatures)
        {
            throw new ArgumentException($"Linear({InFeatures}, {OutFeatures}) expects inputs whose last dimension is {InFeatures}, got shape {input.Shape}", nameof(input));
        }

        return Tensor.Linear(input, Weight, Bias, activation);
    }
}
