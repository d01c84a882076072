using System.Runtime.CompilerServices;
using Descent.Data;
using static Descent.Tests.Data.DataTestUtil;

namespace Descent.Tests.Data;

public class DataLoaderTests
{
    public static TheoryData<int, bool> BatchSizes => new()
    {
        { 1, false }, { 2, false }, { 7, false }, { 10, false }, { 32, false }, { 103, false }, { 500, false }, { BatchSize.Full, false },
        { 1, true }, { 7, true }, { 10, true }, { 32, true }, { 103, true },
    };

    [Theory]
    [MemberData(nameof(BatchSizes))]
    public void Epoch_AnyBatchSize_VisitsEachSampleOnce(int batchSize, bool dropLast)
    {
        const int N = 103;
        var loader = new DataLoader(Indexed(N), batchSize, shuffle: true, seed: 5, dropLast: dropLast);
        for (int epoch = 0; epoch < 3; epoch++)
        {
            var batches = loader.EpochBatches(epoch).ToList();
            var ids = batches.SelectMany(Ids).ToList();
            int b = batchSize == BatchSize.Full ? N : Math.Min(batchSize, N);
            int expectedSamples = dropLast ? N / b * b : N;
            Assert.Equal(expectedSamples, ids.Count);
            Assert.Equal(ids.Count, ids.Distinct().Count());
            Assert.Equal(DataLoader.StepsPerEpoch(N, batchSize, dropLast), batches.Count);
            Assert.Equal(loader.BatchesPerEpoch, batches.Count);
            Assert.All(batches.SkipLast(1), x => Assert.Equal(b, x.Count));
            Assert.Equal(loader.LastBatchSize, batches[^1].Count);
            Assert.Equal(Enumerable.Range(0, batches.Count), batches.Select(x => x.Index));
            if (!dropLast)
            {
                Assert.Equal(Enumerable.Range(0, N), ids.Order());
            }
        }
    }

    [Fact]
    public void StepsPerEpoch_LectureExample_Is100()
    {
        Assert.Equal(100, DataLoader.StepsPerEpoch(3200, 32));
        var loader = new DataLoader(Indexed(3200), 32);
        Assert.Equal(100, loader.BatchesPerEpoch);
        Assert.Equal(100, loader.EpochBatches(0).Count());
    }

    [Theory]
    [InlineData(3201, 32, false, 101)]
    [InlineData(3201, 32, true, 100)]
    [InlineData(5_000_000, 1000, false, 5000)]
    [InlineData(10, BatchSize.Full, false, 1)]
    [InlineData(10, 1, false, 10)]
    public void StepsPerEpoch_Cases_MatchCeilOrFloor(int n, int batch, bool dropLast, int expected) =>
        Assert.Equal(expected, DataLoader.StepsPerEpoch(n, batch, dropLast));

    [Fact]
    public void Order_SameSeed_IsIdentical()
    {
        var a = new DataLoader(Indexed(100), 10, seed: 42);
        var b = new DataLoader(Indexed(100), 10, seed: 42);
        Assert.Equal(a.EpochBatches(3).SelectMany(Ids), b.EpochBatches(3).SelectMany(Ids));
    }

    [Fact]
    public void Order_DifferentEpochs_Differ()
    {
        var loader = new DataLoader(Indexed(100), 10, seed: 42);
        Assert.NotEqual(loader.Order(0), loader.Order(1));
        Assert.NotEqual(loader.Order(1), loader.Order(2));
    }

    [Fact]
    public void Order_DifferentSeeds_Differ() =>
        Assert.NotEqual(new DataLoader(Indexed(100), 10, seed: 1).Order(0), new DataLoader(Indexed(100), 10, seed: 2).Order(0));

    [Fact]
    public void Order_IsPermutationFromSeedAndEpochStream()
    {
        var loader = new DataLoader(Indexed(50), 10, seed: 9);
        Assert.Equal(Rng.ForStream(9, 4).Permutation(50), loader.Order(4));
    }

    [Fact]
    public void NoShuffle_VisitsSamplesInOrderEveryEpoch()
    {
        var loader = new DataLoader(Indexed(25), 10, shuffle: false);
        Assert.Equal(Enumerable.Range(0, 25), loader.EpochBatches(0).SelectMany(Ids));
        Assert.Equal(Enumerable.Range(0, 25), loader.EpochBatches(7).SelectMany(Ids));
    }

    [Fact]
    public void Batch_GathersFeaturesAndTargetsOfItsIndices()
    {
        var loader = new DataLoader(Indexed(40), 8, seed: 3);
        foreach (var b in loader.EpochBatches(0))
        {
            var idx = b.Indices.ToArray();
            Assert.Equal(new[] { b.Count, 2 }, b.X.Shape.ToArray());
            Assert.Equal(new[] { b.Count, 1 }, b.Y.Shape.ToArray());
            Assert.Equal(idx.SelectMany(i => new double[] { i, 1000 + i }), b.X.ToArray());
            Assert.Equal(idx.Select(i => (double)-i), b.Y.ToArray());
        }
    }

    [Fact]
    public void Batch_Classification_HasLabelsEqualToY()
    {
        var loader = new DataLoader(IndexedClasses(30, 4), 7, seed: 1);
        foreach (var b in loader.EpochBatches(0))
        {
            Assert.Equal(new[] { b.Count }, b.Y.Shape.ToArray());
            Assert.Equal(b.Indices.ToArray().Select(i => i % 4), b.Labels.ToArray());
            Assert.Equal(b.Labels.ToArray().Select(l => (double)l), b.Y.ToArray());
        }
    }

    [Fact]
    public void LastBatch_Policies_GiveExpectedBatchCounts()
    {
        var data = Indexed(103);
        Assert.Equal((11, 3), Counts(new DataLoader(data, new DataLoaderOptions { BatchSize = 10, LastBatch = LastBatch.Keep })));
        Assert.Equal((10, 10), Counts(new DataLoader(data, new DataLoaderOptions { BatchSize = 10, LastBatch = LastBatch.Drop })));
        Assert.Equal((10, 10), Counts(new DataLoader(data, new DataLoaderOptions { BatchSize = 10, LastBatch = LastBatch.DropIfSmallerThan(4) })));
        Assert.Equal((11, 3), Counts(new DataLoader(data, new DataLoaderOptions { BatchSize = 10, LastBatch = LastBatch.DropIfSmallerThan(3) })));

        static (int, int) Counts(DataLoader l) => (l.BatchesPerEpoch, l.LastBatchSize);
    }

    [Fact]
    public void FullBatch_IsOneViewOfTheWholeSet()
    {
        var data = Indexed(64);
        var loader = DataLoader.FullBatch(data);
        Assert.Equal(BatchRegime.FullBatch, loader.Regime);
        Assert.Equal(1, loader.BatchesPerEpoch);
        var batch = loader.Single();
        Assert.Equal(64, batch.Count);
        Assert.Same(data.Features.Storage, batch.X.Storage);
        Assert.Equal(data.Features.ToArray(), batch.X.ToArray());
    }

    [Fact]
    public void Regimes_HaveTheLecturesBatchSizes()
    {
        var data = Indexed(3200);
        Assert.Equal((BatchRegime.FullBatch, 1), (DataLoader.ForRegime(data, BatchRegime.FullBatch).Regime, DataLoader.ForRegime(data, BatchRegime.FullBatch).BatchesPerEpoch));
        Assert.Equal((BatchRegime.Stochastic, 3200), (DataLoader.Stochastic(data).Regime, DataLoader.Stochastic(data).BatchesPerEpoch));
        Assert.Equal((BatchRegime.MiniBatch, 100), (DataLoader.MiniBatch(data, 32).Regime, DataLoader.MiniBatch(data, 32).BatchesPerEpoch));
    }

    [Fact]
    public void Foreach_AdvancesOneEpochPerPass()
    {
        var loader = new DataLoader(Indexed(30), 10, seed: 4);
        var first = loader.SelectMany(Ids).ToList();
        Assert.Equal((0, 3), (loader.Epoch, loader.Position));
        var second = loader.SelectMany(Ids).ToList();
        Assert.Equal((1, 3), (loader.Epoch, loader.Position));
        Assert.Equal(loader.EpochBatches(0).SelectMany(Ids), first);
        Assert.Equal(loader.EpochBatches(1).SelectMany(Ids), second);
    }

    [Fact]
    public void Foreach_BreakMidEpoch_ResumesAtNextBatch()
    {
        var loader = new DataLoader(Indexed(50), 10, seed: 4);
        var seen = new List<int>();
        foreach (var b in loader)
        {
            seen.AddRange(Ids(b));
            if (b.Index == 1)
            {
                break;
            }
        }

        Assert.Equal((0, 2), (loader.Epoch, loader.Position));
        foreach (var b in loader)
        {
            Assert.Equal(0, b.Epoch);
            seen.AddRange(Ids(b));
        }

        Assert.Equal(loader.EpochBatches(0).SelectMany(Ids), seen);
    }

    [Fact]
    public void Steps_RunAcrossEpochsAndLeaveCursorAfterLastStep()
    {
        var loader = new DataLoader(Indexed(30), 10, seed: 8);
        var batches = loader.Steps(7).ToList();
        Assert.Equal(new[] { 0, 0, 0, 1, 1, 1, 2 }, batches.Select(b => b.Epoch));
        Assert.Equal((2, 1), (loader.Epoch, loader.Position));
        Assert.Equal(loader.EpochBatches(2).Skip(1).SelectMany(Ids), loader.Steps(2).SelectMany(Ids));
    }

    [Fact]
    public void SetEpoch_StartsThatEpoch()
    {
        var loader = new DataLoader(Indexed(30), 10, seed: 4);
        loader.SetEpoch(5);
        var batches = loader.ToList();
        Assert.All(batches, b => Assert.Equal(5, b.Epoch));
        Assert.Equal(loader.EpochBatches(5).SelectMany(Ids), batches.SelectMany(Ids));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void Resume_MidEpoch_EqualsUninterrupted(int prefetch)
    {
        var data = Indexed(97);
        var options = new DataLoaderOptions { BatchSize = 8, Seed = 11, Prefetch = prefetch };
        var reference = new DataLoader(data, options);
        var expected = new List<int>();
        for (int e = 0; e < 3; e++)
        {
            expected.AddRange(reference.SelectMany(Ids));
        }

        // Run 1 epoch and 5 batches, checkpoint, then continue in a new loader.
        var first = new DataLoader(data, options);
        var seen = first.SelectMany(Ids).ToList();
        foreach (var b in first)
        {
            seen.AddRange(Ids(b));
            if (b.Index == 4)
            {
                break;
            }
        }

        var state = first.GetState();
        Assert.Equal(new LoaderState(1, 5, 97, 8, 13, true, 11), state);
        var resumed = new DataLoader(data, options);
        resumed.SetState(state);
        seen.AddRange(resumed.SelectMany(Ids));
        seen.AddRange(resumed.SelectMany(Ids));
        Assert.Equal(expected, seen);
    }

    [Fact]
    public void Resume_AtEpochEnd_StartsNextEpoch()
    {
        var data = Indexed(20);
        var a = new DataLoader(data, 5, seed: 2);
        _ = a.ToList();
        var b = new DataLoader(data, 5, seed: 2);
        b.SetState(a.GetState());
        Assert.All(b.ToList(), x => Assert.Equal(1, x.Epoch));
    }

    [Fact]
    public void SetState_OtherBatchSize_ThrowsWithExplanation()
    {
        var a = new DataLoader(Indexed(100), 32, seed: 1);
        _ = a.Take(2).ToList();
        var b = new DataLoader(Indexed(100), 64, seed: 1);
        var e = Assert.Throws<ArgumentException>(() => b.SetState(a.GetState()));
        Assert.Contains("batch size 32", e.Message, StringComparison.Ordinal);
        Assert.Contains("batch size 64", e.Message, StringComparison.Ordinal);
        Assert.Contains("SetEpoch(1)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SetState_OtherDatasetSize_ThrowsWithExplanation()
    {
        var a = new DataLoader(Indexed(100), 10);
        var b = new DataLoader(Indexed(90), 10);
        var e = Assert.Throws<ArgumentException>(() => b.SetState(a.GetState()));
        Assert.Contains("100 samples", e.Message, StringComparison.Ordinal);
        Assert.Contains("has 90", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SetState_OtherSeed_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => new DataLoader(Indexed(10), 5, seed: 2).SetState(new DataLoader(Indexed(10), 5, seed: 1).GetState()));
        Assert.Contains("seed 1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SetState_PositionPastEpoch_Throws()
    {
        var loader = new DataLoader(Indexed(10), 5);
        Assert.Throws<ArgumentException>(() => loader.SetState(loader.GetState() with { Position = 3 }));
    }

    [Fact]
    public void LoaderState_SerializesAsJson()
    {
        var loader = new DataLoader(Indexed(10), 5, seed: ulong.MaxValue);
        var json = System.Text.Json.JsonSerializer.Serialize(loader.GetState());
        Assert.Equal(loader.GetState(), System.Text.Json.JsonSerializer.Deserialize<LoaderState>(json));
    }

    [Fact]
    public void EpochBatches_DoesNotMoveCursor()
    {
        var loader = new DataLoader(Indexed(30), 10);
        _ = loader.EpochBatches(4).ToList();
        Assert.Equal((0, 0), (loader.Epoch, loader.Position));
    }

    [Fact]
    public void Enumeration_CursorMovedMeanwhile_Throws()
    {
        var loader = new DataLoader(Indexed(30), 10);
        using var e = loader.GetEnumerator();
        Assert.True(e.MoveNext());
        loader.SetEpoch(3);
        Assert.Throws<InvalidOperationException>(() => e.MoveNext());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-2)]
    public void Constructor_InvalidBatchSize_Throws(int batchSize)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new DataLoader(Indexed(10), batchSize));
        Assert.Contains("batch size", e.Message, StringComparison.Ordinal);
        Assert.Equal("options.BatchSize", e.ParamName);
    }

    [Fact]
    public void Constructor_DropLastLeavingNoBatch_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => new DataLoader(Indexed(10), 16, dropLast: true));
        Assert.Contains("no batch", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_ReportsBatchCountAndLastBatch()
    {
        var text = new DataLoader(Indexed(3210), 32, dropLast: false).Describe();
        Assert.Equal("3210 samples, batch 32 (mini-batch), 101 batches per epoch, last batch 10, shuffled (seed 0)", text);
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(3, false)]
    [InlineData(1, true)]
    [InlineData(4, true)]
    public void Prefetch_GivesSameBatchesAsWithout(int prefetch, bool reuse)
    {
        var data = IndexedClasses(101, 3);
        var plain = new DataLoader(data, new DataLoaderOptions { BatchSize = 8, Seed = 7 });
        var fetched = new DataLoader(data, new DataLoaderOptions { BatchSize = 8, Seed = 7, Prefetch = prefetch, ReuseBuffers = reuse });
        for (int epoch = 0; epoch < 3; epoch++)
        {
            var expected = plain.Select(Snapshot).ToList();
            var actual = fetched.Select(Snapshot).ToList();
            Assert.Equal(expected.Count, actual.Count);
            for (int i = 0; i < expected.Count; i++)
            {
                Assert.Equal(expected[i], actual[i]);
            }
        }

        Assert.Equal(0, fetched.ActiveWorkers);
    }

    [Fact]
    public void ReuseBuffers_BatchesAreValidUntilNextOne()
    {
        var data = Indexed(50);
        var reuse = new DataLoader(data, new DataLoaderOptions { BatchSize = 8, Seed = 3, ReuseBuffers = true });
        var fresh = new DataLoader(data, new DataLoaderOptions { BatchSize = 8, Seed = 3 });
        Assert.Equal(fresh.Select(Snapshot), reuse.Select(Snapshot));
    }

    [Fact]
    public async Task Prefetch_AsyncEnumeration_MatchesSync()
    {
        var data = Indexed(64);
        var sync = new DataLoader(data, 8, seed: 1).Select(Snapshot).ToList();
        var asyncLoader = new DataLoader(data, 8, seed: 1, prefetch: 2);
        var got = new List<string>();
        await foreach (var b in asyncLoader.EnumerateAsync())
        {
            got.Add(Snapshot(b));
        }

        Assert.Equal(sync, got);
        Assert.Equal(0, asyncLoader.ActiveWorkers);
    }

    [Fact]
    public async Task Prefetch_Cancelled_ThrowsAndStopsWorker()
    {
        var loader = new DataLoader(Indexed(200), 4, prefetch: 2);
        using var cts = new CancellationTokenSource();
        int n = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var b in loader.EnumerateAsync(cts.Token))
            {
                if (++n == 3)
                {
                    await cts.CancelAsync();
                }
            }
        });
        Assert.Equal(0, loader.ActiveWorkers);
    }

    [Fact]
    public void Prefetch_BreakOutOfForeach_LeavesNoWorker()
    {
        var loader = new DataLoader(Indexed(1000), 4, prefetch: 3);
        foreach (var b in loader)
        {
            Assert.Equal(1, loader.ActiveWorkers);
            break;
        }

        Assert.Equal(0, loader.ActiveWorkers);
    }

    [Fact]
    public void Prefetch_EnumerationCompleted_LeavesNoWorker()
    {
        var loader = new DataLoader(Indexed(100), 4, prefetch: 3);
        using var e = loader.GetEnumerator();
        while (e.MoveNext())
        {
        }

        Assert.Equal(0, loader.ActiveWorkers);
    }

    [Fact]
    public void Prefetch_AbandonedEnumerator_WorkerStopsAfterCollection()
    {
        var loader = new DataLoader(Indexed(1000), 4, prefetch: 2);
        StartAndAbandon(loader);
        Assert.Equal(1, loader.ActiveWorkers); // 250 batches, room for 2: the worker cannot have finished on its own
        for (int i = 0; i < 200 && loader.ActiveWorkers > 0; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            Thread.Sleep(5);
        }

        Assert.Equal(0, loader.ActiveWorkers);
    }

    [Fact]
    public void Prefetch_AbandonedEnumerator_StoppedByNextEnumeration()
    {
        var loader = new DataLoader(Indexed(100), 4, prefetch: 2);
        var abandoned = loader.GetEnumerator();
        Assert.True(abandoned.MoveNext());
        var rest = loader.ToList();
        Assert.Equal(24, rest.Count);
        Assert.Equal(0, loader.ActiveWorkers);
        Assert.Throws<InvalidOperationException>(() => abandoned.MoveNext());
        GC.KeepAlive(abandoned);
    }

    [Fact]
    public void Prefetch_DatasetThrows_ExceptionReachesConsumer()
    {
        var loader = new DataLoader(new FailingDataset(40, failAt: 3), 4, shuffle: false, prefetch: 2);
        var e = Assert.Throws<IOException>(() => loader.ToList());
        Assert.Equal("disk on fire", e.Message);
        Assert.Equal(0, loader.ActiveWorkers);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void StartAndAbandon(DataLoader loader)
    {
        var e = loader.GetEnumerator();
        e.MoveNext();
    }

    private static string Snapshot(Batch b) =>
        $"{b.Epoch}/{b.Index}/{b.Count}: {string.Join(",", b.X.ToArray())} | {string.Join(",", b.Y.ToArray())} | {string.Join(",", b.Labels.ToArray())} | {string.Join(",", b.Indices.ToArray())}";

    /// <summary>A data set whose batch containing sample <c>failAt·4</c> throws, to test error propagation from the worker.</summary>
    private sealed class FailingDataset(int count, int failAt) : IDataset
    {
        private readonly TensorDataset _inner = Indexed(count);

        public int Count => count;

        public Shape SampleShape => _inner.SampleShape;

        public Shape TargetShape => _inner.TargetShape;

        public DType DType => _inner.DType;

        public int ClassCount => 0;

        public IReadOnlyList<string>? ClassNames => null;

        public Batch GetBatch(ReadOnlySpan<int> indices) =>
            indices.Contains(failAt * 4) ? throw new IOException("disk on fire") : _inner.GetBatch(indices);

        public void Gather(ReadOnlySpan<int> indices, Tensor features, Tensor targets, Span<int> labels) => _inner.Gather(indices, features, targets, labels);
    }
}
