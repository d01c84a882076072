namespace Descent.Tests.Autograd;

using static Descent.Tests.TestUtil;

/// <summary>First- and second-order finite-difference checks of Permute, Transpose, Concat, Stack, Split and Chunk.</summary>
public class MovementGradCheckTests
{
    [Fact]
    public void Permute_PassesGradCheck() => AssertGradients(x => x[0].Permute(2, 0, 1) * x[0].Permute(2, 0, 1).Exp(), RandomLeaf(1, 2, 3, 2));

    [Fact]
    public void Transpose_PassesGradCheck() => AssertGradients(x => x[0].Transpose(0, 1) * x[1], RandomLeaf(2, 3, 2), RandomLeaf(3, 2, 3));

    [Fact]
    public void T_PassesGradCheck() => AssertGradients(x => x[0].T * x[0].T, RandomLeaf(4, 2, 3));

    [Fact]
    public void MT_WithSizeOneDimension_PassesGradCheck() => AssertGradients(x => x[0].MT.Sin(), RandomLeaf(5, 2, 1, 3));

    [Fact]
    public void Concat_PassesGradCheck() => AssertGradients(x => Tensor.Concat([x[0], x[1] * x[1], x[0]], 1).Square(), RandomLeaf(6, 2, 2), RandomLeaf(7, 2, 3));

    [Fact]
    public void Concat_WithConstantInput_PassesGradCheck()
    {
        var constant = Tensor.Ones(new Shape(1, 3), DType.Float64);
        AssertGradients(x => Tensor.Concat([constant, x[0]], 0).Exp(), RandomLeaf(8, 2, 3));
    }

    [Fact]
    public void Stack_PassesGradCheck() => AssertGradients(x => Tensor.Stack([x[0], x[1]], -1) * Tensor.Stack([x[1], x[0]], -1), RandomLeaf(9, 2, 3), RandomLeaf(10, 2, 3));

    [Fact]
    public void SplitAndChunk_PassGradCheck() => AssertGradients(
        x =>
        {
            var p = x[0].Split([1, 2], dim: 1);
            var c = x[0].Chunk(2, 0);
            return (p[0] * p[1]).Sum() + (c[0] * c[1].Exp()).Sum();
        },
        RandomLeaf(11, 4, 3));
}
