namespace Descent.Tests.Autograd;

using static Descent.Tests.TestUtil;

/// <summary>
/// First- and second-order finite-difference checks of Softmax and LogSoftmax along every kind of axis; the second-order
/// checks exercise the backward rules of the fused backward ops.
/// </summary>
public class SoftmaxGradCheckTests
{
    [Theory]
    [InlineData(-1)]
    [InlineData(0)]
    [InlineData(1)]
    public void Softmax_Rank3_PassesGradCheck(int axis) => AssertGradients(x => x[0].Softmax(axis), RandomLeaf(1, 2, 3, 4));

    [Theory]
    [InlineData(-1)]
    [InlineData(0)]
    [InlineData(1)]
    public void LogSoftmax_Rank3_PassesGradCheck(int axis) => AssertGradients(x => x[0].LogSoftmax(axis), RandomLeaf(2, 2, 3, 4));

    [Theory]
    [InlineData(1)]
    [InlineData(0)]
    public void SoftmaxSquared_PassesGradCheck(int axis) => AssertGradients(x => x[0].Softmax(axis).Square(), RandomLeaf(12, 3, 4));

    [Theory]
    [InlineData(1)]
    [InlineData(0)]
    public void LogSoftmaxSquared_PassesGradCheck(int axis) => AssertGradients(x => x[0].LogSoftmax(axis).Square(), RandomLeaf(13, 3, 4));

    [Fact]
    public void Softmax_SizeOneDimensions_PassesGradCheck() => AssertGradients(x => x[0].Softmax(2) * x[0], RandomLeaf(3, 2, 1, 3, 1));

    [Fact]
    public void LogSoftmax_SizeOneAxis_PassesGradCheck() => AssertGradients(x => x[0].LogSoftmax(1) + x[0].Exp(), RandomLeaf(4, 3, 1));

    [Fact]
    public void Softmax_OfBroadcastSum_PassesGradCheck() => AssertGradients(x => (x[0] + x[1]).Softmax(1) * x[1], RandomLeaf(5, 3, 4), RandomLeaf(6, 4));

    [Fact]
    public void CrossEntropyComposite_PassesGradCheck()
    {
        // -mean(log_softmax(logits)[i, target_i]): the cross-entropy loss built from LogSoftmax and Gather.
        var targets = Tensor.FromArray(new[] { 2.0, 0.0, 3.0 }, 3);
        AssertGradients(x => -x[0].LogSoftmax(1).Gather(1, targets).Mean(), RandomLeaf(7, 3, 4));
    }

    [Fact]
    public void Softmax_ThirdOrder_MatchesFiniteDifferenceOfSecondOrder()
    {
        // The backward of softmax_backward is itself recorded: differentiate h(x) = Σ v·∂L/∂x twice more via its gradient.
        var x0 = RandomLeaf(8, 2, 3);
        var result = GradCheck.CheckSecondOrder(
            x =>
            {
                // The checker evaluates f once without recording to size its weights; the inner gradient needs recording.
                using var scope = Descent.Autograd.EnableGrad();
                var y = x[0].Softmax(1);
                var g = Descent.Autograd.Grad((y * y).Sum(), [x[0]], createGraph: true)[0];
                return g * g;
            },
            [x0]);
        Assert.True(result.Passed, result.Message);
    }
}
