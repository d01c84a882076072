namespace Descent.Data;

/// <summary>
/// A <see cref="DataLoader"/>'s cursor, serialisable (plain values), so that training can resume mid-epoch on exactly the batch
/// where it stopped. The permutation itself is not stored: it is recomputed from <see cref="Seed"/> and <see cref="Epoch"/>.
/// </summary>
/// <param name="Epoch">The epoch the cursor is in.</param>
/// <param name="Position">Batches of <paramref name="Epoch"/> already delivered (equal to <paramref name="BatchesPerEpoch"/> once the epoch is complete).</param>
/// <param name="DatasetCount">The data set's size when the state was captured, checked on resume.</param>
/// <param name="BatchSize">The resolved batch size, checked on resume.</param>
/// <param name="BatchesPerEpoch">Batches per epoch (reflects the last-batch policy), checked on resume.</param>
/// <param name="Shuffle">Whether epochs are shuffled, checked on resume.</param>
/// <param name="Seed">The shuffle seed, checked on resume.</param>
public sealed record LoaderState(int Epoch, int Position, int DatasetCount, int BatchSize, int BatchesPerEpoch, bool Shuffle, ulong Seed);
