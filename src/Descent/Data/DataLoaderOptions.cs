namespace Descent.Data;

/// <summary>Settings of a <see cref="DataLoader"/> (the constructor with positional arguments covers the common ones).</summary>
public sealed record DataLoaderOptions
{
    /// <summary>Samples per batch, or <see cref="Data.BatchSize.Full"/> for the whole set. Default 32.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Whether each epoch visits the samples in a fresh seeded random order (default true). Without it, every epoch is 0, 1, …, n−1.</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>The shuffle seed: epoch e's order is a function of (<see cref="Seed"/>, e) only.</summary>
    public ulong Seed { get; init; }

    /// <summary>What happens to a partial last batch (default <see cref="Data.LastBatch.Keep"/>).</summary>
    public LastBatch LastBatch { get; init; } = LastBatch.Keep;

    /// <summary>
    /// Batches prepared ahead by one background worker (0 = none, the default). Order and contents are identical with and without
    /// prefetching.
    /// </summary>
    public int Prefetch { get; init; }

    /// <summary>
    /// Gather batches into a small ring of buffers allocated once per epoch instead of fresh tensors per batch. A batch is then
    /// only valid until the next batch is requested, so copy anything you want to keep. Default false.
    /// </summary>
    public bool ReuseBuffers { get; init; }
}
