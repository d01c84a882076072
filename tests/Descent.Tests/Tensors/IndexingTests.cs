namespace Descent.Tests.Tensors;

/// <summary>Forward values, view semantics and errors of Narrow, Slice, Select, IndexSelect, IndexAdd, Gather and ScatterAdd.</summary>
public class IndexingTests
{
    private static Tensor A24(DType dtype = DType.Float32) => Tensor.Arange(24, dtype).Reshape(2, 3, 4);

    [Fact]
    public void Narrow_FirstDimension_IsViewSharingStorage()
    {
        var x = Tensor.Arange(12, DType.Float64).Reshape(4, 3);
        var rows = x.Narrow(0, 1, 2);
        Assert.Equal(new Shape(2, 3), rows.Shape);
        Assert.Equal([3.0, 4, 5, 6, 7, 8], rows.ToArray());
        rows[0] = 100;
        Assert.Equal(100.0, x[3]);
    }

    [Fact]
    public void Narrow_AfterSizeOneDimensions_IsView()
    {
        var x = Tensor.Arange(12).Reshape(1, 4, 3);
        var v = x.Narrow(1, 2, 2);
        v[0] = -1;
        Assert.Equal(-1.0, x[6]);
    }

    [Fact]
    public void Narrow_InnerDimension_IsCopyWithRightValues()
    {
        var x = A24();
        var n = x.Narrow(2, 1, 2);
        Assert.Equal(new Shape(2, 3, 2), n.Shape);
        Assert.Equal([1.0, 2, 5, 6, 9, 10, 13, 14, 17, 18, 21, 22], n.ToArray());
        n[0] = -1;
        Assert.Equal(1.0, x[1]);
    }

    [Fact]
    public void Narrow_NegativeStart_CountsFromEnd()
    {
        Assert.Equal([2.0, 3], Tensor.Arange(4).Narrow(0, -2, 2).ToArray());
    }

    [Fact]
    public void Narrow_OutOfRange_ThrowsNamingShape()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => A24().Narrow(1, 2, 2));
        Assert.Contains("narrow: start 2 + length 2 exceeds dimension 1 of size 3 in shape [2, 3, 4]", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => A24().Narrow(1, 4, 0));
        Assert.Throws<ArgumentException>(() => Tensor.Scalar(1).Narrow(0, 0, 1));
    }

    [Fact]
    public void Slice_NegativeBoundsAndStep_MatchTorch()
    {
        // torch.arange(24.).reshape(2,3,4)[:, -2:, ::2] is taken in two steps here.
        var s = A24().Slice(1, -2).Slice(2, 0, step: 2);
        Assert.Equal(new Shape(2, 2, 2), s.Shape);
        Assert.Equal([4.0, 6, 8, 10, 16, 18, 20, 22], s.ToArray());
    }

    [Theory]
    [InlineData(0, 10, 1, new[] { 0.0, 1, 2, 3, 4, 5 })]
    [InlineData(-100, 100, 2, new[] { 0.0, 2, 4 })]
    [InlineData(1, -1, 3, new[] { 1.0, 4 })]
    [InlineData(4, 2, 1, new double[0])]
    [InlineData(-1, int.MaxValue, 1, new[] { 5.0 })]
    public void Slice_ClampsLikePython(int start, int end, int step, double[] expected)
    {
        Assert.Equal(expected, Tensor.Arange(6).Slice(0, start, end, step).ToArray());
    }

    [Fact]
    public void Slice_NonPositiveStep_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => Tensor.Arange(6).Slice(0, 0, 6, 0));
        Assert.Contains("slice: step must be positive, got 0", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Select_RemovesDimension()
    {
        var s = A24().Select(-1, -1);
        Assert.Equal(new Shape(2, 3), s.Shape);
        Assert.Equal([3.0, 7, 11, 15, 19, 23], s.ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => A24().Select(0, 2));
    }

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void IndexSelect_RepeatsAndReorders(DType dtype)
    {
        var x = A24(dtype);
        var r = x.IndexSelect(1, [2, 0, 2]);
        Assert.Equal(new Shape(2, 3, 4), r.Shape);
        Assert.Equal([8.0, 9, 10, 11, 0, 1, 2, 3, 8, 9, 10, 11], r.ToArray()[..12]);
        var cols = x.IndexSelect(-1, Tensor.FromArray(new[] { 3.0, 1.0 }, 2));
        Assert.Equal([3.0, 1, 7, 5, 11, 9], cols.ToArray()[..6]);
    }

    [Fact]
    public void IndexSelect_OutOfRange_ThrowsNamingIndex()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => A24().IndexSelect(1, [0, 3]));
        Assert.Contains("index_select: index 3 at position 1 is out of range for dimension 1 of size 3 in shape [2, 3, 4] (expected 0..2)", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => A24().IndexSelect(1, [-1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => A24().IndexSelect(1, Tensor.FromArray(new[] { 0.5 }, 1)));
    }

    [Fact]
    public void IndexAdd_RepeatedIndices_Accumulate()
    {
        // torch.zeros(3,4).index_add(0, torch.tensor([2,0,2]), torch.arange(12.).reshape(3,4))
        var r = Tensor.Zeros(3, 4).IndexAdd(0, [2, 0, 2], Tensor.Arange(12).Reshape(3, 4));
        Assert.Equal([4.0, 5, 6, 7, 0, 0, 0, 0, 8, 10, 12, 14], r.ToArray());
    }

    [Fact]
    public void IndexAdd_Alpha_ScalesSourceAndKeepsSelf()
    {
        var r = Tensor.Ones(2, 3).IndexAdd(1, [1], Tensor.Ones(2, 1), alpha: 2.5);
        Assert.Equal([1.0, 3.5, 1, 1, 3.5, 1], r.ToArray());
    }

    [Fact]
    public void IndexAdd_WrongSourceShape_ThrowsNamingExpectedShape()
    {
        var e = Assert.Throws<ArgumentException>(() => Tensor.Zeros(3, 4).IndexAdd(0, [1, 2], Tensor.Zeros(3, 4)));
        Assert.Contains("need source shape [2, 4]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Gather_TorchForm_MatchesTorch()
    {
        // torch.gather(torch.arange(24.).reshape(2,3,4)[0], 0, torch.tensor([[0,2,1,0],[2,2,0,1]]))
        var x = Tensor.Arange(12, DType.Float64).Reshape(3, 4);
        var idx = Tensor.FromArray(new[] { 0.0, 2, 1, 0, 2, 2, 0, 1 }, 2, 4);
        var g = x.Gather(0, idx);
        Assert.Equal(new Shape(2, 4), g.Shape);
        Assert.Equal([0.0, 9, 6, 3, 8, 9, 2, 7], g.ToArray());
    }

    [Fact]
    public void Gather_SmallerIndexInOtherDimension_ReadsPrefix()
    {
        // torch.gather(x, 1, torch.tensor([[3], [0]])) picks x[0, 3] and x[1, 0] of a [3, 4] x.
        var x = Tensor.Arange(12, DType.Float64).Reshape(3, 4);
        var g = x.Gather(1, Tensor.FromArray(new[] { 3.0, 0.0 }, 2, 1));
        Assert.Equal([3.0, 4.0], g.ToArray());
    }

    [Fact]
    public void Gather_OneIndexPerRow_PicksTargetLogits()
    {
        var logits = Tensor.FromArray(new[] { 0.1, 0.7, 0.2, 0.5, 0.3, 0.2 }, 2, 3);
        var targets = Tensor.FromArray(new[] { 1f, 0f }, 2);
        var picked = logits.Gather(1, targets);
        Assert.Equal(new Shape(2), picked.Shape);
        Assert.Equal([0.7, 0.5], picked.ToArray());
        Assert.Equal([0.7, 0.5], logits.Gather(1, [1, 0]).ToArray());
    }

    [Fact]
    public void Gather_Rank3MiddleAxis_OneIndexPerSlice()
    {
        var x = A24(DType.Float64);
        var idx = Tensor.FromArray(new[] { 0.0, 1, 2, 0, 2, 2, 1, 1 }, 2, 4);
        var g = x.Gather(1, idx);
        Assert.Equal(new Shape(2, 4), g.Shape);
        Assert.Equal([0.0, 5, 10, 3, 20, 21, 18, 19], g.ToArray());
    }

    [Fact]
    public void Gather_BadIndices_ThrowNamingValueAndPosition()
    {
        var x = Tensor.Zeros(2, 3);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => x.Gather(1, Tensor.FromArray(new[] { 1.0, 3.0 }, 2)));
        Assert.Contains("gather: index 3 at position 1 is not a valid index for dimension 1 of size 3", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => x.Gather(1, Tensor.FromArray(new[] { 1.5, 0.0 }, 2)));
        Assert.Throws<ArgumentOutOfRangeException>(() => x.Gather(1, Tensor.FromArray(new[] { double.NaN, 0.0 }, 2)));
        var rank = Assert.Throws<ArgumentException>(() => x.Gather(1, Tensor.Zeros(1, 1, 1)));
        Assert.Contains("must have rank 2 (as torch.gather) or 1 (one index per slice)", rank.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => x.Gather(1, Tensor.Zeros(3, 1)));
        Assert.Throws<ArgumentException>(() => x.Gather(1, [0, 1, 2]));
    }

    [Fact]
    public void ScatterAdd_RepeatedPositions_Accumulate()
    {
        // torch.zeros(3,4).scatter_add(0, torch.tensor([[0,2,1,0],[2,2,0,1]]), torch.ones(2,4))
        var idx = Tensor.FromArray(new[] { 0.0, 2, 1, 0, 2, 2, 0, 1 }, 2, 4);
        var r = Tensor.Zeros(3, 4).ScatterAdd(0, idx, Tensor.Ones(2, 4));
        Assert.Equal([1.0, 0, 1, 1, 0, 0, 1, 1, 1, 2, 0, 0], r.ToArray());
    }

    [Fact]
    public void ScatterAdd_SourceShapeDiffersFromIndex_Throws()
    {
        var idx = Tensor.Zeros(2, 4);
        var e = Assert.Throws<ArgumentException>(() => Tensor.Zeros(3, 4).ScatterAdd(0, idx, Tensor.Ones(2, 3)));
        Assert.Contains("source has shape [2, 3] but index has shape [2, 4]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Kernels_OnNarrowView_ReadFromTheViewsOffset()
    {
        // A view starts at a non-zero offset of its parent's storage; every kernel must read from there.
        var parent = Tensor.Randn(new Shape(5, 3, 4), new Rng(11), DType.Float64);
        var view = parent.Narrow(0, 2, 2);
        var copy = view.Clone();
        Assert.Equal(copy.Softmax(1).ToArray(), view.Softmax(1).ToArray());
        Assert.Equal(copy.LogSoftmax(0).ToArray(), view.LogSoftmax(0).ToArray());
        Assert.Equal(copy.Var([0, 2]).ToArray(), view.Var([0, 2]).ToArray());
        Assert.Equal(copy.Max(1).ToArray(), view.Max(1).ToArray());
        Assert.Equal(copy.ArgMin().ToArray(), view.ArgMin().ToArray());
        Assert.Equal(copy.LogSumExp(-1).ToArray(), view.LogSumExp(-1).ToArray());
        Assert.Equal(copy.Permute(2, 0, 1).ToArray(), view.Permute(2, 0, 1).ToArray());
        Assert.Equal(copy.Slice(2, 1, step: 2).ToArray(), view.Slice(2, 1, step: 2).ToArray());
        Assert.Equal(copy.IndexSelect(1, [2, 0]).ToArray(), view.IndexSelect(1, [2, 0]).ToArray());
        Assert.Equal(copy.Gather(2, [0, 1, 2, 3, 0, 1]).ToArray(), view.Gather(2, [0, 1, 2, 3, 0, 1]).ToArray());
        Assert.Equal(Tensor.Concat([copy, copy], 2).ToArray(), Tensor.Concat([view, view], 2).ToArray());
    }

    [Fact]
    public void MovementAndIndexingOps_Float32_AgreeExactlyWithFloat64()
    {
        // These ops move values and add at most once per element, so float32 gives the float64 result rounded to float32.
        var x64 = Tensor.Randn(new Shape(3, 4, 5), new Rng(12), DType.Float64).To(DType.Float32).To(DType.Float64);
        var x32 = x64.To(DType.Float32);
        var idx = Tensor.FromArray(new[] { 0.0, 3, 1, 2, 2, 0 }, 3, 2);
        foreach (var op in new Func<Tensor, Tensor>[]
        {
            t => t.Permute(1, 2, 0),
            t => t.Transpose(0, 2),
            t => t.Narrow(2, 1, 3),
            t => t.Slice(1, -3, step: 2),
            t => t.Select(1, 2),
            t => t.IndexSelect(2, [4, 0, 4]),
            t => t.IndexAdd(0, [2, 0], t.Narrow(0, 0, 2)),
            t => t.Gather(1, idx.Unsqueeze(2).Expand(3, 2, 5).To(t.DType)),
            t => t.ScatterAdd(1, idx.Unsqueeze(2).Expand(3, 2, 5), t.Narrow(1, 0, 2)),
            t => Tensor.Concat([t, t.Narrow(1, 1, 2)], 1),
            t => Tensor.Stack([t, t], 3),
        })
        {
            Assert.Equal(op(x64).To(DType.Float32).ToArray(), op(x32).ToArray());
        }
    }
}
