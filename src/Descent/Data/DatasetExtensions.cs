using System.Globalization;

namespace Descent.Data;

/// <summary>Helpers over any <see cref="IDataset"/>.</summary>
public static class DatasetExtensions
{
    /// <summary>Whether the data set is a classification set (its targets are class indices).</summary>
    public static bool IsClassification(this IDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return dataset.ClassCount > 0;
    }

    /// <summary>
    /// The whole data set as one in-memory <see cref="TensorDataset"/> with contiguous storage (the set itself when it already is
    /// one). Useful after a split or a lazy transform, so that later batches are plain row copies.
    /// </summary>
    public static TensorDataset Materialize(this IDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        if (dataset is TensorDataset t)
        {
            return t;
        }

        if (dataset.Count == 0)
        {
            throw new ArgumentException("Materialize: the data set is empty", nameof(dataset));
        }

        var all = new int[dataset.Count];
        for (int i = 0; i < all.Length; i++)
        {
            all[i] = i;
        }

        var x = Tensor.Zeros(BatchShape(all.Length, dataset.SampleShape), dataset.DType);
        var y = Tensor.Zeros(BatchShape(all.Length, dataset.TargetShape), dataset.DType);
        var labels = dataset.ClassCount > 0 ? new int[all.Length] : [];
        dataset.Gather(all, x, y, labels);
        return dataset.ClassCount > 0 ? new TensorDataset(x, labels, dataset.ClassCount, dataset.ClassNames) : new TensorDataset(x, y);
    }

    /// <summary>Per-class sample counts of a classification set.</summary>
    /// <exception cref="InvalidOperationException">The data set is a regression set.</exception>
    public static int[] ClassCounts(this IDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        if (dataset is TensorDataset t)
        {
            return t.ClassCounts();
        }

        var labels = AllLabels(dataset);
        var counts = new int[dataset.ClassCount];
        foreach (var l in labels)
        {
            counts[l]++;
        }

        return counts;
    }

    /// <summary>The class index of every sample, in order (classification sets only).</summary>
    /// <exception cref="InvalidOperationException">The data set is a regression set.</exception>
    public static int[] AllLabels(this IDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        if (dataset.ClassCount == 0)
        {
            throw new InvalidOperationException("This is a regression data set (it has no class labels)");
        }

        if (dataset is TensorDataset t)
        {
            return t.Labels.ToArray();
        }

        var labels = new int[dataset.Count];
        const int Chunk = 4096;
        var idx = new int[Math.Min(Chunk, Math.Max(1, dataset.Count))];
        for (int start = 0; start < dataset.Count; start += Chunk)
        {
            int b = Math.Min(Chunk, dataset.Count - start);
            for (int i = 0; i < b; i++)
            {
                idx[i] = start + i;
            }

            var batch = dataset.GetBatch(idx.AsSpan(0, b));
            batch.Labels.Span.CopyTo(labels.AsSpan(start));
        }

        return labels;
    }

    /// <summary>The shape of a batch of <paramref name="count"/> items of <paramref name="item"/> shape: <c>[count, ..item]</c>.</summary>
    internal static Shape BatchShape(int count, Shape item)
    {
        Span<int> dims = stackalloc int[item.Rank + 1];
        dims[0] = count;
        item.AsSpan().CopyTo(dims[1..]);
        return new Shape(dims);
    }

    /// <summary>Allocates a batch and fills it with <see cref="IDataset.Gather"/>: the generic <see cref="IDataset.GetBatch"/>.</summary>
    internal static Batch AllocateBatch(IDataset dataset, ReadOnlySpan<int> indices)
    {
        if (indices.IsEmpty)
        {
            throw new ArgumentException("GetBatch: no indices given; a batch needs at least one sample", nameof(indices));
        }

        int b = indices.Length;
        var x = Tensor.Zeros(BatchShape(b, dataset.SampleShape), dataset.DType);
        var y = Tensor.Zeros(BatchShape(b, dataset.TargetShape), dataset.DType);
        var labels = dataset.ClassCount > 0 ? new int[b] : null;
        dataset.Gather(indices, x, y, labels);
        return new Batch(x, y, b, 0) { Labels = labels, Indices = indices.ToArray() };
    }

    /// <summary>Validates the destinations given to <see cref="IDataset.Gather"/>.</summary>
    internal static void CheckDestinations(IDataset dataset, ReadOnlySpan<int> indices, Tensor features, Tensor targets, Span<int> labels)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(targets);
        int b = indices.Length;
        var fs = BatchShape(b, dataset.SampleShape);
        if (features.Shape != fs || features.DType != dataset.DType)
        {
            throw new ArgumentException(
                $"Gather: the feature buffer is {features.Shape} {features.DType.Name()}, expected {fs} {dataset.DType.Name()} for {b} samples", nameof(features));
        }

        var ts = BatchShape(b, dataset.TargetShape);
        if (targets.Shape != ts || targets.DType != dataset.DType)
        {
            throw new ArgumentException(
                $"Gather: the target buffer is {targets.Shape} {targets.DType.Name()}, expected {ts} {dataset.DType.Name()} for {b} samples", nameof(targets));
        }

        if (dataset.ClassCount > 0 && labels.Length != b)
        {
            throw new ArgumentException($"Gather: the label buffer has length {labels.Length}, expected {b}", nameof(labels));
        }
    }

    internal static ArgumentOutOfRangeException IndexOutOfRange(int index, int count) =>
        new("indices", string.Create(CultureInfo.InvariantCulture, $"Sample index {index} is out of range for a data set of {count} samples (expected 0..{count - 1})"));
}
