namespace Descent.Data;

/// <summary>A data set whose features are standardised by a <see cref="Standardizer"/> as each batch is gathered.</summary>
public sealed class StandardizedDataset : IDataset
{
    internal StandardizedDataset(IDataset source, Standardizer standardizer)
    {
        Source = source;
        Standardizer = standardizer;
    }

    /// <summary>The raw data set.</summary>
    public IDataset Source { get; }

    /// <summary>The transform applied to every batch.</summary>
    public Standardizer Standardizer { get; }

    /// <inheritdoc/>
    public int Count => Source.Count;

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
        // Always gather into fresh buffers: the source may return a view of its storage, which must not be modified.
        var b = DatasetExtensions.AllocateBatch(Source, indices);
        Standardizer.TransformInPlace(b.X);
        return b;
    }

    /// <inheritdoc/>
    public void Gather(ReadOnlySpan<int> indices, Tensor features, Tensor targets, Span<int> labels)
    {
        Source.Gather(indices, features, targets, labels);
        Standardizer.TransformInPlace(features);
    }
}
