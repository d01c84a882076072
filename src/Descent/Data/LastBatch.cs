using System.Globalization;

namespace Descent.Data;

/// <summary>
/// What the loader does with the last batch of an epoch when the data set size is not a multiple of the batch size:
/// <see cref="Keep"/> it (PyTorch's <c>drop_last=False</c>), <see cref="Drop"/> it (<c>drop_last=True</c>), or drop it only when it
/// is smaller than k samples (<see cref="DropIfSmallerThan"/>), which avoids tiny noisy steps and batch-norm failures on a batch of 1.
/// </summary>
public readonly record struct LastBatch
{
    private readonly int _minSize; // 0 = keep, -1 = drop any partial batch, k = drop when smaller than k

    private LastBatch(int minSize) => _minSize = minSize;

    /// <summary>Keep a partial last batch (the default).</summary>
    public static LastBatch Keep => default;

    /// <summary>Drop a partial last batch, so every batch has exactly the batch size.</summary>
    public static LastBatch Drop => new(-1);

    /// <summary>Drop a partial last batch only when it has fewer than <paramref name="minSize"/> samples.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="minSize"/> is less than 1.</exception>
    public static LastBatch DropIfSmallerThan(int minSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minSize, 1);
        return new(minSize);
    }

    /// <summary>Whether a partial last batch of <paramref name="size"/> samples is kept with nominal batch size <paramref name="batchSize"/>.</summary>
    public bool KeepsPartial(int size, int batchSize) => _minSize switch
    {
        0 => size > 0,
        -1 => size >= batchSize,
        _ => size >= _minSize,
    };

    /// <summary><c>keep</c>, <c>drop</c> or <c>drop-if-smaller-than-k</c>.</summary>
    public override string ToString() => _minSize switch
    {
        0 => "keep",
        -1 => "drop",
        _ => "drop-if-smaller-than-" + _minSize.ToString(CultureInfo.InvariantCulture),
    };
}
