namespace Descent.Data;

/// <summary>
/// A data set of <see cref="Count"/> samples, read a batch at a time: indices in, one contiguous feature tensor and one target
/// tensor out. Nothing is ever materialised per sample.
/// </summary>
/// <remarks>
/// <para>Targets follow one convention everywhere. For classification (<see cref="ClassCount"/> &gt; 0) each sample's target is a
/// class index: <see cref="Batch.Y"/> has shape <c>[B]</c> and holds the indices as exact floating-point integers (so it has the
/// features' dtype and can enter tensor arithmetic), and <see cref="Batch.Labels"/> holds the same indices as <see cref="int"/>
/// for losses and metrics that index by class. For regression (<see cref="ClassCount"/> = 0) targets are real values of shape
/// <see cref="TargetShape"/> per sample, typically <c>[1]</c> so that a batch's <c>Y</c> is <c>[B, 1]</c> and lines up with the
/// output of a <c>Linear(d, 1)</c> model without broadcasting surprises.</para>
/// <para>This mirrors PyTorch, where cross-entropy takes int64 class indices and MSE takes float targets of the output's shape.
/// Descent tensors are floating point only, hence the pair <c>Y</c> + <c>Labels</c>.</para>
/// </remarks>
public interface IDataset
{
    /// <summary>Number of samples.</summary>
    int Count { get; }

    /// <summary>The shape of one sample's features, such as <c>[1, 28, 28]</c> for a grey image or <c>[2]</c> for a point.</summary>
    Shape SampleShape { get; }

    /// <summary>The shape of one sample's target: <c>[]</c> for a class index, <c>[k]</c> for k real outputs.</summary>
    Shape TargetShape { get; }

    /// <summary>The element type of features and targets (they always share it, so losses can combine them).</summary>
    DType DType { get; }

    /// <summary>Number of classes for classification data; 0 for regression (real-valued targets).</summary>
    int ClassCount { get; }

    /// <summary>Human-readable class names (index = class), or null when unknown or for regression.</summary>
    IReadOnlyList<string>? ClassNames { get; }

    /// <summary>
    /// The samples at <paramref name="indices"/>, in that order, gathered into one contiguous batch. The batch may share storage
    /// with the data set when no copy is needed (a contiguous ascending run of an in-memory set), so treat it as read-only.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside <c>0..Count-1</c>.</exception>
    /// <exception cref="ArgumentException"><paramref name="indices"/> is empty.</exception>
    Batch GetBatch(ReadOnlySpan<int> indices);

    /// <summary>
    /// Copies the samples at <paramref name="indices"/> into caller-owned buffers: the allocation-free path used by the loader's
    /// buffer reuse.
    /// </summary>
    /// <param name="indices">Sample indices, in batch order.</param>
    /// <param name="features">Destination of shape <c>[indices.Length, ..SampleShape]</c> and dtype <see cref="DType"/>.</param>
    /// <param name="targets">Destination of shape <c>[indices.Length, ..TargetShape]</c> and dtype <see cref="DType"/>.</param>
    /// <param name="labels">Destination for class indices (length <c>indices.Length</c>) when <see cref="ClassCount"/> &gt; 0; ignored otherwise.</param>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside <c>0..Count-1</c>.</exception>
    /// <exception cref="ArgumentException">A destination has the wrong shape, dtype or length.</exception>
    void Gather(ReadOnlySpan<int> indices, Tensor features, Tensor targets, Span<int> labels);
}
