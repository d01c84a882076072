using Descent.NN;

namespace Descent.Tests.NN;

/// <summary>The fused softmax-cross-entropy path of <see cref="Losses.CrossEntropy"/> against the unfused composition.</summary>
public sealed class FusedCrossEntropyTests
{
    private static Tensor Unfused(Tensor logits, int[] labels, Reduction reduction, int ignoreIndex = -100)
    {
        var picked = logits.LogSoftmax(1).Gather(1, labels.Select(l => l == ignoreIndex ? 0 : l).ToArray()).Neg();
        var keep = Tensor.FromArray(labels.Select(l => l == ignoreIndex ? 0.0 : 1.0).ToArray(), new Shape(labels.Length), logits.DType);
        var total = (picked * keep).Sum();
        return reduction == Reduction.Sum ? total : total / keep.Sum();
    }

    private static Tensor Labels(int[] labels) => Tensor.FromArray(labels.Select(l => (double)l).ToArray(), new Shape(labels.Length), DType.Float32);

    [Theory]
    [InlineData(Reduction.Mean)]
    [InlineData(Reduction.Sum)]
    public void CrossEntropy_Fused_IsOneNode(Reduction reduction)
    {
        var logits = TestUtil.RandomLeaf(1, 4, 3);
        var loss = Losses.CrossEntropy(logits, Labels([0, 2, 1, 1]), reduction);
        Assert.Equal("cross_entropy", loss.Op);
        Assert.Same(logits, loss.GradFn!.Inputs[0]);
    }

    [Theory]
    [InlineData(Reduction.Mean, -100)]
    [InlineData(Reduction.Sum, -100)]
    [InlineData(Reduction.Mean, 2)]
    public void CrossEntropy_Fused_PassesFirstAndSecondOrderGradCheck(Reduction reduction, int ignoreIndex)
    {
        var target = Labels([0, 2, 1, 3, 2]);
        TestUtil.AssertGradients(t => Losses.CrossEntropy(t[0], target, reduction, ignoreIndex: ignoreIndex), TestUtil.RandomLeaf(2, 5, 4));
    }

    [Theory]
    [InlineData(Reduction.Mean, -100)]
    [InlineData(Reduction.Sum, -100)]
    [InlineData(Reduction.Mean, 1)]
    public void CrossEntropy_Fused_Float64_EqualsUnfusedComposition(Reduction reduction, int ignoreIndex)
    {
        int[] labels = [3, 1, 0, 1, 2, 1];
        var a = TestUtil.RandomLeaf(3, 6, 4);
        var b = TestUtil.RandomLeaf(3, 6, 4);
        var fused = Losses.CrossEntropy(a, Labels(labels), reduction, ignoreIndex: ignoreIndex);
        var reference = Unfused(b, labels, reduction, ignoreIndex);
        fused.Backward();
        reference.Backward();

        Assert.Equal(reference.Item(), fused.Item(), 14);
        TestUtil.AssertClose(b.Grad!.ToArray(), a.Grad!.ToArray(), 1e-15);
    }

    [Fact]
    public void CrossEntropy_Fused_Float32_AgreesWithUnfusedToRounding()
    {
        var rng = new Rng(9);
        var logits = Tensor.Zeros(128, 10);
        rng.FillUniform(logits.AsSpan<float>(), -8, 8);
        var labels = Enumerable.Range(0, 128).Select(i => (i * 7) % 10).ToArray();
        var a = logits.Detach().Clone().RequireGrad();
        var b = logits.Detach().Clone().RequireGrad();

        var fused = Losses.CrossEntropy(a, Labels(labels));
        var reference = Unfused(b, labels, Reduction.Mean);
        fused.Backward();
        reference.Backward();

        Assert.Equal(reference.Item(), fused.Item(), 5);
        TestUtil.AssertClose(b.Grad!.ToArray(), a.Grad!.ToArray(), 1e-8);
    }

    [Fact]
    public void CrossEntropy_Fused_AllRowsIgnored_IsNaNAsTorch()
    {
        var loss = Losses.CrossEntropy(TestUtil.RandomLeaf(4, 2, 3), Labels([-100, -100]));
        Assert.True(double.IsNaN(loss.Item()));
    }

    [Fact]
    public void CrossEntropy_Fused_ScaledSeed_ScalesTheGradient()
    {
        var a = TestUtil.RandomLeaf(5, 3, 4);
        var b = TestUtil.RandomLeaf(5, 3, 4);
        (Losses.CrossEntropy(a, Labels([1, 0, 3])) * 2.5).Backward();
        Losses.CrossEntropy(b, Labels([1, 0, 3])).Backward();
        TestUtil.AssertClose(b.Grad!.ToArray().Select(v => v * 2.5).ToArray(), a.Grad!.ToArray(), 1e-15);
    }
}
