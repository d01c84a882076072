using Descent.Optim;
using Descent.Tests.Cli;

namespace Descent.Tests.Optim;

public class OptimizersCommandTests
{
    [Fact]
    public void Optimizers_ListsEveryOptimizerWithFormulaAndDefaults()
    {
        var (code, output, err) = CliTestHost.Run("optimizers");
        Assert.Equal(0, code);
        Assert.Equal("", err);
        foreach (var info in OptimizerRegistry.All)
        {
            Assert.Contains($"{info.Name} — {info.Summary}", output, StringComparison.Ordinal);
            Assert.Contains(info.Formula, output, StringComparison.Ordinal);
        }

        Assert.Contains("lr=0.001", output, StringComparison.Ordinal);
        Assert.Contains("max_eval=max_iter*5/4", output, StringComparison.Ordinal);
        Assert.Contains("init=zero", output, StringComparison.Ordinal);
        Assert.Contains("(zero|first_grad)", output, StringComparison.Ordinal);
        Assert.Contains("betas=0.9;0.999", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Optimizers_WithName_ShowsOnlyThatOne()
    {
        var (code, output, _) = CliTestHost.Run("optimizers", "lion");
        Assert.Equal(0, code);
        Assert.StartsWith("lion — ", output, StringComparison.Ordinal);
        Assert.DoesNotContain("adam —", output, StringComparison.Ordinal);
        Assert.Contains("lr=0.0001", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Optimizers_Names_PrintsOnePerLine()
    {
        var (code, output, _) = CliTestHost.Run("optimizers", "--names");
        Assert.Equal(0, code);
        Assert.Equal(OptimizerRegistry.Names, output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    [Fact]
    public void Optimizers_UnknownName_Exits2WithSuggestion()
    {
        var (code, _, err) = CliTestHost.Run("optimizers", "adma");
        Assert.Equal(2, code);
        Assert.Contains("did you mean \"adam\"?", err, StringComparison.Ordinal);
        Assert.Single(err.TrimEnd().Split('\n'));
    }

    [Fact]
    public void Optimizers_UnknownOption_Exits2()
    {
        var (code, _, err) = CliTestHost.Run("optimizers", "--nmaes");
        Assert.Equal(2, code);
        Assert.Contains("did you mean \"--names\"?", err, StringComparison.Ordinal);
    }
}
