using System.Text.Json;
using System.Text.Json.Nodes;
using Descent.Training;

namespace Descent.Cli;

/// <summary>
/// The <c>--metrics</c> JSON of <c>descent train</c>, written atomically after every epoch and at the end:
/// <code>
/// {"config": {...}, "epochs": [{"epoch": 1, "train_loss": …, "train_accuracy": …, "val_loss": …, "val_accuracy": …,
///   "test_loss": …, "test_accuracy": …, "lr": …, "seconds": …, …}, …],
///  "final": {"test_loss": …, "test_accuracy": …, "seconds": …, "stop_reason": …, …}}
/// </code>
/// Values that do not apply (no test split, accuracy of a regression, a final record of a run still going) are null.
/// </summary>
internal static class MetricsFile
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static void Write(string path, JsonObject config, IEnumerable<EpochMetrics> history, JsonObject? final)
    {
        var epochs = new JsonArray();
        foreach (var e in history)
        {
            epochs.Add(new JsonObject
            {
                ["epoch"] = e.Epoch,
                ["train_loss"] = Number(e.TrainLoss),
                ["train_accuracy"] = Number(e.TrainAccuracy),
                ["val_loss"] = Number(e.ValidationLoss),
                ["val_accuracy"] = Number(e.ValidationAccuracy),
                ["test_loss"] = Number(e.TestLoss),
                ["test_accuracy"] = Number(e.TestAccuracy),
                ["lr"] = Number(e.LearningRate),
                ["seconds"] = Number(e.Seconds),
                ["eval_seconds"] = Number(e.EvaluationSeconds),
                ["grad_norm"] = Number(e.MeanGradientNorm),
                ["steps"] = e.Steps,
                ["skipped_steps"] = e.SkippedSteps,
                ["complete"] = e.Complete,
            });
        }

        var root = new JsonObject
        {
            ["config"] = config.DeepClone(),
            ["epochs"] = epochs,
            ["final"] = final?.DeepClone(),
        };
        OutputFiles.WriteText(path, root.ToJsonString(Indented) + "\n");
    }

    /// <summary>A JSON number, or null for a missing or non-finite value (JSON has no NaN).</summary>
    public static JsonNode? Number(double? value) => value is { } v && double.IsFinite(v) ? JsonValue.Create(v) : null;
}
