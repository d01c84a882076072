using Descent.Analysis;
using Descent.Functions;

namespace Descent.Tests.Analysis;

public class CriticalPointsTests
{
    [Theory]
    [InlineData("quadratic", "0,0", CriticalPointKind.Minimum)]
    [InlineData("rosenbrock", "1,1", CriticalPointKind.Minimum)]
    [InlineData("himmelblau", "3,2", CriticalPointKind.Minimum)]
    [InlineData("booth", "1,3", CriticalPointKind.Minimum)]
    [InlineData("saddle", "0,0", CriticalPointKind.Saddle)]
    [InlineData("product-saddle", "0,0", CriticalPointKind.Saddle)]
    [InlineData("monkey-saddle", "0,0", CriticalPointKind.Degenerate)]
    [InlineData("rosenbrock", "0,0", CriticalPointKind.NotCritical)]
    [InlineData("product-saddle", "1,1", CriticalPointKind.Degenerate)]
    [InlineData("-(x^2 + 2*y^2)", "0,0", CriticalPointKind.Maximum)]
    [InlineData("x^4 + y^2", "0,0", CriticalPointKind.Degenerate)]
    [InlineData("-x^4 - y^2", "0,0", CriticalPointKind.Degenerate)]
    [InlineData("x^2 - y^2 + z^4", "0,0,0", CriticalPointKind.Saddle)]
    [InlineData("x^2 + y^2 + z^2", "0,0,0", CriticalPointKind.Minimum)]
    [InlineData("x^2 + y^2 + z^2", "0,0,0.1", CriticalPointKind.NotCritical)]
    [InlineData("cos(x) + cos(y)", "0,0", CriticalPointKind.Maximum)]
    [InlineData("cos(x) + cos(y)", "3.141592653589793,0", CriticalPointKind.Saddle)]
    public void Analyze_NamedFunctionsAndExpressions_ClassifiesAsExpected(string function, string point, CriticalPointKind expected)
    {
        var x = point.Split(',').Select(s => double.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var analysis = CriticalPoints.Analyze(Objectives.Resolve(function), x);
        Assert.Equal(expected, analysis.Kind);
    }

    [Theory]
    [InlineData(1.0, new[] { 1.0, 2.0 }, CriticalPointKind.NotCritical)]
    [InlineData(0.0, new[] { 1.0, 2.0 }, CriticalPointKind.Minimum)]
    [InlineData(0.0, new[] { -1.0, -2.0 }, CriticalPointKind.Maximum)]
    [InlineData(0.0, new[] { -1.0, 2.0 }, CriticalPointKind.Saddle)]
    [InlineData(0.0, new[] { -1.0, 0.0, 2.0 }, CriticalPointKind.Saddle)]
    [InlineData(0.0, new[] { 0.0, 2.0 }, CriticalPointKind.Degenerate)]
    [InlineData(0.0, new[] { 5e-7, 2.0 }, CriticalPointKind.Degenerate)]
    [InlineData(5e-7, new[] { 2e-6, 2.0 }, CriticalPointKind.Minimum)]
    [InlineData(double.NaN, new[] { 1.0 }, CriticalPointKind.NotCritical)]
    public void Classify_Table(double gradientNorm, double[] eigenvalues, CriticalPointKind expected) =>
        Assert.Equal(expected, CriticalPoints.Classify(gradientNorm, eigenvalues, 1e-6));

    [Fact]
    public void Analyze_ProductSaddle_EscapeDirectionIsDiagonal()
    {
        var a = CriticalPoints.Analyze(TestFunctions.Get("product-saddle"), [0.0, 0.0]);
        Assert.Equal(-2, a.Eigenvalues[0], 12);
        Assert.Equal(2, a.Eigenvalues[1], 12);
        Assert.Equal(Math.Sqrt(0.5), a.DescentDirection![0], 12);
        Assert.Equal(Math.Sqrt(0.5), a.DescentDirection[1], 12);
    }

    [Fact]
    public void Analyze_Saddle_MovingAlongEscapeDirectionDecreasesF()
    {
        var f = Objectives.Resolve("x^2 + 3*x*y + y^2 - z^2");
        var a = CriticalPoints.Analyze(f, [0.0, 0, 0]);
        Assert.Equal(CriticalPointKind.Saddle, a.Kind);
        var d = a.DescentDirection!;
        Assert.True(f.Value(d.Select(c => 0.1 * c).ToArray()) < 0);
        Assert.Equal(a.Eigenvalues.Min(), a.Eigenvalues[0]);
    }

    [Fact]
    public void Explain_Saddle_IsTheLectureSentence()
    {
        var a = CriticalPoints.Analyze(TestFunctions.Get("product-saddle"), [0.0, 0.0]);
        Assert.Equal(
            "The gradient vanishes and the Hessian has eigenvalues of both signs (−2 and 2): a saddle point. Moving along (0.707, 0.707) decreases f.",
            a.Explanation);
    }

    [Fact]
    public void Explain_NotCritical_NamesTheGradientNorm()
    {
        var a = CriticalPoints.Analyze(TestFunctions.Get("rosenbrock"), [0.0, 0.0]);
        Assert.StartsWith("The gradient does not vanish (‖∇f‖ = 2 > 1e-6)", a.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_Degenerate_SaysTheTestDecidesNothing()
    {
        var a = CriticalPoints.Analyze(TestFunctions.Get("monkey-saddle"), [0.0, 0.0]);
        Assert.Contains("0 and 0", a.Explanation, StringComparison.Ordinal);
        Assert.Contains("decides nothing", a.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_NegativeTolerance_Throws() =>
        Assert.Throws<ArgumentException>(() => CriticalPoints.Analyze(TestFunctions.Get("quadratic"), [0.0, 0.0], -1));

    [Fact]
    public void Analyze_WrongPointLength_Throws() =>
        Assert.Throws<ArgumentException>(() => CriticalPoints.Analyze(TestFunctions.Get("quadratic"), [0.0, 0.0, 0.0]));

    [Fact]
    public void Analyze_NotFinite_Throws() =>
        Assert.Throws<ArgumentException>(() => CriticalPoints.Analyze(Objectives.Resolve("log(x) + y"), [0.0, 1.0]));
}
