using Descent.Functions;
using Descent.Tests.Cli;

namespace Descent.Tests.Functions;

/// <summary><c>descent functions</c>.</summary>
public class FunctionsCommandTests
{
    [Fact]
    public void Functions_NoOptions_ListsEveryNameWithFormulaStartAndMinimum()
    {
        var (code, output, err) = CliTestHost.Run("functions");
        Assert.Equal(0, code);
        Assert.Equal("", err);
        foreach (var name in TestFunctions.Names)
        {
            var f = TestFunctions.Get(name);
            Assert.Contains(name, output, StringComparison.Ordinal);
            Assert.Contains(f.Formula, output, StringComparison.Ordinal);
        }

        Assert.Contains("start (-2, 2); minimum 0 at (1, 1)", output, StringComparison.Ordinal);
        Assert.Contains("minimum none (unbounded below)", output, StringComparison.Ordinal);
        Assert.Contains("Grammar: numbers", output, StringComparison.Ordinal);
        Assert.Contains("--function \"(1 - x*y)^2\"", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Functions_Expression_ShowsCanonicalFormAndSaddleHessian()
    {
        var (code, output, _) = CliTestHost.Run("functions", "--function", "(1-x*y)^2");
        Assert.Equal(0, code);
        Assert.Contains("formula     (1 - x*y)^2", output, StringComparison.Ordinal);
        Assert.Contains("gradient    (0, 0)", output, StringComparison.Ordinal);
        Assert.Contains("Hessian     [(0, -2), (-2, 0)]", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Functions_NameAtPoint_ShowsValueAndGradientThere()
    {
        var (code, output, _) = CliTestHost.Run("functions", "--function", "rosenbrock", "--at=-2,2");
        Assert.Equal(0, code);
        Assert.Contains("f           409", output, StringComparison.Ordinal);
        Assert.Contains("gradient    (-1606, -400)", output, StringComparison.Ordinal);
        Assert.Contains("Hessian     [(4002, 800), (800, 200)]", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Functions_Dimension_AppliesToAnyDimensionFunctions()
    {
        var (code, output, _) = CliTestHost.Run("functions", "--function", "rastrigin", "--dimension", "3");
        Assert.Equal(0, code);
        Assert.Contains("rastrigin (3-D)", output, StringComparison.Ordinal);
        Assert.Contains("dimension   3 (any, with --dimension)", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("descent functions: --function: Unknown function \"rosenbrok\"; did you mean \"rosenbrock\"?", "functions", "--function", "rosenbrok")]
    [InlineData("descent functions: --function: Missing operator between \"2\" and \"x\" at column 2 in \"2x\"; implicit multiplication is not supported, write \"2*x\"", "functions", "--function", "2x")]
    [InlineData("descent functions: --dimension needs --function", "functions", "--dimension", "3")]
    [InlineData("descent functions: --at: expected 2 coordinates for himmelblau, got 1", "functions", "--function", "himmelblau", "--at", "1")]
    [InlineData("descent functions: unknown option \"--functoin\"; did you mean \"--function\"?", "functions", "--functoin", "x")]
    [InlineData("descent functions: --function: Test function \"himmelblau\" is defined in 2 dimensions only, got dimension 3", "functions", "--function", "himmelblau", "--dimension", "3")]
    [InlineData("descent functions: --dimension: expected a positive integer, got \"0\"", "functions", "--function", "x", "--dimension", "0")]
    public void Functions_BadArguments_Exit2WithOneLine(string expectedStart, params string[] args)
    {
        var (code, output, err) = CliTestHost.Run(args);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.StartsWith(expectedStart, err, StringComparison.Ordinal);
        Assert.Single(err.TrimEnd().Split('\n'));
    }

    [Fact]
    public void Help_ListsFunctionsCommand()
    {
        var (_, output, _) = CliTestHost.Run("help");
        Assert.Contains("functions", output, StringComparison.Ordinal);
    }
}
