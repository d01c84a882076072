namespace Descent.NN;

/// <summary>
/// 2-D convolution (cross-correlation, as <c>torch.nn.Conv2d</c>): y[n, o] = b[o] + Σ_c W[o, c] ⋆ x[n, c], computed as
/// im2col followed by one matrix product per batch. Weights [out, in, kh, kw]; PyTorch's default initialisation
/// (Kaiming-uniform with a = √5, bias U(−1/√fan_in, 1/√fan_in)).
/// </summary>
public sealed class Conv2d : Module
{
    /// <summary>Creates the layer.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive or padding is negative.</exception>
    public Conv2d(int inChannels, int outChannels, int kernelSize, Rng rng, int stride = 1, int padding = 0, bool bias = true, DType dtype = DType.Float32)
        : this(inChannels, outChannels, (kernelSize, kernelSize), rng, (stride, stride), (padding, padding), bias, dtype)
    {
    }

    /// <summary>Creates the layer with separate height and width settings.</summary>
    public Conv2d(int inChannels, int outChannels, (int H, int W) kernelSize, Rng rng, (int H, int W) stride, (int H, int W) padding, bool bias = true, DType dtype = DType.Float32)
    {
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inChannels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outChannels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(kernelSize.H);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(kernelSize.W);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stride.H);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stride.W);
        ArgumentOutOfRangeException.ThrowIfNegative(padding.H);
        ArgumentOutOfRangeException.ThrowIfNegative(padding.W);
        InChannels = inChannels;
        OutChannels = outChannels;
        Window = new Window2d(kernelSize, stride, padding, (1, 1));
        Weight = RegisterParameter("weight", Init.KaimingUniform(Tensor.Zeros(new Shape(outChannels, inChannels, kernelSize.H, kernelSize.W), dtype), rng, a: Math.Sqrt(5)));
        if (bias)
        {
            double bound = 1 / Math.Sqrt(inChannels * kernelSize.H * kernelSize.W);
            Bias = RegisterParameter("bias", Init.Uniform(Tensor.Zeros(new Shape(outChannels), dtype), -bound, bound, rng));
        }
    }

    /// <summary>Input channels.</summary>
    public int InChannels { get; }

    /// <summary>Output channels.</summary>
    public int OutChannels { get; }

    /// <summary>Kernel, stride, padding and dilation.</summary>
    public Window2d Window { get; }

    /// <summary>The filters, [out, in, kh, kw].</summary>
    public Tensor Weight { get; }

    /// <summary>The bias, [out], or null.</summary>
    public Tensor? Bias { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank != 4 || input.Shape[1] != InChannels)
        {
            throw new ArgumentException($"Conv2d({InChannels}, {OutChannels}) expects input [batch, {InChannels}, height, width], got shape {input.Shape}", nameof(input));
        }

        return Tensor.Conv2d(input, Weight, Bias, Window);
    }
}

/// <summary>2-D max pooling (<c>torch.nn.MaxPool2d</c>); the stride defaults to the kernel size.</summary>
public sealed class MaxPool2d(int kernelSize, int? stride = null, int padding = 0) : Module
{
    /// <summary>The pooling window.</summary>
    public Window2d Window { get; } = new((kernelSize, kernelSize), (stride ?? kernelSize, stride ?? kernelSize), (padding, padding), (1, 1));

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Tensor.MaxPool2d(input, Window);
}

/// <summary>2-D average pooling (<c>torch.nn.AvgPool2d</c>, padding counted); the stride defaults to the kernel size.</summary>
public sealed class AvgPool2d(int kernelSize, int? stride = null, int padding = 0) : Module
{
    /// <summary>The pooling window.</summary>
    public Window2d Window { get; } = new((kernelSize, kernelSize), (stride ?? kernelSize, stride ?? kernelSize), (padding, padding), (1, 1));

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Tensor.AvgPool2d(input, Window);
}
