using System.Globalization;

namespace Descent.Data;

/// <summary>
/// An in-memory data set over two tensors whose first dimension indexes samples (as <c>torch.utils.data.TensorDataset</c>).
/// Batches are gathered with one span copy per sample row into a contiguous tensor; a contiguous ascending run of indices is
/// returned as a view with no copy at all (full-batch gradient descent without shuffling reads the data in place).
/// </summary>
public sealed class TensorDataset : IDataset
{
    private readonly int[]? _labels;
    private readonly int _featureRow;
    private readonly int _targetRow;

    /// <summary>A regression data set: real-valued targets.</summary>
    /// <param name="features">Shape <c>[n, ..sampleShape]</c>.</param>
    /// <param name="targets">Shape <c>[n, ..targetShape]</c>, same dtype as <paramref name="features"/>; use <c>[n, 1]</c> for a single output.</param>
    /// <exception cref="ArgumentException">Ranks, sample counts or dtypes do not match.</exception>
    public TensorDataset(Tensor features, Tensor targets)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(targets);
        Validate(features, targets.Rank == 0 ? -1 : targets.Shape[0], nameof(targets));
        if (targets.DType != features.DType)
        {
            throw new ArgumentException(
                $"TensorDataset: targets have dtype {targets.DType.Name()} but features have {features.DType.Name()}; convert one with .To(DType.{features.DType})",
                nameof(targets));
        }

        Features = features.Detach();
        Targets = targets.Detach();
        SampleShape = new Shape(features.Shape.AsSpan()[1..]);
        TargetShape = new Shape(targets.Shape.AsSpan()[1..]);
        _featureRow = SampleShape.Numel;
        _targetRow = TargetShape.Numel;
    }

    /// <summary>A classification data set: each sample has a class index in <c>0..classCount-1</c>.</summary>
    /// <param name="features">Shape <c>[n, ..sampleShape]</c>.</param>
    /// <param name="labels">n class indices (copied).</param>
    /// <param name="classCount">Number of classes; 0 infers <c>max(labels) + 1</c> (or the number of <paramref name="classNames"/>).</param>
    /// <param name="classNames">Optional names, one per class.</param>
    /// <exception cref="ArgumentException">The counts differ, a label is out of range, or the names do not match the class count.</exception>
    public TensorDataset(Tensor features, ReadOnlySpan<int> labels, int classCount = 0, IReadOnlyList<string>? classNames = null)
    {
        ArgumentNullException.ThrowIfNull(features);
        Validate(features, labels.Length, nameof(labels));
        ArgumentOutOfRangeException.ThrowIfNegative(classCount);
        int max = -1;
        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] < 0)
            {
                throw new ArgumentException($"TensorDataset: label {labels[i]} at sample {i} is negative; class indices start at 0", nameof(labels));
            }

            max = Math.Max(max, labels[i]);
        }

        if (classCount == 0)
        {
            classCount = Math.Max(max + 1, classNames?.Count ?? 0);
        }

        if (max >= classCount)
        {
            int at = labels.IndexOf(max);
            throw new ArgumentException(
                $"TensorDataset: label {max} at sample {at} is out of range for {classCount} classes (expected 0..{classCount - 1})", nameof(labels));
        }

        if (classCount == 0)
        {
            throw new ArgumentException("TensorDataset: a classification data set needs at least one class", nameof(classCount));
        }

        if (classNames != null && classNames.Count != classCount)
        {
            throw new ArgumentException($"TensorDataset: {classNames.Count} class names given for {classCount} classes", nameof(classNames));
        }

        _labels = labels.ToArray();
        Features = features.Detach();
        var t = Tensor.Zeros(new Shape(labels.Length), features.DType);
        for (int i = 0; i < _labels.Length; i++)
        {
            t[i] = _labels[i];
        }

        Targets = t;
        ClassCount = classCount;
        ClassNames = classNames?.ToArray();
        SampleShape = new Shape(features.Shape.AsSpan()[1..]);
        TargetShape = Shape.Scalar;
        _featureRow = SampleShape.Numel;
        _targetRow = 1;
    }

    /// <summary>All features, shape <c>[Count, ..SampleShape]</c> (shares storage with the tensor given to the constructor).</summary>
    public Tensor Features { get; }

    /// <summary>All targets, shape <c>[Count, ..TargetShape]</c>; class indices as floats for classification.</summary>
    public Tensor Targets { get; }

    /// <summary>All class indices for classification data; empty for regression.</summary>
    public ReadOnlyMemory<int> Labels => _labels;

    /// <inheritdoc/>
    public int Count => Features.Shape[0];

    /// <inheritdoc/>
    public Shape SampleShape { get; }

    /// <inheritdoc/>
    public Shape TargetShape { get; }

    /// <inheritdoc/>
    public DType DType => Features.DType;

    /// <inheritdoc/>
    public int ClassCount { get; }

    /// <inheritdoc/>
    public IReadOnlyList<string>? ClassNames { get; }

    /// <inheritdoc/>
    public Batch GetBatch(ReadOnlySpan<int> indices)
    {
        if (indices.IsEmpty)
        {
            throw new ArgumentException("GetBatch: no indices given; a batch needs at least one sample", nameof(indices));
        }

        int b = indices.Length;
        int start = indices[0];
        if (IsContiguousRun(indices, Count))
        {
            // A view: full-batch or unshuffled loading costs nothing.
            var xv = new Tensor(Features.Storage, Features.Offset + (start * _featureRow), DatasetExtensions.BatchShape(b, SampleShape));
            var yv = new Tensor(Targets.Storage, Targets.Offset + (start * _targetRow), DatasetExtensions.BatchShape(b, TargetShape));
            return new Batch(xv, yv, b, 0)
            {
                Labels = _labels is null ? ReadOnlyMemory<int>.Empty : _labels.AsMemory(start, b),
                Indices = indices.ToArray(),
            };
        }

        var x = Tensor.Zeros(DatasetExtensions.BatchShape(b, SampleShape), DType);
        var y = Tensor.Zeros(DatasetExtensions.BatchShape(b, TargetShape), DType);
        var labels = _labels is null ? null : new int[b];
        Gather(indices, x, y, labels);
        return new Batch(x, y, b, 0) { Labels = labels, Indices = indices.ToArray() };
    }

    /// <inheritdoc/>
    public void Gather(ReadOnlySpan<int> indices, Tensor features, Tensor targets, Span<int> labels)
    {
        DatasetExtensions.CheckDestinations(this, indices, features, targets, labels);
        if (DType == DType.Float32)
        {
            GatherRows(indices, Features.Span<float>(), features.Span<float>(), _featureRow, Count);
            GatherRows(indices, Targets.Span<float>(), targets.Span<float>(), _targetRow, Count);
        }
        else
        {
            GatherRows(indices, Features.Span<double>(), features.Span<double>(), _featureRow, Count);
            GatherRows(indices, Targets.Span<double>(), targets.Span<double>(), _targetRow, Count);
        }

        if (_labels != null)
        {
            for (int i = 0; i < indices.Length; i++)
            {
                labels[i] = _labels[indices[i]];
            }
        }
    }

    /// <summary>Per-class sample counts (classification only).</summary>
    /// <exception cref="InvalidOperationException">The data set is a regression set.</exception>
    public int[] ClassCounts()
    {
        if (_labels is null)
        {
            throw new InvalidOperationException("ClassCounts: this is a regression data set (it has no class labels)");
        }

        var counts = new int[ClassCount];
        foreach (var l in _labels)
        {
            counts[l]++;
        }

        return counts;
    }

    /// <summary>
    /// Samples <paramref name="start"/> .. <paramref name="start"/> + <paramref name="count"/> − 1 as a data set that shares this
    /// one's storage (no copy), e.g. the first 1,000 training images for a quick experiment.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The range is not inside the data set, or is empty.</exception>
    public TensorDataset Slice(int start, int count)
    {
        if (start < 0 || count < 1 || start > Count - count)
        {
            throw new ArgumentOutOfRangeException(
                nameof(count), string.Create(CultureInfo.InvariantCulture, $"Slice: samples {start}..{start + count - 1} are not inside a data set of {Count} (need start ≥ 0, count ≥ 1)"));
        }

        var f = new Tensor(Features.Storage, Features.Offset + (start * _featureRow), DatasetExtensions.BatchShape(count, SampleShape));
        if (_labels != null)
        {
            return new TensorDataset(f, _labels.AsSpan(start, count), ClassCount, ClassNames);
        }

        var t = new Tensor(Targets.Storage, Targets.Offset + (start * _targetRow), DatasetExtensions.BatchShape(count, TargetShape));
        return new TensorDataset(f, t);
    }

    /// <summary>A copy of this data set with features and targets converted to <paramref name="dtype"/> (this one if it already matches).</summary>
    public TensorDataset To(DType dtype)
    {
        if (dtype == DType)
        {
            return this;
        }

        Tensor f;
        using (Autograd.NoGrad())
        {
            f = Features.To(dtype);
        }

        return _labels != null ? new TensorDataset(f, _labels, ClassCount, ClassNames) : new TensorDataset(f, Targets.Detach().To(dtype).Detach());
    }

    /// <summary>Describes the set, e.g. <c>TensorDataset(1000 samples, features [2], 2 classes, float32)</c>.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"TensorDataset({Count} samples, features {SampleShape}, ") +
        (ClassCount > 0 ? string.Create(CultureInfo.InvariantCulture, $"{ClassCount} classes") : $"targets {TargetShape}") +
        $", {DType.Name()})";

    internal static bool IsContiguousRun(ReadOnlySpan<int> indices, int count)
    {
        int start = indices[0];
        if (start < 0 || start > count - indices.Length)
        {
            return false;
        }

        for (int i = 1; i < indices.Length; i++)
        {
            if (indices[i] != start + i)
            {
                return false;
            }
        }

        return true;
    }

    private static void GatherRows<T>(ReadOnlySpan<int> indices, ReadOnlySpan<T> src, Span<T> dst, int row, int count)
    {
        if (row == 1)
        {
            for (int i = 0; i < indices.Length; i++)
            {
                int k = indices[i];
                if ((uint)k >= (uint)count)
                {
                    throw DatasetExtensions.IndexOutOfRange(k, count);
                }

                dst[i] = src[k];
            }

            return;
        }

        for (int i = 0; i < indices.Length; i++)
        {
            int k = indices[i];
            if ((uint)k >= (uint)count)
            {
                throw DatasetExtensions.IndexOutOfRange(k, count);
            }

            src.Slice(k * row, row).CopyTo(dst.Slice(i * row, row));
        }
    }

    private static void Validate(Tensor features, int targetCount, string targetName)
    {
        if (features.Rank == 0)
        {
            throw new ArgumentException("TensorDataset: features must have a first dimension indexing samples, got a scalar", nameof(features));
        }

        if (targetCount != features.Shape[0])
        {
            throw new ArgumentException(
                targetCount < 0
                    ? "TensorDataset: targets must have a first dimension indexing samples, got a scalar"
                    : $"TensorDataset: features have {features.Shape[0]} samples (shape {features.Shape}) but {targetName} have {targetCount}; the first dimension of both must count samples",
                targetName);
        }
    }
}
