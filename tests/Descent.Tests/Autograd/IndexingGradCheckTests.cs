namespace Descent.Tests.Autograd;

using static Descent.Tests.TestUtil;

/// <summary>
/// First- and second-order finite-difference checks of Narrow, Slice, Select, IndexSelect, IndexAdd, Gather and ScatterAdd.
/// Each is composed with a nonlinearity so that the second-order check runs the backward of the backward (slice ↔ embed,
/// index_select ↔ index_add, gather ↔ scatter_add).
/// </summary>
public class IndexingGradCheckTests
{
    [Fact]
    public void NarrowView_PassesGradCheck() => AssertGradients(x => x[0].Narrow(0, 1, 2).Square(), RandomLeaf(1, 4, 3));

    [Fact]
    public void NarrowCopy_PassesGradCheck() => AssertGradients(x => x[0].Narrow(-1, 1, 2).Square() * x[0].Narrow(2, 0, 2), RandomLeaf(2, 2, 1, 3));

    [Fact]
    public void SliceWithStep_PassesGradCheck() => AssertGradients(x => x[0].Slice(1, -4, step: 2).Exp(), RandomLeaf(3, 2, 5));

    [Fact]
    public void Select_PassesGradCheck() => AssertGradients(x => x[0].Select(1, -1) * x[0].Select(1, 0), RandomLeaf(4, 3, 2, 2));

    [Fact]
    public void IndexSelectRepeated_PassesGradCheck() => AssertGradients(x => x[0].IndexSelect(1, [2, 0, 2, 2]).Square(), RandomLeaf(5, 2, 3));

    [Fact]
    public void IndexAdd_PassesGradCheck() => AssertGradients(x => x[0].IndexAdd(0, [1, 1, 0], x[1], alpha: 0.5).Square(), RandomLeaf(6, 2, 3), RandomLeaf(7, 3, 3));

    [Fact]
    public void GatherTorchForm_PassesGradCheck()
    {
        var idx = Tensor.FromArray(new[] { 0.0, 2, 1, 0, 2, 2, 0, 1 }, 2, 4);
        AssertGradients(x => x[0].Gather(0, idx).Square(), RandomLeaf(8, 3, 4));
    }

    [Fact]
    public void GatherOnePerRow_PassesGradCheck()
    {
        var targets = Tensor.FromArray(new[] { 1.0, 1.0, 0.0 }, 3);
        AssertGradients(x => x[0].Gather(1, targets).Exp(), RandomLeaf(9, 3, 2));
    }

    [Fact]
    public void GatherRank3MiddleAxis_PassesGradCheck()
    {
        var idx = Tensor.FromArray(new[] { 0.0, 1, 1, 0 }, 2, 2);
        AssertGradients(x => x[0].Gather(1, idx) * x[0].Gather(1, idx), RandomLeaf(10, 2, 2, 2));
    }

    [Fact]
    public void ScatterAdd_PassesGradCheck()
    {
        var idx = Tensor.FromArray(new[] { 0.0, 2, 0, 1, 2, 2 }, 2, 3);
        AssertGradients(x => x[0].ScatterAdd(0, idx, x[1]).Square(), RandomLeaf(11, 3, 3), RandomLeaf(12, 2, 3));
    }
}
