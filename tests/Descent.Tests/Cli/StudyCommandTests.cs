using System.Text.Json;

namespace Descent.Tests.Cli;

public sealed class StudyCommandTests(StudyFixture study) : IClassFixture<StudyFixture>
{
    [Fact]
    public void BatchSize_PrintsOneRowPerBatchSize()
    {
        Assert.True(study.Code == 0, study.Error);
        var lines = study.Output.Split('\n');
        Assert.Contains("batch size  steps  train loss", lines[1], StringComparison.Ordinal);
        Assert.Matches(@"^\s+8\s+90\s", lines[2]);
        Assert.Matches(@"^\s+240\s+3\s", lines[3]);
    }

    [Fact]
    public void BatchSize_WritesTheReportPlotsAndResults()
    {
        foreach (var f in new[] { "report.html", "results.csv", "results.json", "loss.svg", "accuracy.svg", "sharpness.svg", "interpolation.svg", "paths.svg" })
        {
            Assert.True(File.Exists(Path.Combine(study.Out, f)), f);
        }

        var html = File.ReadAllText(Path.Combine(study.Out, "report.html"));
        Assert.Contains("descent study batch-size --data " + StudyFixture.Data, html, StringComparison.Ordinal);
    }

    [Fact]
    public void BatchSize_JsonHasEveryRunsMeasurements()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(study.Out, "results.json")));
        var runs = doc.RootElement.GetProperty("runs").EnumerateArray().ToArray();
        Assert.Equal([8, 240], runs.Select(r => r.GetProperty("batch_size").GetInt32()));
        Assert.All(runs, r => Assert.Equal(3, r.GetProperty("top_eigenvalues").GetArrayLength()));
        Assert.All(runs, r => Assert.InRange(r.GetProperty("test_accuracy").GetDouble(), 0, 1));
        Assert.All(runs, r =>
        {
            var top = r.GetProperty("top_eigenvalues").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            Assert.Equal(top.OrderDescending(), top);
        });
    }

    [Fact]
    public void BatchSize_SavesSnapshotsAsCheckpointsWithTheConfig()
    {
        var steps = System.IO.Directory.GetDirectories(study.Checkpoints(8), "step-*").Select(d => Path.GetFileName(d)!).Order().ToArray();
        Assert.Equal(["step-000000000", "step-000000022", "step-000000045", "step-000000068", "step-000000090"], steps);
        var progress = File.ReadAllText(Path.Combine(study.Checkpoints(8), "step-000000090", "progress.json"));
        Assert.Contains("mlp:4-8-3", progress, StringComparison.Ordinal);
    }

    [Fact]
    public void BatchSize_SameSeed_SameTable()
    {
        var (code, output, _) = CliTestHost.Run(
            "study", "batch-size", "--data", StudyFixture.Data, "--model", "mlp:4-8-3", "--optimizer", "sgd:lr=0.1", "--batch-sizes", "8;240",
            "--epochs", "3", "--path-grid", "0");
        Assert.Equal(0, code);
        Assert.Equal(study.Output.Split('\n').Take(4), output.Split('\n').Take(4));
    }

    [Theory]
    [InlineData("batch-sise", "--data", "moons", "--model", "mlp:2-2", "--optimizer", "sgd", "--batch-sizes", "8")]
    [InlineData("batch-size", "--data", "moons:test=0.2", "--model", "mlp:2-2", "--optimizer", "sgd", "--batch-sizes", "8;x")]
    [InlineData("batch-size", "--data", "moons:test=0.2", "--model", "mlp:2-2", "--optimizer", "sgd", "--batch-sizes", "8;8")]
    [InlineData("batch-size", "--data", "moons:test=0.2", "--model", "mlp:2-2", "--optimizer", "sgd", "--batch-sizes", "0")]
    [InlineData("batch-size", "--data", "moons:test=0.2", "--model", "mlp:2-2", "--optimizer", "sgd")]
    [InlineData("batch-size", "--data", "moons", "--model", "mlp:2-2", "--optimizer", "sgd", "--batch-sizes", "8")]
    [InlineData("batch-size", "--data", "linear:test=0.2", "--model", "linear", "--optimizer", "sgd", "--batch-sizes", "8")]
    [InlineData("batch-size", "--data", "moons:test=0.2", "--model", "mlp:3-2", "--optimizer", "sgd", "--batch-sizes", "8")]
    [InlineData("batch-size", "--data", "moons:test=0.2", "--model", "mlp:2-2", "--optimizer", "nosuch", "--batch-sizes", "8")]
    [InlineData("batch-size", "--data", "moons:test=0.2", "--model", "mlp:2-2", "--optimizer", "sgd", "--batch-sizes", "8", "--epoch", "2")]
    [InlineData("batch-size", "--data", "moons:test=0.2", "--model", "mlp:2-2", "--optimizer", "sgd", "--batch-sizes", "8", "--path-grid", "1")]
    public void BadInput_ExitsTwoWithOneLine(params string[] args)
    {
        var (code, output, err) = CliTestHost.Run(["study", .. args]);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.StartsWith("descent study: ", err, StringComparison.Ordinal);
        Assert.Single(err.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public void NoStudyName_ExitsTwo()
    {
        var (code, _, err) = CliTestHost.Run("study", "--data", "moons");
        Assert.Equal(2, code);
        Assert.Contains("batch-size", err, StringComparison.Ordinal);
    }
}
