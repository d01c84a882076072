namespace Descent.Tests.Tensors;

/// <summary>The conv2d op (im2col into scratch, per-sample GEMMs, fused bias, direct weight and bias gradients) against the
/// composition of recorded ops it replaces.</summary>
public sealed class Conv2dOpTests
{
    public static TheoryData<int, int, int, int, int> Windows() => new()
    {
        // kernel, stride, padding, dilation, width
        { 3, 1, 0, 1, 7 },
        { 5, 1, 2, 1, 9 },
        { 3, 2, 1, 1, 8 },
        { 3, 1, 4, 1, 5 },
        { 2, 1, 0, 3, 9 },
        { 3, 3, 2, 2, 11 },
    };

    [Theory]
    [MemberData(nameof(Windows))]
    public void Conv2d_MatchesRecordedComposition(int kernel, int stride, int padding, int dilation, int width)
    {
        var window = new Window2d((kernel, kernel), (stride, stride), (padding, padding), (dilation, dilation));
        var x = TestUtil.RandomLeaf(1, 3, 2, width - 1, width);
        var w = TestUtil.RandomLeaf(2, 4, 2, kernel, kernel);
        var b = TestUtil.RandomLeaf(3, 4);
        var seed = TestUtil.RandomLeaf(4, Tensor.Conv2dUnfused(x, w, b, window).Shape.ToArray()).Detach();

        var expected = Tensor.Conv2dUnfused(x, w, b, window);
        var expectedGrads = Descent.Autograd.Grad(expected, [x, w, b], seed);
        var actual = Tensor.Conv2d(x, w, b, window);
        var grads = Descent.Autograd.Grad(actual, [x, w, b], seed);

        Assert.Equal("conv2d", actual.Op);
        TestUtil.AssertClose(expected.ToArray(), actual.ToArray(), 0);
        for (int i = 0; i < 3; i++)
        {
            TestUtil.AssertClose(expectedGrads[i].ToArray(), grads[i].ToArray(), 1e-12);
        }
    }

    [Fact]
    public void Conv2d_PassesFirstAndSecondOrderGradCheck()
    {
        var window = new Window2d((3, 3), (2, 2), (1, 1), (1, 1));
        TestUtil.AssertGradients(t => Tensor.Conv2d(t[0], t[1], t[2], window), TestUtil.RandomLeaf(5, 2, 2, 5, 5), TestUtil.RandomLeaf(6, 3, 2, 3, 3), TestUtil.RandomLeaf(7, 3));
    }

    [Fact]
    public void Conv2d_WithoutBiasAndConstantInput_GivesOnlyTheWeightGradient()
    {
        var window = new Window2d((3, 3), (1, 1), (0, 0), (1, 1));
        var x = TestUtil.RandomLeaf(8, 2, 1, 4, 4).Detach();
        var w = TestUtil.RandomLeaf(9, 2, 1, 3, 3);
        Tensor.Conv2d(x, w, null, window).Sum().Backward();
        Assert.Null(x.Grad);
        var expected = Descent.Autograd.Grad(Tensor.Conv2dUnfused(x, w, null, window).Sum(), [w])[0];
        TestUtil.AssertClose(expected.ToArray(), w.Grad!.ToArray(), 1e-12);
    }

    [Fact]
    public void Conv2d_BatchLargeEnoughForSeveralThreads_MatchesComposition()
    {
        var window = new Window2d((5, 5), (1, 1), (2, 2), (1, 1));
        var x = TestUtil.RandomLeaf(10, 64, 3, 16, 16);
        var w = TestUtil.RandomLeaf(11, 8, 3, 5, 5);
        var b = TestUtil.RandomLeaf(12, 8);
        var expected = Descent.Autograd.Grad(Tensor.Conv2dUnfused(x, w, b, window).Sum(), [x, w, b]);
        var actual = Descent.Autograd.Grad(Tensor.Conv2d(x, w, b, window).Sum(), [x, w, b]);
        for (int i = 0; i < 3; i++)
        {
            TestUtil.AssertClose(expected[i].ToArray(), actual[i].ToArray(), 1e-9);
        }
    }
}
