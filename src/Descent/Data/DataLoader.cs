using System.Collections;
using System.Globalization;

namespace Descent.Data;

/// <summary>
/// Splits a data set into batches, epoch after epoch, as PyTorch's <c>DataLoader</c>: seeded per-epoch shuffling, a last-batch
/// policy, optional background prefetch, and a serialisable cursor for exact mid-epoch resume.
/// </summary>
/// <remarks>
/// <para><b>Order.</b> Epoch e visits the samples in the order <see cref="Order"/>(e), a Fisher–Yates permutation drawn from
/// <c>Rng.ForStream(Seed, e)</c>, so it depends only on the seed and the epoch: every sample appears exactly once per epoch, every
/// epoch has a different order, and a resumed run sees the same order as an uninterrupted one. Without shuffling the order is
/// 0..n−1. Batch k of an epoch is positions <c>k·B .. min((k+1)·B, n) − 1</c> of that order.</para>
/// <para><b>Cursor.</b> The loader is a cursor (<see cref="Epoch"/>, <see cref="Position"/>) over an endless sequence of epochs.
/// <c>foreach (var batch in loader)</c> yields the rest of the current epoch and advances the cursor batch by batch; when an epoch
/// is complete, the next <c>foreach</c> starts the following one. So the training loop is</para>
/// <code>
/// for (int e = 0; e &lt; epochs; e++)
///     foreach (var batch in loader) { ... }
/// </code>
/// <para>and breaking out early (or checkpointing with <see cref="GetState"/>) leaves the cursor on the next unseen batch.
/// <see cref="SetEpoch"/> moves the cursor to the start of an epoch (like <c>DistributedSampler.set_epoch</c>).
/// <see cref="EpochBatches"/> enumerates any epoch without touching the cursor; <see cref="Steps"/> runs a number of batches across
/// epoch boundaries; <see cref="EnumerateAsync"/> is the <c>await foreach</c> form with cancellation.</para>
/// <para><b>Prefetch.</b> With <see cref="Prefetch"/> &gt; 0 one background task gathers up to that many batches ahead into a bounded
/// <see cref="System.Threading.Channels.Channel{T}"/>. Batches are produced strictly in order, so the output is identical to
/// loading without prefetch. Disposing the enumerator (which <c>foreach</c> does, also on <c>break</c> or an exception) cancels and
/// joins the worker; an enumerator that is abandoned without disposal is stopped when the next enumeration starts or when it
/// is garbage-collected, and a stopped worker never holds a thread.</para>
/// <para>Without <see cref="DataLoaderOptions.ReuseBuffers"/> every batch has its own tensors (one allocation per batch, never
/// per sample). An unshuffled contiguous batch of an in-memory set is a view of the data with no copy at all.</para>
/// </remarks>
public sealed partial class DataLoader : IEnumerable<Batch>
{
    private int _epoch;
    private int _position;
    private long _version;
    private WeakReference<LoaderEnumerator>? _current;
    private int _activeWorkers;

    /// <summary>Creates a loader.</summary>
    /// <param name="dataset">The samples.</param>
    /// <param name="batchSize">Samples per batch, or <see cref="Data.BatchSize.Full"/> for the whole set (full-batch GD).</param>
    /// <param name="shuffle">Visit samples in a fresh seeded order each epoch (default true).</param>
    /// <param name="seed">The shuffle seed.</param>
    /// <param name="dropLast">Drop a partial last batch (PyTorch's <c>drop_last</c>).</param>
    /// <param name="prefetch">Batches prepared ahead by a background worker (0 = none).</param>
    /// <exception cref="ArgumentException">The data set is empty, the batch size is not positive (nor <see cref="Data.BatchSize.Full"/>), or dropping the last batch leaves no batch.</exception>
    public DataLoader(IDataset dataset, int batchSize, bool shuffle = true, ulong seed = 0, bool dropLast = false, int prefetch = 0)
        : this(dataset, new DataLoaderOptions
        {
            BatchSize = batchSize,
            Shuffle = shuffle,
            Seed = seed,
            LastBatch = dropLast ? LastBatch.Drop : LastBatch.Keep,
            Prefetch = prefetch,
        })
    {
    }

    /// <summary>Creates a loader from options.</summary>
    /// <exception cref="ArgumentException">See <see cref="DataLoader(IDataset, int, bool, ulong, bool, int)"/>; also a negative prefetch depth.</exception>
    public DataLoader(IDataset dataset, DataLoaderOptions options)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(options);
        int n = dataset.Count;
        if (n <= 0)
        {
            throw new ArgumentException("DataLoader: the data set is empty; there is nothing to load", nameof(dataset));
        }

        if (options.BatchSize != Data.BatchSize.Full && options.BatchSize < 1)
        {
            throw new ArgumentOutOfRangeException(
                "options.BatchSize",
                string.Create(CultureInfo.InvariantCulture, $"DataLoader: batch size must be at least 1 (or BatchSize.Full for the whole set), got {options.BatchSize}"));
        }

        if (options.Prefetch is < 0 or > 4096)
        {
            throw new ArgumentOutOfRangeException(
                "options.Prefetch",
                string.Create(CultureInfo.InvariantCulture, $"DataLoader: prefetch must be between 0 (off) and 4096 batches, got {options.Prefetch}"));
        }

        Dataset = dataset;
        Options = options;
        BatchSize = options.BatchSize == Data.BatchSize.Full ? n : Math.Min(options.BatchSize, n);
        NominalBatchSize = options.BatchSize == Data.BatchSize.Full ? n : options.BatchSize;
        int full = n / NominalBatchSize, rest = n % NominalBatchSize;
        bool keepRest = rest > 0 && options.LastBatch.KeepsPartial(rest, NominalBatchSize);
        BatchesPerEpoch = full + (keepRest ? 1 : 0);
        LastBatchSize = keepRest ? rest : NominalBatchSize;
        if (BatchesPerEpoch == 0)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture,
                    $"DataLoader: {n} samples with batch size {NominalBatchSize} and last-batch policy \"{options.LastBatch}\" give no batch at all; use a smaller batch size or keep the last batch"));
        }

        SamplesPerEpoch = ((BatchesPerEpoch - 1) * NominalBatchSize) + LastBatchSize;
    }

    /// <summary>The data set.</summary>
    public IDataset Dataset { get; }

    /// <summary>The options the loader was created with.</summary>
    public DataLoaderOptions Options { get; }

    /// <summary>The size of a full batch: the requested size, or the data set size for <see cref="Data.BatchSize.Full"/> or a larger request.</summary>
    public int BatchSize { get; }

    /// <summary>Whether epochs are shuffled.</summary>
    public bool Shuffle => Options.Shuffle;

    /// <summary>The shuffle seed.</summary>
    public ulong Seed => Options.Seed;

    /// <summary>Batches prepared ahead by the background worker (0 = no prefetch).</summary>
    public int Prefetch => Options.Prefetch;

    /// <summary>Batches (optimizer steps) per epoch: PyTorch's <c>len(loader)</c>.</summary>
    public int BatchesPerEpoch { get; }

    /// <summary>Size of the last batch of each epoch (equal to <see cref="BatchSize"/> when the set divides evenly or a partial batch is dropped).</summary>
    public int LastBatchSize { get; }

    /// <summary>Samples seen per epoch (fewer than the data set when a partial last batch is dropped).</summary>
    public int SamplesPerEpoch { get; }

    /// <summary>Which of the lectures' regimes this loader implements: full-batch, stochastic (batch 1) or mini-batch.</summary>
    public BatchRegime Regime => BatchSize >= Dataset.Count ? BatchRegime.FullBatch : BatchSize == 1 ? BatchRegime.Stochastic : BatchRegime.MiniBatch;

    /// <summary>The epoch the cursor is in (starts at 0).</summary>
    public int Epoch => _epoch;

    /// <summary>Batches of <see cref="Epoch"/> already delivered; equals <see cref="BatchesPerEpoch"/> once the epoch is complete.</summary>
    public int Position => _position;

    /// <summary>Background workers currently alive (for tests of the no-leaked-thread guarantee).</summary>
    internal int ActiveWorkers => Volatile.Read(ref _activeWorkers);

    private int NominalBatchSize { get; }

    /// <summary>A full-batch loader (batch = the whole set, one step per epoch), unshuffled so each batch is the data itself.</summary>
    public static DataLoader FullBatch(IDataset dataset) => new(dataset, Data.BatchSize.Full, shuffle: false);

    /// <summary>A stochastic loader: one sample per step, in a fresh seeded order each epoch.</summary>
    public static DataLoader Stochastic(IDataset dataset, ulong seed = 0) => new(dataset, 1, shuffle: true, seed);

    /// <summary>A mini-batch loader: batches of <paramref name="batchSize"/>, reshuffled every epoch.</summary>
    public static DataLoader MiniBatch(IDataset dataset, int batchSize, ulong seed = 0, bool dropLast = false) =>
        new(dataset, batchSize, shuffle: true, seed, dropLast);

    /// <summary>A loader for one of the lectures' regimes (<paramref name="miniBatchSize"/> is used for <see cref="BatchRegime.MiniBatch"/> only).</summary>
    public static DataLoader ForRegime(IDataset dataset, BatchRegime regime, int miniBatchSize = 32, ulong seed = 0) => regime switch
    {
        BatchRegime.FullBatch => FullBatch(dataset),
        BatchRegime.Stochastic => Stochastic(dataset, seed),
        BatchRegime.MiniBatch => MiniBatch(dataset, miniBatchSize, seed),
        _ => throw new ArgumentOutOfRangeException(nameof(regime), regime, "Unknown batch regime"),
    };

    /// <summary>
    /// Steps (batches) in one epoch of <paramref name="samples"/> samples: ⌈n/B⌉, or ⌊n/B⌋ when dropping a partial last batch.
    /// 3,200 samples at batch size 32 give 100 steps.
    /// </summary>
    /// <param name="samples">Data set size.</param>
    /// <param name="batchSize">Batch size, or <see cref="Data.BatchSize.Full"/>.</param>
    /// <param name="dropLast">Whether a partial last batch is dropped.</param>
    /// <exception cref="ArgumentOutOfRangeException">A negative sample count or an invalid batch size.</exception>
    public static int StepsPerEpoch(int samples, int batchSize, bool dropLast = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(samples);
        if (batchSize == Data.BatchSize.Full)
        {
            return samples > 0 ? 1 : 0;
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        return dropLast ? samples / batchSize : (int)(((long)samples + batchSize - 1) / batchSize);
    }

    /// <summary>
    /// The order in which epoch <paramref name="epoch"/> visits the samples: a permutation of 0..n−1 that depends only on
    /// (<see cref="Seed"/>, <paramref name="epoch"/>), or the identity without shuffling.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epoch"/> is negative.</exception>
    public int[] Order(int epoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        if (Shuffle)
        {
            return Rng.ForStream(Seed, (ulong)epoch).Permutation(Dataset.Count);
        }

        var order = new int[Dataset.Count];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        return order;
    }

    /// <summary>Moves the cursor to the start of epoch <paramref name="epoch"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epoch"/> is negative.</exception>
    public void SetEpoch(int epoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        _epoch = epoch;
        _position = 0;
        _version++;
    }

    /// <summary>The cursor and the settings it depends on, for a checkpoint.</summary>
    public LoaderState GetState() => new(_epoch, _position, Dataset.Count, BatchSize, BatchesPerEpoch, Shuffle, Seed);

    /// <summary>Restores a cursor captured by <see cref="GetState"/>: the next batch is the one that would have followed.</summary>
    /// <exception cref="ArgumentException">The state was captured with another data set size, batch size, last-batch policy, shuffle setting or seed, or is malformed.</exception>
    public void SetState(LoaderState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var inv = CultureInfo.InvariantCulture;
        string where = string.Create(inv, $"at batch {state.Position} of epoch {state.Epoch}");
        if (state.DatasetCount != Dataset.Count)
        {
            throw new ArgumentException(
                string.Create(inv, $"Cannot resume the data loader: its state was saved {where} for a data set of {state.DatasetCount} samples, but this loader's data set has {Dataset.Count}. Resume with the same data and split, or start over with SetEpoch."),
                nameof(state));
        }

        if (state.BatchSize != BatchSize)
        {
            throw new ArgumentException(
                string.Create(inv, $"Cannot resume the data loader: its state was saved {where} with batch size {state.BatchSize}, but this loader uses batch size {BatchSize}, so the rest of the epoch would skip or repeat samples. Resume with batch size {state.BatchSize}, or call SetEpoch({state.Epoch + 1}) to start the next epoch with the new size."),
                nameof(state));
        }

        if (state.Shuffle != Shuffle || (Shuffle && state.Seed != Seed))
        {
            throw new ArgumentException(
                string.Create(inv, $"Cannot resume the data loader: its state was saved {where} with shuffle={state.Shuffle} and seed {state.Seed}, but this loader has shuffle={Shuffle} and seed {Seed}, so the epoch's order would differ. Use the saved shuffle setting and seed, or call SetEpoch({state.Epoch + 1})."),
                nameof(state));
        }

        if (state.BatchesPerEpoch != BatchesPerEpoch)
        {
            throw new ArgumentException(
                string.Create(inv, $"Cannot resume the data loader: its state was saved {where} with {state.BatchesPerEpoch} batches per epoch, but this loader has {BatchesPerEpoch} (a different last-batch policy). Use the saved last-batch policy."),
                nameof(state));
        }

        if (state.Epoch < 0 || state.Position < 0 || state.Position > BatchesPerEpoch)
        {
            throw new ArgumentException(
                string.Create(inv, $"Cannot resume the data loader: the state is malformed (epoch {state.Epoch}, position {state.Position}; expected epoch ≥ 0 and position 0..{BatchesPerEpoch})"),
                nameof(state));
        }

        _epoch = state.Epoch;
        _position = state.Position;
        _version++;
    }

    /// <summary>
    /// Enumerates the rest of the current epoch (all of the next one if the current one is complete), advancing the cursor as
    /// batches are consumed.
    /// </summary>
    public IEnumerator<Batch> GetEnumerator() => StartCursorEnumeration(CancellationToken.None, null);

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>
    /// The asynchronous form of <see cref="GetEnumerator"/>: the same batches, advancing the same cursor, awaiting the prefetch
    /// worker instead of blocking, and stopping with <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/>
    /// (or the token given to <c>WithCancellation</c>) is cancelled: <c>await foreach (var batch in loader.EnumerateAsync(ct))</c>.
    /// </summary>
    /// <remarks>
    /// A separate method rather than <see cref="IAsyncEnumerable{T}"/> on the loader itself, so that LINQ calls on the loader are
    /// not ambiguous between <c>Enumerable</c> and <c>AsyncEnumerable</c>.
    /// </remarks>
    public IAsyncEnumerable<Batch> EnumerateAsync(CancellationToken cancellationToken = default) => new CursorAsyncEnumerable(this, cancellationToken);

    /// <summary>
    /// The next <paramref name="steps"/> batches from the cursor, running on into following epochs as needed (each epoch still
    /// reshuffled and complete): for training by a number of steps rather than epochs. Advances the cursor like
    /// <see cref="GetEnumerator"/>, so a run can stop and resume anywhere.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="steps"/> is negative.</exception>
    public IEnumerable<Batch> Steps(long steps)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        return StepsIterator(steps);
    }

    /// <summary>
    /// All batches of epoch <paramref name="epoch"/>, from its first, without reading or moving the cursor (a pure function of the
    /// seed and the epoch).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epoch"/> is negative.</exception>
    public IEnumerable<Batch> EpochBatches(int epoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        return new EpochEnumerable(this, epoch);
    }

    /// <summary>One line for logs: sizes, batch count, last batch and shuffling, e.g. <c>3200 samples, batch 32 (mini-batch), 100 batches per epoch, last batch 32, shuffled (seed 0)</c>.</summary>
    public string Describe()
    {
        var inv = CultureInfo.InvariantCulture;
        string regime = Regime switch
        {
            BatchRegime.FullBatch => "full batch",
            BatchRegime.Stochastic => "stochastic",
            _ => "mini-batch",
        };
        string dropped = SamplesPerEpoch < Dataset.Count ? string.Create(inv, $" ({Dataset.Count - SamplesPerEpoch} dropped)") : "";
        return string.Create(inv, $"{Dataset.Count} samples, batch {BatchSize} ({regime}), {BatchesPerEpoch} batches per epoch, last batch {LastBatchSize}{dropped}, ") +
            (Shuffle ? string.Create(inv, $"shuffled (seed {Seed})") : "in order") +
            (Prefetch > 0 ? string.Create(inv, $", prefetch {Prefetch}") : "");
    }

    /// <inheritdoc cref="Describe"/>
    public override string ToString() => Describe();

    private IEnumerable<Batch> StepsIterator(long steps)
    {
        long taken = 0;
        while (taken < steps)
        {
            foreach (var batch in this)
            {
                yield return batch;
                if (++taken == steps)
                {
                    yield break;
                }
            }
        }
    }

    private LoaderEnumerator StartCursorEnumeration(CancellationToken cancellationToken, IDisposable? owned)
    {
        // A still-running enumeration that the caller abandoned would fight over the cursor: stop it first.
        if (_current != null && _current.TryGetTarget(out var previous))
        {
            previous.Supersede();
        }

        var e = new LoaderEnumerator(this, epoch: -1, advanceCursor: true, cancellationToken, owned);
        _current = new WeakReference<LoaderEnumerator>(e);
        return e;
    }

    private sealed class EpochEnumerable(DataLoader loader, int epoch) : IEnumerable<Batch>
    {
        public IEnumerator<Batch> GetEnumerator() => new LoaderEnumerator(loader, epoch, advanceCursor: false, CancellationToken.None);

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }

    private sealed class CursorAsyncEnumerable(DataLoader loader, CancellationToken token) : IAsyncEnumerable<Batch>
    {
        public IAsyncEnumerator<Batch> GetAsyncEnumerator(CancellationToken cancellationToken = default)
        {
            if (!cancellationToken.CanBeCanceled || cancellationToken == token)
            {
                return loader.StartCursorEnumeration(token, null);
            }

            if (!token.CanBeCanceled)
            {
                return loader.StartCursorEnumeration(cancellationToken, null);
            }

            // Both tokens can cancel: the enumerator owns a linked source and disposes it with itself.
            var linked = CancellationTokenSource.CreateLinkedTokenSource(token, cancellationToken);
            return loader.StartCursorEnumeration(linked.Token, linked);
        }
    }
}
