using System.Xml.Linq;

namespace Descent.Tests.Cli;

public sealed class CompareCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("descent-compare-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Out(string name = "report.html") => Path.Combine(_dir, name);

    [Fact]
    public void Function_WritesReportAndPrintsOneLinePerOptimizer()
    {
        var path = Out();
        var (code, output, err) = CliTestHost.Run("compare", "--function", "ellipse", "--optimizers", "gd:lr=0.9;momentum:lr=0.1,gamma=0.8;adam:lr=0.5",
            "--steps", "50", "--out", path);
        Assert.Equal(0, code);
        Assert.Equal("", err);
        var lines = output.TrimEnd('\n').Split('\n');
        Assert.Equal($"wrote {path}", lines[0]);
        Assert.Equal(4, lines.Length);
        Assert.StartsWith("  gd:lr=0.9: final loss ", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("  momentum:lr=0.1,gamma=0.8: final loss ", lines[2], StringComparison.Ordinal);
        Assert.StartsWith("  adam:lr=0.5: final loss ", lines[3], StringComparison.Ordinal);
        Assert.True(File.Exists(path));
    }

    [Fact]
    public void Function_Report_HasPathsLossDistanceAndTable()
    {
        var path = Out();
        CliTestHost.Run("compare", "--function", "rosenbrock", "--optimizers", "adam:lr=0.05;sgd:lr=0.001,momentum=0.9", "--steps", "40", "--out", path);
        var doc = XDocument.Parse(File.ReadAllText(path).Replace("<!DOCTYPE html>", "", StringComparison.Ordinal));
        var headings = doc.Descendants().Where(e => e.Name.LocalName == "h2").Select(e => e.Value).ToList();
        Assert.Contains("Paths", headings);
        Assert.Contains("Loss", headings);
        Assert.Contains("Distance to the minimum", headings);
        Assert.Contains("Summary", headings);
        var trajectories = doc.Descendants().Where(e => (string?)e.Attribute("class") == "trajectory").ToList();
        Assert.Equal(4, trajectories.Count); // two on the combined plot, one in each panel
        var header = doc.Descendants().Where(e => e.Name.LocalName == "th").Select(e => e.Value).ToList();
        Assert.Contains("final loss", header);
        Assert.Contains("steps to f − f* ≤ 1e-06", header);
        Assert.Contains("time (ms)", header);
        Assert.Contains(doc.Descendants(), e => e.Name.LocalName == "code" && e.Value.StartsWith("descent compare --function rosenbrock", StringComparison.Ordinal));
    }

    [Fact]
    public void Function_ListValuesWithSemicolons_AreKeptInsideTheirSpec()
    {
        var (code, output, err) = CliTestHost.Run("compare", "--function", "booth", "--optimizers", "adam:betas=0.9;0.99,lr=0.1;rprop:etas=0.5;1.2",
            "--steps", "5", "--out", Out());
        Assert.Equal(0, code);
        Assert.Equal("", err);
        Assert.Contains("  adam:betas=0.9;0.99,lr=0.1: ", output, StringComparison.Ordinal);
        Assert.Contains("  rprop:etas=0.5;1.2: ", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Function_ExpressionWithStart_Works()
    {
        var (code, output, _) = CliTestHost.Run("compare", "--function", "(1 - x*y)^2", "--start=0.001,0.002", "--optimizers", "gd:lr=0.05;adam:lr=0.05",
            "--steps", "20", "--out", Out());
        Assert.Equal(0, code);
        Assert.Contains("did not reach 1e-06 in 20 steps", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Function_Diverging_IsReportedNotFatal()
    {
        var (code, output, _) = CliTestHost.Run("compare", "--function", "quadratic", "--optimizers", "gd:lr=3;gd:lr=0.5", "--steps", "2000", "--out", Out());
        Assert.Equal(0, code);
        Assert.Contains("diverged at step", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Data_WritesReportWithLossAccuracyAndTable()
    {
        var path = Out();
        var (code, output, err) = CliTestHost.Run("compare", "--data", "moons:n=200", "--model", "mlp:2-8-2", "--optimizers", "sgd:lr=0.1;adam:lr=0.01",
            "--epochs", "3", "--batch-size", "16", "--out", path);
        Assert.Equal(0, code);
        Assert.Equal("", err);
        var lines = output.TrimEnd('\n').Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.Contains("validation accuracy", lines[1], StringComparison.Ordinal);
        Assert.Contains("after 3 epochs", lines[2], StringComparison.Ordinal);
        var html = File.ReadAllText(path);
        Assert.Contains(">Accuracy</h2>", html, StringComparison.Ordinal);
        Assert.Contains("20% of the training set was held out", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Data_Regression_HasNoAccuracySection()
    {
        var path = Out();
        var (code, _, _) = CliTestHost.Run("compare", "--data", "linear:n=200", "--model", "linear", "--optimizers", "gd:lr=0.1;adam:lr=0.1", "--epochs", "2", "--out", path);
        Assert.Equal(0, code);
        Assert.DoesNotContain(">Accuracy</h2>", File.ReadAllText(path), StringComparison.Ordinal);
    }

    [Fact]
    public void Data_SameInitialWeights_SameOptimizerTwiceWithDifferentSpellingGivesSameCurve()
    {
        // lr=0.1 written two ways: the two runs start from the same weights and see the same batches, so they must agree exactly.
        var path = Out();
        var (code, output, _) = CliTestHost.Run("compare", "--data", "blobs:n=120", "--model", "softmax", "--optimizers", "sgd:lr=0.1;sgd:lr=1e-1", "--epochs", "2", "--out", path);
        Assert.Equal(0, code);
        var lines = output.TrimEnd('\n').Split('\n');
        static string Numbers(string line) => line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..line.LastIndexOf(';')];
        Assert.Equal(Numbers(lines[1][(lines[1].IndexOf(": ", StringComparison.Ordinal) + 2)..]), Numbers(lines[2][(lines[2].IndexOf(": ", StringComparison.Ordinal) + 2)..]));
    }

    [Theory]
    [InlineData(new[] { "compare", "--optimizers", "gd" }, "give --function F")]
    [InlineData(new[] { "compare", "--function", "ellipse", "--data", "moons", "--optimizers", "gd" }, "not both")]
    [InlineData(new[] { "compare", "--function", "ellipse" }, "--optimizers is required")]
    [InlineData(new[] { "compare", "--function", "ellipse", "--optimizers", "gd;adma" }, "unknown optimizer \"adma\"; did you mean \"adam\"?")]
    [InlineData(new[] { "compare", "--function", "ellipse", "--optimizers", "gd;;adam" }, "--optimizers: optimizer 2 of 3")]
    [InlineData(new[] { "compare", "--function", "ellipse", "--optimizers", "adam:lr=-1" }, "--optimizers:")]
    [InlineData(new[] { "compare", "--function", "ellipse", "--optimizers", "gd", "--epochs", "3" }, "--epochs applies to --data comparisons")]
    [InlineData(new[] { "compare", "--data", "moons", "--model", "softmax", "--optimizers", "gd", "--steps", "3" }, "--steps applies to --function comparisons")]
    [InlineData(new[] { "compare", "--function", "ellipse", "--optimizers", "gd", "--start=1,2,3" }, "--start: expected 2")]
    [InlineData(new[] { "compare", "--function", "ellipse", "--optimizers", "gd", "--out", "r.svg" }, "--out: the file name must end in .html")]
    [InlineData(new[] { "compare", "--function", "ellipse", "--optimizers", "gd", "--steps", "0" }, "--steps: expected")]
    [InlineData(new[] { "compare", "--function", "ellipse", "--optimizers", "gd", "--schedule", "stepp:step_size=3" }, "--schedule:")]
    [InlineData(new[] { "compare", "--function", "ellipse", "--optimizers", "gd", "--setps", "3" }, "unknown option \"--setps\"; did you mean \"--steps\"?")]
    [InlineData(new[] { "compare", "--data", "moons", "--optimizers", "gd" }, "--model is required")]
    [InlineData(new[] { "compare", "--data", "moonz", "--model", "softmax", "--optimizers", "gd" }, "did you mean \"moons\"?")]
    [InlineData(new[] { "compare", "--data", "moons", "--model", "mlp:3-4-2", "--optimizers", "gd" }, "mlp")]
    public void InvalidArguments_ExitTwoWithOneLineAndWriteNothing(string[] args, string message)
    {
        var path = Out("never.html");
        var (code, output, err) = CliTestHost.Run([.. args, .. args.Contains("--out") ? Array.Empty<string>() : ["--out", path]]);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.StartsWith("descent compare: ", err, StringComparison.Ordinal);
        Assert.Contains(message, err, StringComparison.Ordinal);
        Assert.Single(err.TrimEnd('\n').Split('\n'));
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Help_DocumentsTheSplittingRule()
    {
        var (code, output, _) = CliTestHost.Run("compare", "--help");
        Assert.Equal(0, code);
        Assert.Contains("a ';' starts a new spec only when a name follows it", output, StringComparison.Ordinal);
    }
}

/// <summary>Tests that change the process's current directory run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CurrentDirectoryCollection
{
    public const string Name = "current directory";
}

[Collection(CurrentDirectoryCollection.Name)]
public sealed class CompareDefaultOutputTests
{
    [Fact]
    public void Compare_WithoutOut_WritesCompareHtmlInTheCurrentDirectory()
    {
        var dir = Directory.CreateTempSubdirectory("descent-compare-cwd-").FullName;
        var saved = Directory.GetCurrentDirectory();
        try
        {
            Directory.SetCurrentDirectory(dir);
            var (code, output, _) = CliTestHost.Run("compare", "--function", "booth", "--optimizers", "gd:lr=0.01", "--steps", "3");
            Assert.Equal(0, code);
            Assert.StartsWith("wrote compare.html\n", output, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(dir, "compare.html")));
        }
        finally
        {
            Directory.SetCurrentDirectory(saved);
            Directory.Delete(dir, recursive: true);
        }
    }
}
