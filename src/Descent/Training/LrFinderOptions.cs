using System.Globalization;

namespace Descent.Training;

/// <summary>Settings of the <see cref="LrFinder"/>'s sweep. The defaults are fastai's <c>lr_find</c>.</summary>
public sealed record LrFinderOptions
{
    /// <summary>The first learning rate (default 1e-7).</summary>
    public double StartLr { get; init; } = 1e-7;

    /// <summary>The last learning rate (default 10).</summary>
    public double EndLr { get; init; } = 10;

    /// <summary>Steps of the sweep, one batch each (default 100); the rate grows by (EndLr/StartLr)^(1/(Steps−1)) per step.</summary>
    public int Steps { get; init; } = 100;

    /// <summary>β of the exponential moving average that smooths the loss, with bias correction (default 0.98).</summary>
    public double Smoothing { get; init; } = 0.98;

    /// <summary>Stop once the smoothed loss exceeds this multiple of its minimum (default 4).</summary>
    public double DivergenceFactor { get; init; } = 4;

    /// <summary>Leading points ignored by the steepest-descent suggestion, where the average is still settling (default 5).</summary>
    public int SkipStart { get; init; } = 5;

    /// <summary>The loss; default: cross-entropy for classification data, MSE for regression.</summary>
    public LossFunction? Loss { get; init; }

    /// <summary>
    /// Runs each step's forward and backward pass in a <see cref="TensorPool"/> scope and zeroes the gradients in place, as the
    /// <see cref="Trainer"/> does (default on), so a step allocates almost no tensor storage. The curve is bit-identical either way.
    /// </summary>
    public bool PoolTensors { get; init; } = true;

    /// <summary>Checks every value.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range; the message and the parameter name say which.</exception>
    public void Validate()
    {
        var inv = CultureInfo.InvariantCulture;
        if (!(StartLr > 0 && double.IsFinite(StartLr) && EndLr > StartLr && double.IsFinite(EndLr)))
        {
            throw new ArgumentOutOfRangeException(StartLr > 0 && double.IsFinite(StartLr) ? nameof(EndLr) : nameof(StartLr),
                string.Create(inv, $"the learning-rate finder needs 0 < StartLr < EndLr (finite), got {StartLr:R} and {EndLr:R}"));
        }

        if (Steps < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(Steps), string.Create(inv, $"the learning-rate finder needs at least 2 steps, got {Steps}"));
        }

        if (!(Smoothing >= 0 && Smoothing < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Smoothing), string.Create(inv, $"the smoothing factor must be in [0, 1), got {Smoothing:R}"));
        }

        if (!(DivergenceFactor > 1) || !double.IsFinite(DivergenceFactor))
        {
            throw new ArgumentOutOfRangeException(nameof(DivergenceFactor), string.Create(inv, $"the divergence factor must be a finite number greater than 1, got {DivergenceFactor:R}"));
        }

        if (SkipStart < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(SkipStart), string.Create(inv, $"SkipStart must be ≥ 0, got {SkipStart}"));
        }
    }
}
