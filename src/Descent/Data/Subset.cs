using System.Buffers;
using System.Globalization;

namespace Descent.Data;

/// <summary>
/// The samples of another data set at given indices, without copying (as <c>torch.utils.data.Subset</c>). A subset of a subset
/// maps straight to the underlying set, so there is only ever one level of indirection.
/// </summary>
public sealed class Subset : IDataset
{
    private readonly int[] _indices;

    /// <summary>Creates the subset.</summary>
    /// <param name="source">The underlying data set.</param>
    /// <param name="indices">Indices into <paramref name="source"/> (copied); repeats are allowed.</param>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside the source.</exception>
    public Subset(IDataset source, ReadOnlySpan<int> indices)
    {
        ArgumentNullException.ThrowIfNull(source);
        foreach (var i in indices)
        {
            if ((uint)i >= (uint)source.Count)
            {
                throw DatasetExtensions.IndexOutOfRange(i, source.Count);
            }
        }

        if (source is Subset inner)
        {
            // Compose the maps so batches still cost one gather.
            _indices = new int[indices.Length];
            for (int i = 0; i < indices.Length; i++)
            {
                _indices[i] = inner._indices[indices[i]];
            }

            Source = inner.Source;
        }
        else
        {
            _indices = indices.ToArray();
            Source = source;
        }
    }

    /// <summary>The underlying data set (never itself a <see cref="Subset"/>).</summary>
    public IDataset Source { get; }

    /// <summary>The indices into <see cref="Source"/>.</summary>
    public ReadOnlyMemory<int> Indices => _indices;

    /// <inheritdoc/>
    public int Count => _indices.Length;

    /// <inheritdoc/>
    public Shape SampleShape => Source.SampleShape;

    /// <inheritdoc/>
    public Shape TargetShape => Source.TargetShape;

    /// <inheritdoc/>
    public DType DType => Source.DType;

    /// <inheritdoc/>
    public int ClassCount => Source.ClassCount;

    /// <inheritdoc/>
    public IReadOnlyList<string>? ClassNames => Source.ClassNames;

    /// <inheritdoc/>
    public Batch GetBatch(ReadOnlySpan<int> indices)
    {
        var mapped = ArrayPool<int>.Shared.Rent(Math.Max(1, indices.Length));
        try
        {
            Map(indices, mapped);
            var b = Source.GetBatch(mapped.AsSpan(0, indices.Length));
            return b with { Indices = indices.ToArray() };
        }
        finally
        {
            ArrayPool<int>.Shared.Return(mapped);
        }
    }

    /// <inheritdoc/>
    public void Gather(ReadOnlySpan<int> indices, Tensor features, Tensor targets, Span<int> labels)
    {
        var mapped = ArrayPool<int>.Shared.Rent(Math.Max(1, indices.Length));
        try
        {
            Map(indices, mapped);
            Source.Gather(mapped.AsSpan(0, indices.Length), features, targets, labels);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(mapped);
        }
    }

    /// <summary>Describes the subset.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"Subset({Count} of {Source})");

    private void Map(ReadOnlySpan<int> indices, int[] mapped)
    {
        for (int i = 0; i < indices.Length; i++)
        {
            int k = indices[i];
            if ((uint)k >= (uint)_indices.Length)
            {
                throw DatasetExtensions.IndexOutOfRange(k, _indices.Length);
            }

            mapped[i] = _indices[k];
        }
    }
}
