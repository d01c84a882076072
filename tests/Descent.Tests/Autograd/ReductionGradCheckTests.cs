namespace Descent.Tests.Autograd;

using static Descent.Tests.TestUtil;

/// <summary>First- and second-order finite-difference checks of Var, Std, Max, Min and LogSumExp.</summary>
public class ReductionGradCheckTests
{
    [Fact]
    public void VarAxis_PassesGradCheck() => AssertGradients(x => x[0].Var(1), RandomLeaf(1, 3, 4));

    [Fact]
    public void VarAll_PassesGradCheck() => AssertGradients(x => x[0].Var(), RandomLeaf(2, 2, 3));

    [Fact]
    public void VarNonAdjacentAxesKeepDim_PassesGradCheck() => AssertGradients(x => x[0].Var([0, 2], keepDim: true) * x[0], RandomLeaf(3, 2, 3, 2));

    [Fact]
    public void VarCorrectionZeroNegativeAxis_PassesGradCheck() => AssertGradients(x => x[0].Var(-1, correction: 0), RandomLeaf(4, 2, 1, 3));

    [Fact]
    public void StdAxes_PassesGradCheck() => AssertGradients(x => x[0].Std([1, 2]), RandomLeaf(5, 2, 3, 2));

    [Fact]
    public void StdAll_PassesGradCheck() => AssertGradients(x => x[0].Std(correction: 0) * x[0], RandomLeaf(6, 5));

    [Fact]
    public void MaxAxis_PassesGradCheck() => AssertGradients(x => x[0].Max(1) * x[0].Max(1), RandomLeaf(7, 3, 4));

    [Fact]
    public void MaxAxesKeepDim_PassesGradCheck() => AssertGradients(x => x[0].Max([0, 2], keepDim: true) * x[0], RandomLeaf(8, 2, 3, 2));

    [Fact]
    public void MinAll_PassesGradCheck() => AssertGradients(x => x[0].Min() * x[0], RandomLeaf(9, 2, 1, 3));

    [Fact]
    public void MinNegativeAxis_PassesGradCheck() => AssertGradients(x => x[0].Min(-1).Exp(), RandomLeaf(10, 3, 1, 4));

    [Fact]
    public void LogSumExpAxis_PassesGradCheck() => AssertGradients(x => x[0].LogSumExp(1), RandomLeaf(11, 3, 4));

    [Fact]
    public void LogSumExpAll_PassesGradCheck() => AssertGradients(x => x[0].LogSumExp() * x[0], RandomLeaf(12, 2, 3));

    [Fact]
    public void LogSumExpNonAdjacentAxesKeepDim_PassesGradCheck() => AssertGradients(x => x[0].LogSumExp([0, 2], keepDim: true) * x[0], RandomLeaf(13, 2, 3, 2));

    [Fact]
    public void LogSumExpColumns_PassesGradCheck() => AssertGradients(x => x[0].LogSumExp(0), RandomLeaf(14, 4, 1, 3));

    [Fact]
    public void VarOfBroadcastProduct_PassesGradCheck() => AssertGradients(x => (x[0] * x[1]).Var(0), RandomLeaf(15, 3, 4), RandomLeaf(16, 4));
}
