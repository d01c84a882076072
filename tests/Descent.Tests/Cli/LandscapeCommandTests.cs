using System.Globalization;

namespace Descent.Tests.Cli;

public sealed class LandscapeCommandTests(StudyFixture study) : IClassFixture<StudyFixture>
{
    [Fact]
    public void Random_WritesGridCsvWhoseCentreIsTheCheckpointsLoss()
    {
        var csv = Path.Combine(study.Directory, "random.csv");
        var svg = Path.Combine(study.Directory, "random.svg");
        var (code, output, err) = CliTestHost.Run("landscape", "--checkpoint", study.Checkpoints(8), "--grid", "5", "--span", "0.5", "--csv", csv, "--out", svg);
        Assert.True(code == 0, err);
        var rows = File.ReadAllLines(csv);
        Assert.Equal("alpha,beta,loss,accuracy", rows[0]);
        Assert.Equal(26, rows.Length);
        var centre = rows.Skip(1).Select(r => r.Split(',')).Single(r => r[0] == "0" && r[1] == "0");
        var printed = System.Text.RegularExpressions.Regex.Match(output, @"centre      loss ([0-9.Ee-]+)").Groups[1].Value;
        Assert.Equal(double.Parse(printed, CultureInfo.InvariantCulture), double.Parse(centre[2], CultureInfo.InvariantCulture));
        Assert.Contains("filter-normalised", File.ReadAllText(svg), StringComparison.Ordinal);
    }

    [Fact]
    public void Random_SameSeedSameGrid_OtherSeedOtherGrid()
    {
        string Run(string seed)
        {
            var csv = Path.Combine(study.Directory, $"seed{seed}-{Guid.NewGuid():N}.csv");
            var (code, _, err) = CliTestHost.Run("landscape", "--checkpoint", study.Checkpoints(8), "--grid", "3", "--csv", csv, "--seed", seed);
            Assert.True(code == 0, err);
            return File.ReadAllText(csv);
        }

        Assert.Equal(Run("1"), Run("1"));
        Assert.NotEqual(Run("1"), Run("2"));
    }

    [Fact]
    public void Pca_DrawsTheTrainingPathWithHonestAxes()
    {
        var svg = Path.Combine(study.Directory, "pca.svg");
        var (code, output, err) = CliTestHost.Run("landscape", "--checkpoint", study.Checkpoints(8), "--directions", "pca", "--grid", "5", "--out", svg);
        Assert.True(code == 0, err);
        Assert.Contains("the top two principal directions of 5 checkpoints", output, StringComparison.Ordinal);
        var text = File.ReadAllText(svg);
        Assert.Matches(@"1st PCA direction \(\d+\.\d% of variance\)", text);
        Assert.Contains("training path", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Line_ProfileFromFirstToLastCheckpoint_EndsAtTheCheckpointsLoss()
    {
        var csv = Path.Combine(study.Directory, "line.csv");
        var svg = Path.Combine(study.Directory, "line.svg");
        var (code, output, err) = CliTestHost.Run("landscape", "--checkpoint", study.Checkpoints(8), "--directions", "line", "--grid", "5", "--csv", csv, "--out", svg);
        Assert.True(code == 0, err);
        var rows = File.ReadAllLines(csv);
        Assert.Equal(["alpha,loss,accuracy", "-0.5", "0", "0.5", "1", "1.5"], rows.Select((r, i) => i == 0 ? r : r.Split(',')[0]));
        Assert.Contains("(1 − α)·step-000000000 + α·step-000000090", output, StringComparison.Ordinal);

        var (_, random, _) = CliTestHost.Run("landscape", "--checkpoint", study.Checkpoints(8), "--grid", "3");
        var centre = System.Text.RegularExpressions.Regex.Match(random, @"centre      loss ([0-9.Ee-]+)").Groups[1].Value;
        Assert.Equal(centre, rows[4].Split(',')[1]);
        Assert.Contains("along the line from step-000000000 to step-000000090", File.ReadAllText(svg), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--checkpoint", "{ckpt}", "--directions", "line", "--biases", "copy")]
    [InlineData("--checkpoint", "{ckpt}", "--directions", "diagonal")]
    [InlineData("--checkpoint", "{ckpt}", "--span", "0")]
    [InlineData("--checkpoint", "{ckpt}", "--grid", "1")]
    [InlineData("--checkpoint", "{ckpt}", "--out", "plot.txt")]
    [InlineData("--checkpoint", "{ckpt}", "--csv", "/no/such/dir/x.csv")]
    [InlineData("--checkpoint", "{ckpt}", "--directions", "pca", "--span", "2")]
    [InlineData("--checkpoint", "{ckpt}", "--biases", "scale")]
    [InlineData("--checkpoint", "{ckpt}", "--model", "cnn:lenet")]
    [InlineData("--checkpoint", "{ckpt}", "--sample", "10")]
    [InlineData("--checkpoint", "/no/such/dir")]
    [InlineData("--grid", "5")]
    public void BadInput_ExitsTwoWithOneLine(params string[] args)
    {
        args = args.Select(a => a.Replace("{ckpt}", study.Checkpoints(8), StringComparison.Ordinal)).ToArray();
        var (code, output, err) = CliTestHost.Run(["landscape", .. args]);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.StartsWith("descent landscape: ", err, StringComparison.Ordinal);
        Assert.Single(err.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public void Pca_TooFewCheckpoints_SaysHowToKeepMore()
    {
        var dir = Path.Combine(study.Directory, "two");
        Directory.CreateDirectory(dir);
        foreach (var step in Directory.GetDirectories(study.Checkpoints(8), "step-*").Order().Take(2))
        {
            var target = Path.Combine(dir, Path.GetFileName(step));
            Directory.CreateDirectory(target);
            foreach (var f in Directory.GetFiles(step))
            {
                File.Copy(f, Path.Combine(target, Path.GetFileName(f)));
            }
        }

        var (code, _, err) = CliTestHost.Run("landscape", "--checkpoint", dir, "--directions", "pca");
        Assert.Equal(2, code);
        Assert.Contains("--keep", err, StringComparison.Ordinal);
    }
}
