using System.Collections;
using System.Globalization;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;

namespace Descent.Data;

public sealed partial class DataLoader
{
    /// <summary>Gathers batch <paramref name="k"/> of an epoch whose order is <paramref name="order"/>.</summary>
    private Batch Produce(int[] order, int epoch, int k, BufferRing? ring)
    {
        int start = k * NominalBatchSize;
        int count = Math.Min(NominalBatchSize, order.Length - start);
        var indices = order.AsSpan(start, count);
        var memory = order.AsMemory(start, count);
        if (ring == null)
        {
            var b = Dataset.GetBatch(indices);
            return new Batch(b.X, b.Y, count, k) { Epoch = epoch, Labels = b.Labels, Indices = memory };
        }

        var (xs, ys, ls) = ring.Slot(k);
        var x = new Tensor(xs, 0, DatasetExtensions.BatchShape(count, Dataset.SampleShape));
        var y = new Tensor(ys, 0, DatasetExtensions.BatchShape(count, Dataset.TargetShape));
        Span<int> labels = ls is null ? default : ls.AsSpan(0, count);
        Dataset.Gather(indices, x, y, labels);
        return new Batch(x, y, count, k)
        {
            Epoch = epoch,
            Labels = ls is null ? ReadOnlyMemory<int>.Empty : ls.AsMemory(0, count),
            Indices = memory,
        };
    }

    /// <summary>Batch buffers reused round-robin: batch k lives in slot k mod size.</summary>
    private sealed class BufferRing
    {
        private readonly Array[] _x;
        private readonly Array[] _y;
        private readonly int[]?[] _labels;

        public BufferRing(IDataset dataset, int batchSize, int size)
        {
            _x = new Array[size];
            _y = new Array[size];
            _labels = new int[]?[size];
            int xn = checked(batchSize * dataset.SampleShape.Numel), yn = checked(batchSize * dataset.TargetShape.Numel);
            for (int i = 0; i < size; i++)
            {
                _x[i] = dataset.DType == DType.Float32 ? new float[xn] : new double[xn];
                _y[i] = dataset.DType == DType.Float32 ? new float[yn] : new double[yn];
                _labels[i] = dataset.ClassCount > 0 ? new int[batchSize] : null;
            }
        }

        public (Array X, Array Y, int[]? Labels) Slot(int k)
        {
            int s = k % _x.Length;
            return (_x[s], _y[s], _labels[s]);
        }
    }

    /// <summary>
    /// One pass over (the rest of) an epoch, synchronous or asynchronous, with an optional prefetch worker. In cursor mode it
    /// starts where the loader's cursor is and moves it as batches are consumed.
    /// </summary>
    private sealed class LoaderEnumerator : IEnumerator<Batch>, IAsyncEnumerator<Batch>
    {
        private readonly DataLoader _loader;
        private readonly bool _advanceCursor;
        private readonly CancellationToken _token;
        private int _epoch;
        private int[]? _order;
        private int _next;
        private long _version;
        private bool _started;
        private bool _finished;
        private bool _disposed;
        private bool _superseded;
        private Batch? _current;
        private BufferRing? _ring;
        private Channel<Batch>? _channel;
        private CancellationTokenSource? _cts;
        private Task? _worker;
        private Exception? _workerError;
        private IDisposable? _owned;

        public LoaderEnumerator(DataLoader loader, int epoch, bool advanceCursor, CancellationToken token, IDisposable? owned = null)
        {
            _owned = owned;
            _loader = loader;
            _epoch = epoch;
            _advanceCursor = advanceCursor;
            _token = token;

            // Only an enumerator with a running worker needs finalization (to stop the worker if it is abandoned).
            GC.SuppressFinalize(this);
        }

        ~LoaderEnumerator()
        {
            // Abandoned without Dispose: wake the worker (it waits on the channel without holding a thread) so that it exits.
            // CancelAsync runs the cancellation callbacks off the finalizer thread.
            try
            {
                _ = _cts?.CancelAsync();
            }
            catch (ObjectDisposedException)
            {
            }
        }

        public Batch Current => _current ?? throw new InvalidOperationException("Enumeration has not started; call MoveNext first");

        object IEnumerator.Current => Current;

        public bool MoveNext()
        {
            if (!BeforeMove())
            {
                return false;
            }

            Batch batch;
            if (_channel == null)
            {
                _token.ThrowIfCancellationRequested();
                batch = _loader.Produce(_order!, _epoch, _next, _ring);
            }
            else
            {
                batch = TakeSync();
            }

            AfterMove(batch);
            return true;
        }

        public async ValueTask<bool> MoveNextAsync()
        {
            if (!BeforeMove())
            {
                return false;
            }

            Batch batch;
            if (_channel == null)
            {
                _token.ThrowIfCancellationRequested();
                batch = _loader.Produce(_order!, _epoch, _next, _ring);
            }
            else
            {
                var reader = _channel.Reader;
                while (!reader.TryRead(out batch!))
                {
                    if (!await reader.WaitToReadAsync(_cts!.Token).ConfigureAwait(false))
                    {
                        throw WorkerEnded();
                    }
                }
            }

            AfterMove(batch);
            return true;
        }

        public void Reset() => throw new NotSupportedException("A data loader enumeration cannot be reset; enumerate the loader again or use SetEpoch");

        public void Dispose()
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            StopWorker();
            _owned?.Dispose();
            _owned = null;
            GC.SuppressFinalize(this);
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }

        /// <summary>Another cursor enumeration started: this one is finished for good.</summary>
        public void Supersede()
        {
            _superseded = true;
            StopWorker();
        }

        private bool BeforeMove()
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_superseded)
            {
                throw new InvalidOperationException("This enumeration of the data loader was superseded by a newer one (the loader has one cursor); enumerate the loader again");
            }

            if (!_started)
            {
                Start();
            }

            if (_finished)
            {
                return false;
            }

            if (_advanceCursor && _loader._version != _version)
            {
                throw new InvalidOperationException(
                    "The data loader's cursor was moved (SetEpoch, SetState or another enumeration) during this enumeration; enumerate the loader again");
            }

            if (_next >= _loader.BatchesPerEpoch)
            {
                _finished = true;
                StopWorker();
                return false;
            }

            return true;
        }

        private void AfterMove(Batch batch)
        {
            _current = batch;
            _next++;
            if (_advanceCursor)
            {
                _loader._position = _next;
                _version = ++_loader._version;
            }
        }

        private void Start()
        {
            _started = true;
            if (_advanceCursor)
            {
                if (_loader._position >= _loader.BatchesPerEpoch)
                {
                    _loader._epoch++;
                    _loader._position = 0;
                    _loader._version++;
                }

                _epoch = _loader._epoch;
                _next = _loader._position;
                _version = _loader._version;
            }

            _order = _loader.Order(_epoch);
            int prefetch = _loader.Prefetch;
            if (_loader.Options.ReuseBuffers)
            {
                // The consumer holds one batch, the channel up to `prefetch`, and the worker fills one more: prefetch + 2 slots
                // guarantee that a slot is rewritten only after the consumer has moved past the batch in it.
                _ring = new BufferRing(_loader.Dataset, _loader.BatchSize, prefetch > 0 ? prefetch + 2 : 1);
            }

            if (prefetch > 0 && _next < _loader.BatchesPerEpoch)
            {
                _channel = Channel.CreateBounded<Batch>(new BoundedChannelOptions(prefetch)
                {
                    SingleReader = true,
                    SingleWriter = true,
                    FullMode = BoundedChannelFullMode.Wait,
                });
                _cts = CancellationTokenSource.CreateLinkedTokenSource(_token);
                Interlocked.Increment(ref _loader._activeWorkers);
                GC.ReRegisterForFinalize(this);
                var writer = _channel.Writer;
                var token = _cts.Token;
                int from = _next, epoch = _epoch;
                var order = _order;
                var ring = _ring;
                _worker = Task.Run(() => RunWorker(writer, order, epoch, from, ring, token), CancellationToken.None);
            }
        }

        private async Task RunWorker(ChannelWriter<Batch> writer, int[] order, int epoch, int from, BufferRing? ring, CancellationToken token)
        {
            try
            {
                for (int k = from; k < _loader.BatchesPerEpoch; k++)
                {
                    token.ThrowIfCancellationRequested();
                    var batch = _loader.Produce(order, epoch, k, ring);
                    await writer.WriteAsync(batch, token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                // Stopped by Dispose, a newer enumeration, the finalizer or the caller's token.
            }
#pragma warning disable CA1031 // The worker's failure is handed to the consumer, which rethrows it with its original stack.
            catch (Exception e)
#pragma warning restore CA1031
            {
                _workerError = e;
            }
            finally
            {
                writer.TryComplete();
                Interlocked.Decrement(ref _loader._activeWorkers);
            }
        }

        private Batch TakeSync()
        {
            var reader = _channel!.Reader;
            while (true)
            {
                if (reader.TryRead(out var batch))
                {
                    return batch;
                }

                var wait = reader.WaitToReadAsync(_cts!.Token);
                bool more = wait.IsCompletedSuccessfully ? wait.Result : wait.AsTask().GetAwaiter().GetResult();
                if (!more)
                {
                    throw WorkerEnded();
                }
            }
        }

        private Exception WorkerEnded()
        {
            // Make sure the worker has fully exited before reporting.
            StopWorker();
            if (_workerError != null)
            {
                ExceptionDispatchInfo.Capture(_workerError).Throw();
            }

            _token.ThrowIfCancellationRequested();
            return new InvalidOperationException(
                string.Create(CultureInfo.InvariantCulture, $"The prefetch worker stopped before batch {_next} of epoch {_epoch} (the enumeration was stopped)"));
        }

        private void StopWorker()
        {
            var cts = _cts;
            var worker = _worker;
            if (worker == null)
            {
                return;
            }

            if (!worker.IsCompleted)
            {
                cts?.Cancel();
                try
                {
                    worker.Wait();
                }
                catch (AggregateException)
                {
                    // The worker catches everything itself; nothing to report here.
                }
            }

            _worker = null;
            GC.SuppressFinalize(this);
            cts?.Dispose();
            _cts = null;
        }
    }
}
