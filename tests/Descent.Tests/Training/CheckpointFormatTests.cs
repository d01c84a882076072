using System.Text.Json.Nodes;
using Descent.Training;
using static Descent.Tests.Training.CheckpointFiles;
using static Descent.Tests.Training.TrainingTestUtil;

namespace Descent.Tests.Training;

/// <summary>Checkpoint format 2 (the history as a JSON array) and reading format 1 (the history as one escaped string).</summary>
public sealed class CheckpointFormatTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("descent-format-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string TrainOneEpoch(string name)
    {
        string dir = Path.Combine(_dir, name);
        var (trainer, loader) = AdamRun(Moons(200), seed: 11, dropout: true, new TrainerOptions { Epochs = 2, CheckpointDirectory = dir });
        trainer.Fit(loader, Moons(60, seed: 7));
        return Path.Combine(dir, Checkpoint.Latest(dir)!);
    }

    /// <summary>Rewrites a format-2 checkpoint as format 1 wrote it: the history as an escaped string, manifest version 1.</summary>
    private static void DowngradeToVersion1(string checkpoint)
    {
        var progressPath = Path.Combine(checkpoint, "progress.json");
        var progress = JsonNode.Parse(File.ReadAllText(progressPath))!.AsObject();
        progress["HistoryJson"] = JsonValue.Create(progress["HistoryJson"]!.ToJsonString());
        File.WriteAllText(progressPath, progress.ToJsonString());
        var manifestPath = Path.Combine(checkpoint, "manifest.json");
        File.WriteAllText(manifestPath, File.ReadAllText(manifestPath).Replace("\"FormatVersion\": 2", "\"FormatVersion\": 1", StringComparison.Ordinal));
        Reseal(checkpoint, "progress.json");
    }

    private (Trainer Trainer, TrainingResult Result) ResumeAndFinish(string checkpoint)
    {
        var (trainer, loader) = AdamRun(Moons(200), seed: 11, dropout: true, new TrainerOptions { Epochs = 3 });
        trainer.Resume(checkpoint);
        return (trainer, trainer.Fit(loader, Moons(60, seed: 7)));
    }

    [Fact]
    public void Save_WritesFormat2_WithTheHistoryAsAJsonArray()
    {
        var checkpoint = TrainOneEpoch("a");

        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(checkpoint, "manifest.json")))!;
        Assert.Equal(2, (int)manifest["FormatVersion"]!);
        var history = JsonNode.Parse(File.ReadAllText(Path.Combine(checkpoint, "progress.json")))!["HistoryJson"];
        var records = Assert.IsType<JsonArray>(history);
        Assert.Equal(2, records.Count);
        Assert.Equal(2, (int)records[1]!["Epoch"]!);
        Assert.Equal(checkpoint, Checkpoint.Load(checkpoint).Path);
    }

    [Fact]
    public void Resume_FromFormat1_EqualsResumeFromFormat2()
    {
        var current = TrainOneEpoch("v2");
        var old = TrainOneEpoch("v1");
        string history = Checkpoint.Load(old).Progress.HistoryJson!;
        DowngradeToVersion1(old);
        Assert.Equal(System.Text.Json.JsonValueKind.String, JsonNode.Parse(File.ReadAllText(Path.Combine(old, "progress.json")))!["HistoryJson"]!.GetValueKind());
        Assert.Equal(history, Checkpoint.Load(old).Progress.HistoryJson);

        var (fromCurrent, expected) = ResumeAndFinish(current);
        var (fromOld, actual) = ResumeAndFinish(old);

        Assert.Equal(3, actual.History.Count);
        Assert.Equal(WithoutTimes(expected.History), WithoutTimes(actual.History));
        AssertBitwiseEqual(Weights(fromCurrent.Model), Weights(fromOld.Model));
    }

    [Fact]
    public void Save_HistoryThatIsNotJson_IsRefusedAndLeavesNoCheckpoint()
    {
        var (trainer, _) = AdamRun(Moons(50), seed: 1, dropout: false);
        var e = Assert.ThrowsAny<ArgumentException>(() =>
            Checkpoint.Save(_dir, trainer.Model, trainer.Optimizer, new TrainingProgress { GlobalStep = 1, HistoryJson = "not json" }));

        Assert.Contains("the history must be one JSON value", e.Message, StringComparison.Ordinal);
        Assert.Null(Checkpoint.Latest(_dir));
        Assert.Empty(Directory.GetFileSystemEntries(_dir));
    }
}
