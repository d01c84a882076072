namespace Descent.Tests.Autograd;

using static Descent.Tests.TestUtil;

/// <summary>First- and second-order finite-difference checks of the core ops, including broadcasting.</summary>
public class GradCheckTests
{
    [Fact]
    public void Add_Broadcast_PassesGradCheck() => AssertGradients(x => x[0] + x[1], RandomLeaf(1, 3, 4), RandomLeaf(2, 4));

    [Fact]
    public void Sub_Broadcast_PassesGradCheck() => AssertGradients(x => x[0] - x[1], RandomLeaf(1, 3, 1), RandomLeaf(2, 1, 4));

    [Fact]
    public void Mul_Broadcast_PassesGradCheck() => AssertGradients(x => x[0] * x[1], RandomLeaf(1, 2, 3, 4), RandomLeaf(2, 3, 1));

    [Fact]
    public void Div_Broadcast_PassesGradCheck() => AssertGradients(x => x[0] / x[1], RandomLeaf(1, 3, 4), PositiveLeaf(2, 4));

    [Fact]
    public void ScalarOps_PassGradCheck() => AssertGradients(x => ((x[0] * 3.0) + 1.0 - (2.0 / x[0]) + (4.0 - x[0])) / 2.0, PositiveLeaf(1, 5));

    [Fact]
    public void Neg_PassesGradCheck() => AssertGradients(x => -x[0] * x[0], RandomLeaf(1, 4));

    [Fact]
    public void PowScalar_PassesGradCheck() => AssertGradients(x => x[0].Pow(2.5) + x[0].Pow(2) + x[0].Pow(-1), PositiveLeaf(1, 5));

    [Fact]
    public void PowTensor_PassesGradCheck() => AssertGradients(x => Tensor.Pow(x[0], x[1]), PositiveLeaf(1, 3, 2), RandomLeaf(2, 2));

    [Fact]
    public void PowScalarBase_PassesGradCheck() => AssertGradients(x => Tensor.Pow(2.0, x[0]), RandomLeaf(1, 4));

    [Fact]
    public void Exp_PassesGradCheck() => AssertGradients(x => x[0].Exp(), RandomLeaf(1, 2, 3));

    [Fact]
    public void Log_PassesGradCheck() => AssertGradients(x => x[0].Log(), PositiveLeaf(1, 2, 3));

    [Fact]
    public void SumAll_PassesGradCheck() => AssertGradients(x => (x[0] * x[0]).Sum(), RandomLeaf(1, 2, 3));

    [Fact]
    public void SumAxes_KeepDim_PassesGradCheck() => AssertGradients(x => (x[0] * x[0]).Sum([0, 2], keepDim: true), RandomLeaf(1, 2, 3, 4));

    [Fact]
    public void MeanAxis_PassesGradCheck() => AssertGradients(x => (x[0] * x[0]).Mean(1), RandomLeaf(1, 2, 3, 4));

    [Fact]
    public void Expand_PassesGradCheck() => AssertGradients(x => x[0].Expand(2, 3, 4) * x[0].Expand(2, 3, 4), RandomLeaf(1, 3, 1));

    [Fact]
    public void Reshape_PassesGradCheck() => AssertGradients(x => x[0].Reshape(4, 3) * x[0].Reshape(4, 3), RandomLeaf(1, 2, 6));

    [Fact]
    public void Where_PassesGradCheck() => AssertGradients(x => Tensor.Where(x[0].Gt(0.0), x[0] * x[1], x[1] * x[1]), RandomLeaf(1, 6), RandomLeaf(2, 6));

    [Fact]
    public void MaximumMinimum_PassGradCheck() => AssertGradients(x => Tensor.Maximum(x[0], x[1]) * Tensor.Minimum(x[0], x[1]), RandomLeaf(1, 6), RandomLeaf(2, 6));
}
