using System.Globalization;

namespace Descent.Optim;

/// <summary>
/// Gradient accumulation: sums the gradients of several micro-batches (autograd already adds into <see cref="Tensor.Grad"/>), then
/// steps once on their mean (or sum) and clears them, so a large batch can be trained in small pieces.
/// </summary>
/// <example>
/// <code>
/// var acc = new GradientAccumulator(optimizer, microBatches: 4);
/// foreach (var batch in loader) { loss(batch).Backward(); acc.Tick(); }
/// acc.Flush();   // a last, partial group
/// </code>
/// </example>
public sealed class GradientAccumulator
{
    private readonly Optimizer _optimizer;

    /// <summary>Creates an accumulator stepping <paramref name="optimizer"/> every <paramref name="microBatches"/> calls to <see cref="Tick"/>.</summary>
    /// <param name="optimizer">The optimizer to step (one that does not need a closure).</param>
    /// <param name="microBatches">Micro-batches per optimizer step (at least 1).</param>
    /// <param name="average">Divide the summed gradients by the number of micro-batches (as a mean loss over the large batch would).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="microBatches"/> is less than 1.</exception>
    public GradientAccumulator(Optimizer optimizer, int microBatches, bool average = true)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        if (microBatches < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(microBatches), $"micro-batches per step must be at least 1, got {microBatches.ToString(CultureInfo.InvariantCulture)}");
        }

        _optimizer = optimizer;
        MicroBatches = microBatches;
        Average = average;
    }

    /// <summary>Micro-batches per optimizer step.</summary>
    public int MicroBatches { get; }

    /// <summary>Whether gradients are averaged (true) or summed (false) over the micro-batches.</summary>
    public bool Average { get; }

    /// <summary>Micro-batches accumulated since the last step.</summary>
    public int Pending { get; private set; }

    /// <summary>Records that one micro-batch's gradients have been accumulated; steps and clears them when the group is complete.</summary>
    /// <returns>True when this call stepped the optimizer.</returns>
    public bool Tick()
    {
        Pending++;
        if (Pending < MicroBatches)
        {
            return false;
        }

        Apply();
        return true;
    }

    /// <summary>Steps on an incomplete group (averaging over the micro-batches actually seen); does nothing when none is pending.</summary>
    /// <returns>True when it stepped.</returns>
    public bool Flush()
    {
        if (Pending == 0)
        {
            return false;
        }

        Apply();
        return true;
    }

    private void Apply()
    {
        if (Average && Pending > 1)
        {
            foreach (var p in _optimizer.Parameters)
            {
                GradientClipping.Scale(p.Grad, 1.0 / Pending);
            }
        }

        Pending = 0;
        _optimizer.Step();
        _optimizer.ZeroGrad();
    }
}
