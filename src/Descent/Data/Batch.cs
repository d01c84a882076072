namespace Descent.Data;

/// <summary>One batch of samples: features <see cref="X"/> (<c>[Count, ..SampleShape]</c>) and targets <see cref="Y"/>.</summary>
/// <param name="X">Features, shape <c>[Count, ..SampleShape]</c>, contiguous.</param>
/// <param name="Y">Targets: <c>[Count]</c> class indices as exact floats for classification, <c>[Count, ..TargetShape]</c> real values for regression.</param>
/// <param name="Count">The actual number of samples, which the loss should normalise by (the last batch of an epoch may be smaller than the nominal batch size).</param>
/// <param name="Index">The batch's position within its epoch, from 0.</param>
/// <remarks>
/// A batch may share storage with its data set (a contiguous run of an in-memory set) or with later batches (a loader with
/// <see cref="DataLoaderOptions.ReuseBuffers"/>), so treat its tensors as read-only and copy anything you want to keep.
/// </remarks>
public sealed record Batch(Tensor X, Tensor Y, int Count, int Index)
{
    /// <summary>The epoch the batch belongs to (0 for batches not produced by a <see cref="DataLoader"/>).</summary>
    public int Epoch { get; init; }

    /// <summary>Class indices as integers for classification data (the same values as <see cref="Y"/>); empty for regression.</summary>
    public ReadOnlyMemory<int> Labels { get; init; }

    /// <summary>The data-set indices of the samples, in batch order.</summary>
    public ReadOnlyMemory<int> Indices { get; init; }
}
