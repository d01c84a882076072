using System.Diagnostics;
using System.Globalization;
using Descent.Data;
using Descent.Kernels;
using Descent.NN;
using Descent.Optim;
using Descent.Training;

namespace Descent.Cli;

/// <content>The <c>train</c> workload: end-to-end training steps through the <see cref="Trainer"/>, as a user runs them.</content>
public sealed partial class BenchCommand
{
    /// <summary>The stream of <c>--seed</c> that initialises the throwaway warm-up model (the timed model uses <c>descent train</c>'s).</summary>
    private const ulong WarmupStream = 0xBE0C;

    /// <summary>
    /// Parses <c>bench train</c>. The run warms up on a throwaway model (same spec, its own weights) so the JIT, the loader's
    /// buffers and the kernels' scratch space are ready, then trains a fresh model exactly as <c>descent train</c> would with the
    /// same options, timing each step from the end of the previous one (so data loading counts, as in a PyTorch loop).
    /// </summary>
    private static Func<string> ParseTrain(CliArgs args)
    {
        string data = args.Required("data", TrainingSetup.DataHelp);
        string model = args.Required("model", TrainingSetup.ModelHelp);
        string optimizer = args.String("optimizer") ?? "adam:lr=0.001";
        int batchSize = args.Int("batch-size", 128, 1, 1 << 20);
        bool hasEpochs = args.Has("epochs"), hasSteps = args.Has("steps");
        if (hasEpochs && hasSteps)
        {
            throw new UsageException("give --epochs (time whole epochs, with test accuracy) or --steps (time a number of steps), not both");
        }

        int epochs = args.Int("epochs", 1, 1, 1000);
        int steps = args.Int("steps", 0, 1, 10_000_000);
        int warmup = args.Int("warmup", 20, 0, 1_000_000);
        ulong seed = 0;
        if (args.String("seed") is { } seedText && !ulong.TryParse(seedText, NumberStyles.None, CultureInfo.InvariantCulture, out seed))
        {
            throw new UsageException($"--seed: expected a non-negative integer, got \"{seedText}\"");
        }

        var setup = new TrainingSetup { Data = data, Model = model, Optimizer = optimizer, BatchSize = batchSize, Seed = seed };
        setup.CheckSpecs();
        return () => RunTraining(setup, hasSteps ? null : epochs, hasSteps ? steps : null, warmup);
    }

    private static string RunTraining(TrainingSetup setup, int? epochs, int? steps, int warmup)
    {
        var built = setup.Build(epochs ?? 1, accumulation: 1);
        var loader = built.Loader;
        int threads = Parallelism.Threads;

        if (warmup > 0)
        {
            int outputs = built.Train.ClassCount > 0 ? built.Train.ClassCount : built.Train.TargetShape.Numel;
            var warmModel = ModelSpec.Build(setup.Model, built.Train.SampleShape, outputs, Rng.ForStream(setup.Seed, WarmupStream), built.Train.DType);
            var warmOptimizer = OptimizerRegistry.Create(setup.Optimizer, warmModel.Parameters());
            var warmLoader = new DataLoader(built.Train, loader.Options);
            var warmTrainer = new Trainer(warmModel, warmOptimizer, new TrainerOptions
            {
                Epochs = (warmup + warmLoader.BatchesPerEpoch - 1) / warmLoader.BatchesPerEpoch,
                Stopping = new StoppingRules { MaxSteps = warmup },
            });
            warmTrainer.Fit(warmLoader);
        }

        int timedSteps = steps ?? loader.BatchesPerEpoch * epochs!.Value;
        int timedEpochs = epochs ?? (int)Math.Min(int.MaxValue, ((long)timedSteps + loader.BatchesPerEpoch - 1) / loader.BatchesPerEpoch);
        var trainer = new Trainer(built.Model, built.Optimizer, new TrainerOptions
        {
            Epochs = timedEpochs,
            Stopping = steps != null ? new StoppingRules { MaxSteps = steps } : StoppingRules.None,
        });
        var probe = new StepProbe(timedSteps);
        trainer.Callbacks.Add(probe);

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var result = trainer.Fit(loader, validation: null, test: epochs != null ? built.Test : null);
        if (result.Reason is StopReason.Diverged)
        {
            throw new UsageException($"training diverged ({result.Message}); bench a configuration that trains, e.g. a smaller learning rate");
        }

        var durations = probe.Durations();
        Array.Sort(durations);
        double median = durations.Length % 2 == 1 ? durations[durations.Length / 2] : (durations[(durations.Length / 2) - 1] + durations[durations.Length / 2]) / 2;
        double? epochSeconds = null;
        double samplesPerSecond = setup.BatchSize * 1000.0 / median;
        var last = result.History.Count > 0 ? result.History[^1] : null;
        if (epochs != null)
        {
            var seconds = result.History.Where(e => e.Complete).Select(e => e.Seconds).Order().ToArray();
            epochSeconds = seconds.Length % 2 == 1 ? seconds[seconds.Length / 2] : (seconds[(seconds.Length / 2) - 1] + seconds[seconds.Length / 2]) / 2;
            samplesPerSecond = loader.SamplesPerEpoch / epochSeconds.Value;
        }

        return Json(
        [
            ("name", "train"),
            ("data", setup.Data),
            ("model", setup.Model),
            ("optimizer", setup.Optimizer),
            ("batch_size", setup.BatchSize),
            ("threads", threads),
            ("median_ms", Math.Round(median, 4)),
            ("epoch_s", epochSeconds is { } es ? Math.Round(es, 4) : null),
            ("samples_per_s", Math.Round(samplesPerSecond, 1)),
            // Steady state: the median step's bytes. The first step also creates the optimizer's state and the leaf gradients
            // (22 MB for the 1024-wide MLP), which is reported on its own rather than averaged into every step.
            ("allocated_bytes_per_step", probe.MedianStepBytes()),
            ("allocated_bytes_first_step", probe.FirstStepBytes()),
            ("allocated_bytes_total", probe.AllocatedBytes),
            ("gc_count", probe.Collections),
            ("gc_pause_ms", Math.Round(probe.GcPause.TotalMilliseconds, 3)),
            ("test_accuracy", last?.TestAccuracy),
            ("test_loss", last?.TestLoss),
            ("train_loss", last?.TrainLoss),
            ("best_ms", durations.Length > 0 ? Math.Round(durations[0], 4) : null),
            ("steps", durations.Length),
            ("epochs", epochs != null ? result.Epochs : null),
            ("steps_per_epoch", loader.BatchesPerEpoch),
            ("warmup_steps", warmup),
            ("seed", setup.Seed),
        ]);
    }

    /// <summary>
    /// Times each optimizer step from the end of the previous one (or the start of its epoch) and counts the bytes allocated and
    /// the collections that happened during steps, leaving out the evaluation between epochs. It allocates nothing per step.
    /// </summary>
    private sealed class StepProbe(int capacity) : ITrainerCallback
    {
        private readonly double[] _durations = new double[capacity];
        private readonly long[] _stepBytes = new long[capacity];
        private int _count;
        private long _mark;
        private long _bytesMark;
        private int _gcMark;
        private TimeSpan _pauseMark;

        /// <summary>Bytes allocated on any thread during the timed steps.</summary>
        public long AllocatedBytes { get; private set; }

        /// <summary>Garbage collections (of any generation) during the timed steps.</summary>
        public int Collections { get; private set; }

        /// <summary>Time the runtime paused for collections during the timed steps.</summary>
        public TimeSpan GcPause { get; private set; }

        public double[] Durations() => _durations.AsSpan(0, _count).ToArray();

        /// <summary>The median of the bytes each timed step allocated (0 without steps).</summary>
        public long MedianStepBytes()
        {
            var sorted = _stepBytes.AsSpan(0, _count).ToArray();
            Array.Sort(sorted);
            return sorted.Length == 0 ? 0 : sorted[sorted.Length / 2];
        }

        /// <summary>The bytes the first timed step allocated (0 without steps).</summary>
        public long FirstStepBytes() => _count > 0 ? _stepBytes[0] : 0;

        public void OnEpochBegin(Trainer trainer, int epoch)
        {
            _bytesMark = GC.GetTotalAllocatedBytes(precise: true);
            _gcMark = GC.CollectionCount(0);
            _pauseMark = GC.GetTotalPauseDuration();
            _mark = Stopwatch.GetTimestamp();
        }

        public void OnStepEnd(Trainer trainer, StepMetrics step)
        {
            long now = Stopwatch.GetTimestamp();
            long bytes = GC.GetTotalAllocatedBytes(precise: true);
            if (_count < _durations.Length)
            {
                _durations[_count] = Stopwatch.GetElapsedTime(_mark, now).TotalMilliseconds;
                _stepBytes[_count++] = bytes - _bytesMark;
            }

            int collections = GC.CollectionCount(0);
            var pause = GC.GetTotalPauseDuration();
            AllocatedBytes += bytes - _bytesMark;
            Collections += collections - _gcMark;
            GcPause += pause - _pauseMark;
            _bytesMark = bytes;
            _gcMark = collections;
            _pauseMark = pause;

            // The bookkeeping above is not part of the next step.
            _mark = Stopwatch.GetTimestamp();
        }
    }
}
