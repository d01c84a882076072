using System.Text.Json;

namespace Descent.Tests.Cli;

public class AnalyzeCommandTests
{
    private static JsonElement Json(params string[] args)
    {
        var (code, output, err) = CliTestHost.Run(["analyze", .. args]);
        Assert.True(code == 0, err);
        return JsonDocument.Parse(output).RootElement;
    }

    private static double[] Numbers(JsonElement e) => e.EnumerateArray().Select(x => x.GetDouble()).ToArray();

    [Fact]
    public void ProductSaddle_ReportsTheLectureHessianAndSaddle()
    {
        var j = Json("--function", "product-saddle", "--point=0,0");
        Assert.Equal([[0.0, -2.0], [-2.0, 0.0]], j.GetProperty("hessian").EnumerateArray().Select(Numbers));
        Assert.Equal([-2.0, 2.0], Numbers(j.GetProperty("eigenvalues")));
        Assert.Equal("saddle", j.GetProperty("kind").GetString());
        Assert.Equal(1, j.GetProperty("value").GetDouble());
        Assert.Equal(0, j.GetProperty("gradient_norm").GetDouble());
    }

    [Fact]
    public void Json_HasExactlyTheContractKeys()
    {
        var j = Json("--function", "rosenbrock", "--point=1,1");
        Assert.Equal(
            ["point", "value", "gradient", "gradient_norm", "hessian", "eigenvalues", "eigenvectors", "kind"],
            j.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void Json_EigenvectorsAreUnitRowsPerEigenvalue()
    {
        var j = Json("--function", "x^2 + 3*x*y + y^2 - z^2", "--point=0,0,0");
        var vectors = j.GetProperty("eigenvectors").EnumerateArray().Select(Numbers).ToArray();
        var values = Numbers(j.GetProperty("eigenvalues"));
        Assert.Equal(3, vectors.Length);
        Assert.All(vectors, v => Assert.Equal(1, v.Sum(x => x * x), 12));
        Assert.Equal(values.Order(), values);
        Assert.Equal([-2.0, -1.0, 5.0], values.Select(v => Math.Round(v, 10)));
    }

    [Fact]
    public void Json_NumbersAreShortestRoundTrip()
    {
        var (_, output, _) = CliTestHost.Run("analyze", "--function", "x^2 + 0.1*y^2", "--point=0.1,0.3");
        Assert.Contains("\"point\": [0.1, 0.3]", output, StringComparison.Ordinal);
        Assert.Contains("\"gradient\": [0.2, 0.06", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("quadratic", "0,0", "minimum")]
    [InlineData("-(x^2 + y^2)", "0,0", "maximum")]
    [InlineData("monkey-saddle", "0,0", "degenerate")]
    [InlineData("rosenbrock", "0,0", "not-critical")]
    [InlineData("rosenbrock", "1,1,1,1", "minimum")]
    public void Kind_IsReported(string function, string point, string kind) =>
        Assert.Equal(kind, Json("--function", function, "--point=" + point).GetProperty("kind").GetString());

    [Fact]
    public void Tol_DecidesWhenAGradientVanishes()
    {
        Assert.Equal("not-critical", Json("--function", "x^2", "--point=0.001").GetProperty("kind").GetString());
        Assert.Equal("minimum", Json("--function", "x^2", "--point=0.001", "--tol", "0.01").GetProperty("kind").GetString());
    }

    [Fact]
    public void Text_LaysOutTheAnalysisAndExplainsTheVerdict()
    {
        var (code, output, _) = CliTestHost.Run("analyze", "--function", "product-saddle", "--point=0,0", "--format", "text");
        Assert.Equal(0, code);
        Assert.Contains("Hessian        [  0  -2 ]", output, StringComparison.Ordinal);
        Assert.Contains("eigenvalues    -2, 2", output, StringComparison.Ordinal);
        Assert.Contains("verdict        saddle", output, StringComparison.Ordinal);
        Assert.EndsWith(
            "The gradient vanishes and the Hessian has eigenvalues of both signs (−2 and 2): a saddle point. Moving along (0.707, 0.707) decreases f.\n",
            output,
            StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--function", "product-saddle", "--point=0,0,0")]
    [InlineData("--function", "x^2 + y^2", "--point=1")]
    [InlineData("--function", "rosenbrok", "--point=0,0")]
    [InlineData("--function", "no_such(x)", "--point=0")]
    [InlineData("--function", "quadratic", "--point=0,0", "--tol", "-1")]
    [InlineData("--function", "quadratic", "--point=0,0", "--tol", "abc")]
    [InlineData("--function", "quadratic", "--point=0,0", "--format", "yaml")]
    [InlineData("--function", "quadratic", "--point=0,a")]
    [InlineData("--function", "quadratic")]
    [InlineData("--point=0,0")]
    [InlineData("--function", "quadratic", "--point=0,0", "--tolerance", "1")]
    [InlineData("--function", "log(x)", "--point=0")]
    public void BadInput_ExitsTwoWithOneLine(params string[] args)
    {
        var (code, output, err) = CliTestHost.Run(["analyze", .. args]);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.StartsWith("descent analyze: ", err, StringComparison.Ordinal);
        Assert.Single(err.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public void BadPointLength_SaysWhatFits()
    {
        var (_, _, err) = CliTestHost.Run("analyze", "--function", "product-saddle", "--point=0,0,0");
        Assert.Contains("takes 2 coordinates, got 3", err, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownFunction_SuggestsTheClosestName()
    {
        var (_, _, err) = CliTestHost.Run("analyze", "--function", "rosenbrok", "--point=0,0");
        Assert.Contains("did you mean \"rosenbrock\"", err, StringComparison.Ordinal);
    }
}
