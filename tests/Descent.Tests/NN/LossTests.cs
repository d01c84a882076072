using Descent.NN;

namespace Descent.Tests.NN;

using static Descent.Tests.TestUtil;

/// <summary>Losses against values from torch.nn.functional (float64; inputs in each test).</summary>
public class LossTests
{
    private static readonly Tensor P = Tensor.FromArray(new[] { 0.5, -1.2, 2.0, 0.1, -3.0, 1.7 }, 6);
    private static readonly Tensor T = Tensor.FromArray(new[] { 0.0, -1.0, 3.5, 0.3, -1.0, 1.0 }, 6);
    private static readonly Tensor Logits = Tensor.FromArray(new[] { 0.5, -1.2, 20.0, 0.1, -30.0, 1.7 }, 6);
    private static readonly Tensor Labels = Tensor.FromArray(new[] { 1.0, 0, 1, 0, 1, 0 }, 6);

    [Fact]
    public void Mse_MatchesTorch()
    {
        Assert.Equal(1.1783333333333335, Losses.Mse(P, T).Item(), 15);
        Assert.Equal(7.07, Losses.Mse(P, T, Reduction.Sum).Item(), 14);
    }

    [Fact]
    public void L1_MatchesTorch() => Assert.Equal(0.8500000000000001, Losses.L1(P, T).Item(), 15);

    [Fact]
    public void Huber_MatchesTorch()
    {
        Assert.Equal(0.48499999999999993, Losses.Huber(P, T).Item(), 15);
        Assert.Equal(0.315, Losses.Huber(P, T, 0.5).Item(), 15);
    }

    [Fact]
    public void BceWithLogits_MatchesTorch_IncludingExtremeLogits()
    {
        Assert.Equal(5.558257023839871, Losses.BinaryCrossEntropyWithLogits(Logits, Labels).Item(), 13);
        AssertClose([0.4740769841801067, 0.2632824673380313, 2.0611536900435727e-09, 0.7443966600735709, 30.000000000000092, 1.8677860293862658],
            Losses.BinaryCrossEntropyWithLogits(Logits, Labels, Reduction.None).ToArray(), 1e-13);
    }

    [Fact]
    public void BceWithLogits_PosWeight_MatchesTorch() =>
        Assert.Equal(15.716282685920321, Losses.BinaryCrossEntropyWithLogits(Logits, Labels, posWeight: 3).Item(), 13);

    [Fact]
    public void Mse_ShapeMismatch_ThrowsWithBothShapes()
    {
        var e = Assert.Throws<ArgumentException>(() => Losses.Mse(Tensor.Zeros(3), Tensor.Zeros(3, 1)));
        Assert.Contains("[3] differs from target shape [3, 1]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Losses_PassGradCheck()
    {
        var t = RandomLeaf(9, 5);
        t.RequiresGrad = false;
        AssertGradients(x => Losses.Mse(x[0], t), RandomLeaf(1, 5));
        AssertGradients(x => Losses.Huber(x[0] * 3.0, t, 0.7), RandomLeaf(2, 5));
        AssertGradients(x => Losses.BinaryCrossEntropyWithLogits(x[0], t.Sigmoid(), posWeight: 2), RandomLeaf(3, 5));
    }
}
