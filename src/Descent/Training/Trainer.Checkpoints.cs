using System.Globalization;
using System.Text.Json;
using Descent.IO;

namespace Descent.Training;

/// <content>Checkpoints: what a run saves, and how <see cref="Resume"/> puts it back.</content>
public sealed partial class Trainer
{
    /// <summary>Writes a checkpoint of the run as it stands into <paramref name="directory"/> and returns its path.</summary>
    /// <exception cref="InvalidOperationException">A parameter is NaN or infinite: a broken state is never saved.</exception>
    public string SaveCheckpoint(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        if (TrainingMath.FirstNonFiniteParameter(_parameters) is { } bad)
        {
            throw new InvalidOperationException($"Not saving a checkpoint: {bad.Problem}; the run has diverged and the last good checkpoint is kept");
        }

        Directory.CreateDirectory(directory);
        string full = Path.GetFullPath(directory);
        if (_bestWeights != null && _bestWeightsSaved != (full, _bestEpoch))
        {
            SafeTensors.Save(Path.Combine(directory, BestWeightsFile(_bestEpoch)), _bestWeights, new Dictionary<string, string>
            {
                ["producer"] = "Descent",
                ["epoch"] = _bestEpoch.ToString(CultureInfo.InvariantCulture),
                ["val_loss"] = _bestLoss.ToString("R", CultureInfo.InvariantCulture),
            });
            _bestWeightsSaved = (full, _bestEpoch);
        }

        string path = Checkpoint.Save(directory, Model, Optimizer, CaptureProgress(), Options.KeepCheckpoints);
        PruneBestWeights(directory);
        return path;
    }

    /// <summary>
    /// Loads the newest checkpoint in <paramref name="directory"/> into the model, the optimizer (with its scheduler) and the trainer;
    /// the next <see cref="Fit"/> continues exactly where that run stopped (its loader must have the same data, batch size, seed and
    /// shuffling, which is checked). Everything is checked before anything changes.
    /// </summary>
    /// <returns>The checkpoint's progress record (its <see cref="TrainingProgress.ConfigJson"/> is the saved configuration).</returns>
    /// <exception cref="ArgumentException">No readable checkpoint, or one that does not fit this model, optimizer or trainer.</exception>
    public TrainingProgress Resume(string directory)
    {
        var data = Checkpoint.Load(directory);
        var progress = data.Progress;
        var dropouts = Dropouts().ToList();
        foreach (var (name, d) in dropouts)
        {
            if (!progress.Rngs.TryGetValue("dropout:" + name, out var saved))
            {
                throw new ArgumentException($"{data.Path}: the checkpoint has no generator state for dropout layer \"{name}\"; it was saved from another model", nameof(directory));
            }

            if (saved.Seed != d.Generator.GetState().Seed)
            {
                throw new ArgumentException($"{data.Path}: dropout layer \"{name}\" was saved with generator seed {saved.Seed}, this one has seed {d.Generator.GetState().Seed}; build the model with the same seed", nameof(directory));
            }
        }

        List<EpochMetrics> history = [];
        if (progress.HistoryJson != null)
        {
            try
            {
                history = JsonSerializer.Deserialize<List<EpochMetrics>>(progress.HistoryJson, HistoryJson) ?? [];
            }
            catch (JsonException e)
            {
                throw new ArgumentException($"{data.Path}: the saved history is malformed ({e.Message.Split('.')[0]})", nameof(directory));
            }
        }

        int bestEpoch = (int)Scalar(progress, "es_best_epoch", 0);
        Dictionary<string, Tensor>? best = null;
        string directoryOfBest = Path.GetDirectoryName(data.Path) ?? ".";
        if (bestEpoch > 0 && Options.EarlyStopping is { RestoreBestWeights: true })
        {
            string file = Path.Combine(directoryOfBest, BestWeightsFile(bestEpoch));
            if (File.Exists(file))
            {
                best = SafeTensors.Load(file).Tensors.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
            }
            else if (Scalar(progress, "es_best_weights_saved", 0) == 1)
            {
                throw new ArgumentException($"{data.Path}: the best weights of epoch {bestEpoch} should be in {file}, which is missing", nameof(directory));
            }

            // Otherwise the saved run did not keep best weights: the next improvement will.
        }

        // Everything above only read; from here the model and optimizer change, all-or-nothing.
        Checkpoint.Apply(data, Model, Optimizer);

        foreach (var (name, d) in dropouts)
        {
            d.Generator.SetState(progress.Rngs["dropout:" + name]);
        }

        CompletedEpochs = progress.Epoch;
        GlobalStep = progress.GlobalStep;
        SkippedSteps = (long)Scalar(progress, "skipped_steps", 0);
        _pendingLoaderState = progress.Loader;
        _previousStepLoss = Scalar(progress, "previous_step_loss", double.NaN);
        _bestEpoch = bestEpoch;
        _bestLoss = Scalar(progress, "es_best_loss", double.PositiveInfinity);
        _badEpochs = (int)Scalar(progress, "es_bad_epochs", 0);
        _bestWeights = best;
        _bestWeightsSaved = best != null ? (Path.GetFullPath(directoryOfBest), bestEpoch) : null;
        _epoch = new EpochTotals
        {
            LossSum = Scalar(progress, "epoch_loss_sum", 0),
            Samples = (long)Scalar(progress, "epoch_samples", 0),
            Correct = (long)Scalar(progress, "epoch_correct", 0),
            GradientNormSum = Scalar(progress, "epoch_gradient_norm_sum", 0),
            Steps = (int)Scalar(progress, "epoch_steps", 0),
            Skipped = (int)Scalar(progress, "epoch_skipped", 0),
            Seconds = Scalar(progress, "epoch_seconds", 0),
            LastLearningRate = progress.Scalars.TryGetValue("epoch_last_lr", out var lr) ? lr : null,
        };

        // A partial epoch recorded when a stopping rule ended the saved run is trained to the end now, and recorded again.
        _history.Clear();
        _history.AddRange(history.Where(h => h.Complete));
        _recentLosses.Clear();
        return progress;
    }

    private static string BestWeightsFile(int epoch) => BestWeightsPrefix + epoch.ToString("D6", CultureInfo.InvariantCulture) + ".safetensors";

    private static double Scalar(TrainingProgress p, string key, double fallback) => p.Scalars.TryGetValue(key, out var v) ? v : fallback;

    private string? TrySaveCheckpoint() => Options.CheckpointDirectory is { } dir ? SaveCheckpoint(dir) : null;

    private TrainingProgress CaptureProgress()
    {
        var scalars = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["skipped_steps"] = SkippedSteps,
            ["epoch_loss_sum"] = _epoch.LossSum,
            ["epoch_samples"] = _epoch.Samples,
            ["epoch_correct"] = _epoch.Correct,
            ["epoch_gradient_norm_sum"] = _epoch.GradientNormSum,
            ["epoch_steps"] = _epoch.Steps,
            ["epoch_skipped"] = _epoch.Skipped,
            ["epoch_seconds"] = _epoch.Seconds,
        };

        // JSON has no NaN or infinity: values that are not finite are left out and read back as their defaults.
        if (double.IsFinite(_previousStepLoss))
        {
            scalars["previous_step_loss"] = _previousStepLoss;
        }

        if (_epoch.LastLearningRate is { } lr && double.IsFinite(lr))
        {
            scalars["epoch_last_lr"] = lr;
        }

        if (double.IsFinite(_bestLoss))
        {
            scalars["es_best_loss"] = _bestLoss;
            scalars["es_best_epoch"] = _bestEpoch;
            scalars["es_best_weights_saved"] = _bestWeights != null ? 1 : 0;
            scalars["es_bad_epochs"] = _badEpochs;
        }

        var rngs = new Dictionary<string, RngState>(StringComparer.Ordinal);
        foreach (var (name, d) in Dropouts())
        {
            rngs["dropout:" + name] = d.Generator.GetState();
        }

        return new TrainingProgress
        {
            Epoch = CompletedEpochs,
            GlobalStep = GlobalStep,
            Loader = _loader?.GetState(),
            Rngs = rngs,
            Scalars = scalars,
            HistoryJson = JsonSerializer.Serialize(_history, HistoryJson),
            ConfigJson = Options.ConfigJson,
        };
    }

    private void PruneBestWeights(string directory)
    {
        // Each kept checkpoint refers to at most one best-weights file, and bests only move forward: keeping as many of the newest
        // files as checkpoints covers every checkpoint still on disk.
        var files = Directory.GetFiles(directory, BestWeightsPrefix + "*.safetensors").Order(StringComparer.Ordinal).ToList();
        foreach (var old in files.SkipLast(Options.KeepCheckpoints))
        {
            try
            {
                File.Delete(old);
            }
            catch (IOException)
            {
                // A stale file costs disk space, not correctness.
            }
        }
    }
}
