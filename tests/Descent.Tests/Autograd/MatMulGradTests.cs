namespace Descent.Tests.Autograd;

using static Descent.Tests.TestUtil;

/// <summary>First- and second-order gradient checks of <c>Tensor.MatMul</c> for every transpose flag and shape family.</summary>
public class MatMulGradTests
{
    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void MatMul_TransposeFlags_PassGradCheck(bool ta, bool tb) =>
        AssertGradients(x => Tensor.MatMul(x[0], x[1], ta, tb), RandomLeaf(1, ta ? [4, 3] : [3, 4]), RandomLeaf(2, tb ? [2, 4] : [4, 2]));

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void MatMul_NonlinearUseOfProduct_PassesSecondOrderCheck(bool ta, bool tb) =>
        // Squaring the product makes the second derivative depend on both operands through the backward products.
        AssertGradients(x => Tensor.MatMul(x[0], x[1], ta, tb).Pow(2), RandomLeaf(3, ta ? [3, 2] : [2, 3]), RandomLeaf(4, tb ? [4, 3] : [3, 4]));

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, true)]
    public void MatMul_BatchedWithBroadcast_PassesGradCheck(bool ta, bool tb) =>
        AssertGradients(x => Tensor.MatMul(x[0], x[1], ta, tb).Pow(2), RandomLeaf(5, 2, 1, 3, 3), RandomLeaf(6, 2, 3, 3));

    [Fact]
    public void MatMul_BatchTimesMatrix_PassesGradCheck() =>
        AssertGradients(x => x[0].MatMul(x[1]).Pow(2), RandomLeaf(7, 2, 3, 4), RandomLeaf(8, 4, 2));

    [Fact]
    public void MatMul_BatchTimesTransposedMatrix_PassesGradCheck() =>
        AssertGradients(x => Tensor.MatMul(x[0], x[1], transposeB: true).Pow(2), RandomLeaf(7, 2, 3, 4), RandomLeaf(8, 2, 4));

    [Fact]
    public void MatMul_MatrixTimesBatch_PassesGradCheck() =>
        AssertGradients(x => x[0].MatMul(x[1]).Pow(2), RandomLeaf(9, 3, 4), RandomLeaf(10, 2, 4, 2));

    [Fact]
    public void MatMul_Dot_PassesGradCheck() => AssertGradients(x => x[0].MatMul(x[1]).Pow(2), RandomLeaf(11, 5), RandomLeaf(12, 5));

    [Fact]
    public void MatMul_VectorMatrixAndMatrixVector_PassGradCheck() =>
        AssertGradients(x => x[0].MatMul(x[1]).MatMul(x[2]).Pow(2), RandomLeaf(13, 3), RandomLeaf(14, 3, 4), RandomLeaf(15, 4));

    [Fact]
    public void MatMul_Backward_MatchesClosedForm()
    {
        // L = sum(A·B): dL/dA = 1·Bᵀ (row sums of B), dL/dB = Aᵀ·1 (column sums of A).
        var a = Tensor.FromArray(new double[,] { { 1, 2 }, { 3, 4 } }).RequireGrad();
        var b = Tensor.FromArray(new double[,] { { 5, 6, 7 }, { 8, 9, 10 } }).RequireGrad();
        a.MatMul(b).Sum().Backward();
        Assert.Equal(new double[] { 18, 27, 18, 27 }, a.Grad!.ToArray());
        Assert.Equal(new double[] { 4, 4, 4, 6, 6, 6 }, b.Grad!.ToArray());
    }

    [Fact]
    public void MatMul_OnlyOneInputRequiresGrad_GivesItsGradient()
    {
        var a = Tensor.FromArray(new double[,] { { 1, 2 }, { 3, 4 } });
        var b = Tensor.FromArray(new double[,] { { 1, 0 }, { 0, 1 } }).RequireGrad();
        a.MatMul(b).Sum().Backward();
        Assert.Null(a.Grad);
        Assert.Equal(new double[] { 4, 4, 6, 6 }, b.Grad!.ToArray());
    }
}
