using System.Globalization;

namespace Descent.Tests.Cli;

public sealed class OptimizeCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("descent-opt-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Lecture002Example_PrintsThree_2_84_2_6832()
    {
        var (code, output, err) = CliTestHost.Run("optimize", "--function", "shifted", "--start=3", "--optimizer", "gd:lr=0.01", "--steps", "2");
        Assert.Equal(0, code);
        Assert.Equal("", err);
        Assert.Equal("step,lr,loss,x0\n0,0.01,64,3\n1,0.01,61.465599999999995,2.84\n2,0.01,59.03156223999999,2.6832\n", output);
    }

    [Fact]
    public void Rows_AreStateAfterKSteps_WithLrOfTheNextStep()
    {
        var (code, output, _) = CliTestHost.Run("optimize", "--function", "quadratic", "--start=-1.5,2", "--optimizer", "sgd:lr=0.1",
            "--schedule", "step:step_size=2,gamma=0.5", "--steps", "4");
        Assert.Equal(0, code);
        var rows = output.TrimEnd().Split('\n').Skip(1).Select(l => l.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();
        Assert.Equal(5, rows.Length);
        Assert.Equal([0.1, 0.1, 0.05, 0.05, 0.025], rows.Select(r => r[1]));
        Assert.Equal(-1.5, rows[0][3]);
        Assert.Equal(-1.5 * 0.9, rows[1][3], 15); // x ← x − 0.1·x for ½x²
        Assert.Equal(-1.5 * 0.9 * 0.9 * 0.95, rows[3][3], 15);
    }

    [Fact]
    public void Float32_PrintsShortestFloatDigits()
    {
        var (code, output, _) = CliTestHost.Run("optimize", "--function", "shifted", "--start=3", "--optimizer", "gd:lr=0.01", "--steps", "1", "--dtype", "float32");
        Assert.Equal(0, code);
        Assert.EndsWith("1,0.01,61.465603,2.84\n", output, StringComparison.Ordinal); // (2.84f + 5)² rounded to float
    }

    [Fact]
    public void Out_WritesCsvFileAndNothingToStdout()
    {
        var path = Path.Combine(_dir, "path.csv");
        var (code, output, _) = CliTestHost.Run("optimize", "--function", "booth", "--optimizer", "adam:lr=0.1", "--steps", "3", "--out", path);
        Assert.Equal(0, code);
        Assert.Equal("", output);
        Assert.StartsWith("step,lr,loss,x0,x1\n", File.ReadAllText(path), StringComparison.Ordinal);
    }

    [Fact]
    public void Plot_For2DFunction_WritesContourSvgWithPath()
    {
        var path = Path.Combine(_dir, "path.svg");
        var (code, _, _) = CliTestHost.Run("optimize", "--function", "rosenbrock", "--optimizer", "adam:lr=0.05", "--steps", "20", "--plot", path);
        Assert.Equal(0, code);
        var svg = System.Xml.Linq.XDocument.Parse(File.ReadAllText(path));
        Assert.Contains(svg.Descendants(), e => e.Name.LocalName == "polyline" || e.Name.LocalName == "path");
    }

    [Fact]
    public void Lbfgs_UsesClosureAndConverges()
    {
        var (code, output, _) = CliTestHost.Run("optimize", "--function", "booth", "--optimizer", "lbfgs:line_search_fn=strong_wolfe", "--steps", "2");
        Assert.Equal(0, code);
        var last = output.TrimEnd().Split('\n')[^1].Split(',');
        Assert.True(double.Parse(last[2], CultureInfo.InvariantCulture) < 1e-10);
    }

    [Fact]
    public void Divergence_StopsWithWarning()
    {
        var (code, output, err) = CliTestHost.Run("optimize", "--function", "quadratic", "--start=1,1", "--optimizer", "gd:lr=1000", "--steps", "500");
        Assert.Equal(0, code);
        Assert.Contains("diverged at step", err, StringComparison.Ordinal);
        Assert.True(output.Split('\n').Length < 500);
    }

    [Theory]
    [InlineData("--function is required", "optimize", "--optimizer", "gd")]
    [InlineData("--optimizer is required", "optimize", "--function", "booth")]
    [InlineData("--start: expected 2 comma-separated numbers for booth, got 3", "optimize", "--function", "booth", "--start=1,2,3", "--optimizer", "gd")]
    [InlineData("--start: expected comma-separated finite numbers such as -1.5,2, got \"1,x\"", "optimize", "--function", "booth", "--start=1,x", "--optimizer", "gd")]
    [InlineData("--steps: expected an integer from 0 to 10000000, got \"-3\"", "optimize", "--function", "booth", "--optimizer", "gd", "--steps", "-3")]
    [InlineData("--dtype: expected float64 or float32, got \"half\"", "optimize", "--function", "booth", "--optimizer", "gd", "--dtype", "half")]
    [InlineData("unknown optimizer \"adma\"; did you mean \"adam\"?", "optimize", "--function", "booth", "--optimizer", "adma")]
    [InlineData("--start is required for an expression", "optimize", "--function", "x^2 + y^2", "--optimizer", "gd")]
    [InlineData("Expected ')' at column 9 in \"(1 - x*y\"", "optimize", "--function", "(1 - x*y", "--start=1,1", "--optimizer", "gd")]
    [InlineData("unknown option \"--setps\"; did you mean \"--steps\"?", "optimize", "--function", "booth", "--optimizer", "gd", "--setps", "3")]
    [InlineData("--plot: the file name must end in .svg or .png", "optimize", "--function", "booth", "--optimizer", "gd", "--plot", "a.pdf")]
    [InlineData("Invalid learning rate: -0.1", "optimize", "--function", "booth", "--optimizer", "adam:lr=-0.1")]
    public void BadInput_Exits2WithOneLine(string fragment, params string[] args)
    {
        var (code, output, err) = CliTestHost.Run(args);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains(fragment, err, StringComparison.Ordinal);
        Assert.Single(err.TrimEnd('\n').Split('\n'));
    }
}
