namespace Descent.NN;

/// <summary>
/// Batch normalisation (Ioffe &amp; Szegedy 2015), as <c>torch.nn.BatchNorm1d/2d</c>: y = (x − μ)/√(σ² + ε)·γ + β per channel
/// (dimension 1). In training μ, σ² are the batch statistics (biased variance) and the running estimates move by
/// r ← (1 − m)·r + m·stat with the unbiased variance; in evaluation the running estimates are used.
/// </summary>
public abstract class BatchNorm : Module
{
    private readonly int _expectedRank;

    /// <summary>Creates the layer for <paramref name="features"/> channels.</summary>
    private protected BatchNorm(int features, int expectedRank, double eps, double momentum, bool affine, DType dtype)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(features);
        if (!(eps > 0) || !double.IsFinite(eps) || !(momentum >= 0 && momentum <= 1))
        {
            throw new ArgumentOutOfRangeException(!(eps > 0) || !double.IsFinite(eps) ? nameof(eps) : nameof(momentum),
                $"BatchNorm: eps must be a positive finite number and momentum in [0, 1], got eps {eps.ToString("R", System.Globalization.CultureInfo.InvariantCulture)} and momentum {momentum.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}");
        }

        Features = features;
        Eps = eps;
        Momentum = momentum;
        _expectedRank = expectedRank;
        if (affine)
        {
            Weight = RegisterParameter("weight", Tensor.Ones(new Shape(features), dtype));
            Bias = RegisterParameter("bias", Tensor.Zeros(new Shape(features), dtype));
        }

        RunningMean = RegisterBuffer("running_mean", Tensor.Zeros(new Shape(features), dtype));
        RunningVar = RegisterBuffer("running_var", Tensor.Ones(new Shape(features), dtype));
        NumBatchesTracked = RegisterBuffer("num_batches_tracked", Tensor.Zeros(Shape.Scalar, DType.Float64));
    }

    /// <summary>Number of channels.</summary>
    public int Features { get; }

    /// <summary>ε added to the variance.</summary>
    public double Eps { get; }

    /// <summary>Weight m of the new statistic in the running averages (torch's default 0.1).</summary>
    public double Momentum { get; }

    /// <summary>γ, or null when not affine.</summary>
    public Tensor? Weight { get; }

    /// <summary>β, or null when not affine.</summary>
    public Tensor? Bias { get; }

    /// <summary>Running mean per channel.</summary>
    public Tensor RunningMean { get; }

    /// <summary>Running (unbiased) variance per channel.</summary>
    public Tensor RunningVar { get; }

    /// <summary>How many training batches have updated the running statistics.</summary>
    public Tensor NumBatchesTracked { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank != _expectedRank && !(_expectedRank == 3 && input.Rank == 2))
        {
            throw new ArgumentException($"{GetType().Name}: expected a {(_expectedRank == 4 ? "4-D [batch, channels, height, width]" : "2-D [batch, features] or 3-D [batch, features, length]")} input, got shape {input.Shape}", nameof(input));
        }

        if (input.Shape[1] != Features)
        {
            throw new ArgumentException($"{GetType().Name}({Features}) got {input.Shape[1]} channels in input of shape {input.Shape}", nameof(input));
        }

        var axes = Enumerable.Range(0, input.Rank).Where(a => a != 1).ToArray();
        var statShape = Enumerable.Range(0, input.Rank).Select(a => a == 1 ? Features : 1).ToArray();
        Tensor mean, var;
        if (IsTraining)
        {
            int count = input.Numel / Features;
            if (count <= 1)
            {
                throw new ArgumentException($"Expected more than 1 value per channel when training, got input size {input.Shape}", nameof(input));
            }

            mean = input.Mean(axes, keepDim: true);
            var centered = input - mean;
            var = (centered * centered).Mean(axes, keepDim: true);
            using (Autograd.NoGrad())
            {
                var m = Momentum;
                RunningMean.CopyFrom((RunningMean * (1 - m)) + (mean.Detach().Reshape(Features) * m));
                RunningVar.CopyFrom((RunningVar * (1 - m)) + (var.Detach().Reshape(Features) * (m * count / (count - 1.0))));
                NumBatchesTracked[0] = NumBatchesTracked[0] + 1;
            }
        }
        else
        {
            mean = RunningMean.Reshape(statShape);
            var = RunningVar.Reshape(statShape);
        }

        var y = (input - mean) * (var + Eps).Rsqrt();
        if (Weight != null && Bias != null)
        {
            y = (y * Weight.Reshape(statShape)) + Bias.Reshape(statShape);
        }

        return y;
    }
}

/// <summary>Batch normalisation over [batch, features] or [batch, features, length] (<c>torch.nn.BatchNorm1d</c>).</summary>
public sealed class BatchNorm1d(int features, double eps = 1e-5, double momentum = 0.1, bool affine = true, DType dtype = DType.Float32)
    : BatchNorm(features, 3, eps, momentum, affine, dtype);

/// <summary>Batch normalisation over [batch, channels, height, width] (<c>torch.nn.BatchNorm2d</c>).</summary>
public sealed class BatchNorm2d(int features, double eps = 1e-5, double momentum = 0.1, bool affine = true, DType dtype = DType.Float32)
    : BatchNorm(features, 4, eps, momentum, affine, dtype);
