using Descent.NN;

namespace Descent.Tests.NN;

using static Descent.Tests.TestUtil;

/// <summary>Cross-entropy and NLL against torch.nn.functional (float64, values in comments' calls).</summary>
public class CrossEntropyTests
{
    private static readonly Tensor X = Tensor.FromArray(new[,] { { 1.0, 2.0, 0.5, -1.0 }, { 0.3, -0.2, 2.5, 0.0 }, { -1.5, 0.7, 0.1, 3.0 } });
    private static readonly Tensor Y = Tensor.FromArray(new[] { 1.0, 2, 3 }, 3);
    private static readonly Tensor W = Tensor.FromArray(new[] { 1.0, 2.0, 0.5, 1.5 }, 4);

    [Fact]
    public void CrossEntropy_ClassIndices_MatchesTorch() => Assert.Equal(0.2934274584148158, Losses.CrossEntropy(X, Y).Item(), 14);

    [Fact]
    public void CrossEntropy_ClassWeights_MatchesTorch() => Assert.Equal(0.3342071131642512, Losses.CrossEntropy(X, Y, weight: W).Item(), 14);

    [Fact]
    public void CrossEntropy_LabelSmoothing_MatchesTorch()
    {
        Assert.Equal(0.4817607917481492, Losses.CrossEntropy(X, Y, labelSmoothing: 0.1).Item(), 14);
        Assert.Equal(0.674258338984179, Losses.CrossEntropy(X, Y, weight: W, labelSmoothing: 0.2).Item(), 14);
        AssertClose([0.6326818980858561, 0.41618605925259455, 0.39641441790599696], Losses.CrossEntropy(X, Y, Reduction.None, labelSmoothing: 0.1).ToArray(), 1e-14);
    }

    [Fact]
    public void CrossEntropy_IgnoreIndex_MatchesTorch()
    {
        var yi = Tensor.FromArray(new[] { 1.0, -100, 3 }, 3);
        Assert.Equal(0.3245481579959265, Losses.CrossEntropy(X, yi).Item(), 14);
        Assert.Equal(0.45721397720760526, Losses.CrossEntropy(X, yi, weight: W, labelSmoothing: 0.1).Item(), 14);
    }

    [Fact]
    public void CrossEntropy_ProbabilityTargets_MatchesTorch()
    {
        var q = Tensor.FromArray(new[] { 0.1507936105062107, 0.20355008326799384, 0.27476387268213026, 0.3708924335436652, 0.8700485065614081, 0.04331716447953075, 0.04331716447953075, 0.04331716447953075, 0.09121276190317816, 0.09121276190317816, 0.4087872380968218, 0.4087872380968218 }, 3, 4);
        Assert.Equal(2.1669949455186344, Losses.CrossEntropy(X, q).Item(), 13);
        Assert.Equal(2.3076765859654342, Losses.CrossEntropy(X, q, weight: W, labelSmoothing: 0.1).Item(), 13);
    }

    [Fact]
    public void Nll_WeightedSum_MatchesTorch() => Assert.Equal(1.336828452657005, Losses.Nll(X.LogSoftmax(1), Y, Reduction.Sum, W).Item(), 14);

    [Fact]
    public void CrossEntropy_TargetOutOfRange_ThrowsNamingSample()
    {
        var e = Assert.Throws<ArgumentException>(() => Losses.CrossEntropy(X, Tensor.FromArray(new[] { 0.0, 4, 1 }, 3)));
        Assert.Equal("cross_entropy: target 4 at sample 1 is out of bounds for 4 classes (expected 0..3)", e.Message);
    }

    [Fact]
    public void CrossEntropy_PassesFirstAndSecondOrderGradCheck()
    {
        AssertGradients(x => Losses.CrossEntropy(x[0], Y, weight: W, labelSmoothing: 0.1), RandomLeaf(4, 3, 4));
    }

    [Fact]
    public void CrossEntropy_ExtremeLogits_StaysFinite()
    {
        var x = Tensor.FromArray(new[,] { { 1000.0, -1000.0 }, { -1000.0, 1000.0 } });
        Assert.Equal(1000.0, Losses.CrossEntropy(x, Tensor.FromArray(new[] { 1.0, 1 }, 2)).Item(), 10);
    }

    [Fact]
    public void Accuracy_CountsArgmaxHits() => Assert.Equal(2.0 / 3.0, Losses.Accuracy(X, Tensor.FromArray(new[] { 1.0, 2, 0 }, 3)), 15);
}
