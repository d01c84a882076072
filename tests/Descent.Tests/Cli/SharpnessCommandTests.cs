using System.Text.Json;
using Descent.Analysis;
using Descent.Data;
using Descent.NN;
using Descent.Training;

namespace Descent.Tests.Cli;

public sealed class SharpnessCommandTests(StudyFixture study) : IClassFixture<StudyFixture>
{
    [Fact]
    public void Json_TopEigenvaluesMatchTheDenseHessian()
    {
        var (code, output, err) = CliTestHost.Run("sharpness", "--checkpoint", study.Checkpoints(240), "--top", "3", "--format", "json", "--tol", "1e-8");
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(output);
        var top = doc.RootElement.GetProperty("top_eigenvalues").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(67, doc.RootElement.GetProperty("parameters").GetInt32());

        // The same Hessian, formed densely: the checkpoint's weights, the first 2048 (here all 240) training samples.
        var checkpoint = Checkpoint.Load(study.Checkpoints(240));
        var train = Datasets.Load(StudyFixture.Data).Train;
        var model = ModelSpec.Build("mlp:4-8-3", train.SampleShape, 3, new Rng(0));
        model.LoadStateDict(checkpoint.Model);
        var loss = ModelLoss.FromDataset(model, train, 2048);
        var dense = SymmetricEigen.Decompose(Hessians.Dense(loss, loss.GetParameters())).Values;
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(dense[^(i + 1)], top[i], 1e-4 * Math.Abs(dense[^1]));
        }
    }

    [Fact]
    public void Text_ReportsLossEigenvaluesAndTrace()
    {
        var (code, output, err) = CliTestHost.Run("sharpness", "--checkpoint", study.Checkpoints(8), "--top", "2", "--trace", "--trace-samples", "10");
        Assert.True(code == 0, err);
        Assert.Contains("model       mlp:4-8-3, 67 parameters (float32), step 90 (epoch 3)", output, StringComparison.Ordinal);
        Assert.Contains("top 2 Hessian eigenvalues (Lanczos", output, StringComparison.Ordinal);
        Assert.Matches(@"\n  λ1 = [0-9.]+ +residual", output);
        Assert.Contains("(Hutchinson, 10 probes", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Density_WritesThePlot()
    {
        var path = Path.Combine(study.Directory, "density.svg");
        var (code, _, err) = CliTestHost.Run("sharpness", "--checkpoint", study.Checkpoints(8), "--top", "1", "--density", path);
        Assert.True(code == 0, err);
        Assert.Contains("eigenvalue density", File.ReadAllText(path), StringComparison.Ordinal);
    }

    [Fact]
    public void SameSeed_SameOutput()
    {
        var a = CliTestHost.Run("sharpness", "--checkpoint", study.Checkpoints(8), "--top", "2", "--trace", "--trace-samples", "5", "--seed", "3");
        var b = CliTestHost.Run("sharpness", "--checkpoint", study.Checkpoints(8), "--top", "2", "--trace", "--trace-samples", "5", "--seed", "3");
        string Strip(string s) => System.Text.RegularExpressions.Regex.Replace(s, @"[0-9.]+ s\)", "");
        Assert.Equal(Strip(a.Out), Strip(b.Out));
    }

    [Theory]
    [InlineData("--checkpoint", "/no/such/dir")]
    [InlineData("--top", "2")]
    [InlineData("--checkpoint", "{ckpt}", "--model", "mlp:4-16-3")]
    [InlineData("--checkpoint", "{ckpt}", "--top", "0")]
    [InlineData("--checkpoint", "{ckpt}", "--top", "68")]
    [InlineData("--checkpoint", "{ckpt}", "--format", "xml")]
    [InlineData("--checkpoint", "{ckpt}", "--tol", "0")]
    [InlineData("--checkpoint", "{ckpt}", "--trace-samples", "5")]
    [InlineData("--checkpoint", "{ckpt}", "--top", "5", "--max-steps", "3")]
    [InlineData("--checkpoint", "{ckpt}", "--density", "d.txt")]
    [InlineData("--checkpoint", "{ckpt}", "--data", "nosuch")]
    [InlineData("--checkpoint", "{ckpt}", "--data", "moons")]
    [InlineData("--checkpoint", "{ckpt}", "--seed", "-1")]
    public void BadInput_ExitsTwoWithOneLine(params string[] args)
    {
        args = args.Select(a => a.Replace("{ckpt}", study.Checkpoints(8), StringComparison.Ordinal)).ToArray();
        var (code, output, err) = CliTestHost.Run(["sharpness", .. args]);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.StartsWith("descent sharpness: ", err, StringComparison.Ordinal);
        Assert.Single(err.TrimEnd('\n').Split('\n'));
    }
}
