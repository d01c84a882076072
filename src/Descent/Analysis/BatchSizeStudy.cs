using System.Diagnostics;
using System.Globalization;
using Descent.Data;
using Descent.NN;
using Descent.Optim;
using Descent.Training;

namespace Descent.Analysis;

/// <summary>
/// Small- versus large-batch training, the experiment behind lecture 000's table (Keskar et al. 2017, "On Large-Batch Training
/// for Deep Learning: Generalization Gap and Sharp Minima"): the same model from the same initial weights, trained with the same
/// optimizer for the same number of epochs at each batch size, then compared on training and test accuracy, final loss and the
/// sharpness of the minimum it reached (the largest eigenvalues of the training loss's Hessian).
/// </summary>
/// <remarks>
/// Keskar et al. measure sharpness as the largest loss increase in a small box around the minimum; the top Hessian eigenvalue
/// (as in Yao et al. 2018 and PyHessian) is the second-order version of the same quantity and needs no inner optimisation.
/// The learning rate is not scaled with the batch size: that is the point of the comparison. Training runs through
/// <see cref="Trainer"/> (cross-entropy, no schedule), which also writes the snapshots as checkpoints.
/// </remarks>
public static class BatchSizeStudy
{
    /// <summary>Trains and measures one run per batch size.</summary>
    /// <exception cref="ArgumentException">An invalid spec, a data set without classes or without a test split, or an invalid
    /// count.</exception>
    public static BatchSizeStudyResult Run(BatchSizeStudyOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        Validate(options);
        var splits = Datasets.Load(options.Data);
        var train = splits.Train;
        var test = splits.Test ?? splits.Validation
            ?? throw new ArgumentException($"The batch-size study reports test accuracy, but \"{options.Data}\" has no test split; add test=0.2 to the data spec");
        if (train.ClassCount == 0)
        {
            throw new ArgumentException($"The batch-size study compares classification accuracy, but \"{options.Data}\" is a regression data set");
        }

        var runs = new List<BatchSizeRun>();
        int parameters = 0;
        Module? model = null;
        foreach (int batchSize in options.BatchSizes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            model = Build(options, train);
            parameters = (int)model.ParameterCount();
            runs.Add(TrainOne(options, model, train, test, batchSize, cancellationToken));
        }

        LandscapeLine? line = null, lineTest = null;
        if (options.InterpolationPoints > 0 && runs.Count >= 2 && model != null)
        {
            var small = runs.MinBy(r => r.BatchSize)!;
            var large = runs.MaxBy(r => r.BatchSize)!;
            var trainLoss = ModelLoss.FromDataset(model, train);
            var testLoss = ModelLoss.FromDataset(model, test);
            line = LossLandscape.Interpolate(trainLoss, small.FinalParameters, large.FinalParameters, options.InterpolationPoints, -1, 2);
            lineTest = LossLandscape.Interpolate(testLoss, small.FinalParameters, large.FinalParameters, options.InterpolationPoints, -1, 2);
            options.Log?.Invoke(string.Create(CultureInfo.InvariantCulture, $"interpolated between batch {small.BatchSize} and batch {large.BatchSize} at {options.InterpolationPoints} points"));
        }

        return new BatchSizeStudyResult(options, parameters, train.Count, test.Count, runs, line, lineTest);
    }

    private static void Validate(BatchSizeStudyOptions o)
    {
        ArgumentNullException.ThrowIfNull(o.BatchSizes);
        if (o.BatchSizes.Count == 0)
        {
            throw new ArgumentException("The batch-size study needs at least one batch size", nameof(o));
        }

        foreach (int b in o.BatchSizes)
        {
            if (b < 1)
            {
                throw new ArgumentException($"Batch sizes must be positive, got {b}", nameof(o));
            }
        }

        if (o.BatchSizes.Distinct().Count() != o.BatchSizes.Count)
        {
            throw new ArgumentException($"Batch sizes must differ, got {string.Join(";", o.BatchSizes)}", nameof(o));
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(o.Epochs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(o.HessianSamples);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(o.TopEigenvalues);
        ArgumentOutOfRangeException.ThrowIfNegative(o.TraceSamples);
        ArgumentOutOfRangeException.ThrowIfNegative(o.Snapshots);
        if (o.PathLandscapeGrid is 1 or < 0 or > LossLandscape.MaxPoints)
        {
            throw new ArgumentException($"The path landscape grid must be 0 or from 2 to {LossLandscape.MaxPoints}, got {o.PathLandscapeGrid}", nameof(o));
        }

        if (o.InterpolationPoints is 1 or < 0 or > LossLandscape.MaxPoints)
        {
            throw new ArgumentException($"Interpolation points must be 0 or from 2 to {LossLandscape.MaxPoints}, got {o.InterpolationPoints}", nameof(o));
        }
    }

    // Every run starts from the same weights: the initialisation stream depends on the seed only.
    private static Module Build(BatchSizeStudyOptions o, IDataset train) =>
        ModelSpec.Build(o.Model, train.SampleShape, train.ClassCount, Rng.ForStream(o.Seed, 1), train.DType);

    private static BatchSizeRun TrainOne(BatchSizeStudyOptions o, Module model, IDataset train, IDataset test, int batchSize, CancellationToken ct)
    {
        var optimizer = OptimizerRegistry.Create(o.Optimizer, model.Parameters());
        var loader = new DataLoader(train, new DataLoaderOptions { BatchSize = batchSize, Shuffle = true, Seed = o.Seed });
        var trainer = new Trainer(model, optimizer, new TrainerOptions
        {
            Epochs = o.Epochs,
            Loss = TrainingLosses.CrossEntropy,
            ConfigJson = Config(o, batchSize),
            KeepCheckpoints = o.Snapshots + 1,
        });
        var stepLosses = new List<double>();
        var layout = ParameterLayout.Of(model);
        long totalSteps = (long)loader.BatchesPerEpoch * o.Epochs;
        var snapshotSteps = new HashSet<long>(Enumerable.Range(1, o.Snapshots).Select(k => (long)Math.Round((double)k * totalSteps / o.Snapshots)));
        var snapshots = new List<double[]>();
        string? checkpoints = o.CheckpointDirectory == null ? null : System.IO.Path.Combine(o.CheckpointDirectory, string.Create(CultureInfo.InvariantCulture, $"batch-{batchSize}"));
        void Snapshot(Trainer t)
        {
            snapshots.Add(layout.Read());
            if (checkpoints != null)
            {
                t.SaveCheckpoint(checkpoints);
            }
        }

        bool pending = false;
        trainer.Callbacks.Add(new DelegateCallback
        {
            TrainBegin = Snapshot,
            StepEnd = (t, step) =>
            {
                stepLosses.Add(step.Loss);
                if (snapshotSteps.Contains(step.Step))
                {
                    // A snapshot at an epoch's last step waits for the epoch's end, so its checkpoint counts that epoch as done.
                    if (step.Batch < step.BatchesPerEpoch)
                    {
                        Snapshot(t);
                    }
                    else
                    {
                        pending = true;
                    }
                }
            },
            EpochEnd = (t, _) =>
            {
                if (pending)
                {
                    pending = false;
                    Snapshot(t);
                }
            },
        });
        var result = trainer.Fit(loader, test: test, cancellationToken: ct);
        ct.ThrowIfCancellationRequested();
        if (result.Reason != StopReason.Completed)
        {
            throw new ArgumentException($"Training with batch size {batchSize} stopped early: {result.Message}; use a smaller learning rate in --optimizer");
        }

        var epochAccuracy = result.History.Select(e => e.TestAccuracy ?? double.NaN).ToArray();
        var trainEval = trainer.Evaluate(train);
        var testEval = trainer.Evaluate(test);
        double trainSeconds = result.Seconds;
        double trainLossValue = trainEval.Loss, trainAccuracy = trainEval.Accuracy ?? double.NaN;
        double testLossValue = testEval.Loss, testAccuracy = testEval.Accuracy ?? double.NaN;
        o.Log?.Invoke(string.Create(CultureInfo.InvariantCulture,
            $"batch {batchSize}: {result.Steps} steps in {trainSeconds:0.0} s, train loss {trainLossValue:0.####}, train accuracy {trainAccuracy:0.####}, test accuracy {testAccuracy:0.####}"));

        var clock = Stopwatch.StartNew();
        var hessianLoss = ModelLoss.FromDataset(model, train, o.HessianSamples);
        var theta = hessianLoss.GetParameters();
        var op = hessianLoss.HessianAt(theta);
        var top = HessianSpectrum.TopEigenvalues(op, Math.Min(o.TopEigenvalues, hessianLoss.Dimension), seed: o.Seed);
        var trace = o.TraceSamples > 0 ? HessianSpectrum.Trace(op, o.TraceSamples, o.Seed) : null;
        double hessianSeconds = clock.Elapsed.TotalSeconds;
        o.Log?.Invoke(string.Create(CultureInfo.InvariantCulture,
            $"batch {batchSize}: top Hessian eigenvalue {top.Values[0]:0.####} ({top.Steps} Hessian-vector products{(trace != null ? $", trace {trace.Mean:0.##}" : "")}, {hessianSeconds:0.0} s)"));

        PlaneProjection? path = null;
        LandscapeSurface? pathLandscape = null;
        if (snapshots.Count >= 3)
        {
            path = PathProjection.Pca(snapshots);
            if (o.PathLandscapeGrid > 0)
            {
                clock.Restart();
                var (x0, x1, y0, y1) = path.Bounds();
                pathLandscape = LossLandscape.Surface(hessianLoss, theta, path.Direction1, path.Direction2, x0, x1, y0, y1, o.PathLandscapeGrid, o.PathLandscapeGrid);
                o.Log?.Invoke(string.Create(CultureInfo.InvariantCulture,
                    $"batch {batchSize}: loss on the plane of the training path, {o.PathLandscapeGrid}×{o.PathLandscapeGrid} grid ({clock.Elapsed.TotalSeconds:0.0} s)"));
            }
        }

        return new BatchSizeRun(
            batchSize, stepLosses.Count, [.. stepLosses], epochAccuracy, trainLossValue, trainAccuracy, testLossValue, testAccuracy,
            top.Values, top.Residuals, trace, trainSeconds, hessianSeconds, theta, path, pathLandscape);
    }

    private static string Config(BatchSizeStudyOptions o, int batchSize) => new System.Text.Json.Nodes.JsonObject
    {
        ["data"] = o.Data,
        ["model"] = o.Model,
        ["optimizer"] = o.Optimizer,
        ["batch_size"] = batchSize,
        ["epochs"] = o.Epochs,
        ["seed"] = o.Seed,
        ["study"] = "batch-size",
    }.ToJsonString();
}
