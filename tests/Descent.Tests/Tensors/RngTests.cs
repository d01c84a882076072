namespace Descent.Tests.Tensors;

public class RngTests
{
    [Fact]
    public void Philox_KnownAnswer_MatchesReferenceVector()
    {
        // Random123's known-answer test for philox4x32-10 with zero counter and zero key.
        var rng = new Rng(0);
        Assert.Equal([0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u], [rng.NextUInt32(), rng.NextUInt32(), rng.NextUInt32(), rng.NextUInt32()]);
    }

    [Fact]
    public void SameSeed_GivesSameStream()
    {
        var a = new Rng(99);
        var b = new Rng(99);
        for (int i = 0; i < 100; i++)
        {
            Assert.Equal(a.NextDouble(), b.NextDouble());
        }
    }

    [Fact]
    public void State_RoundTrip_ContinuesStream()
    {
        var a = new Rng(5);
        a.NextUInt32();
        var state = a.GetState();
        var expected = Enumerable.Range(0, 10).Select(_ => a.NextUInt32()).ToArray();
        var b = new Rng(5);
        b.SetState(state);
        Assert.Equal(expected, Enumerable.Range(0, 10).Select(_ => b.NextUInt32()).ToArray());
    }

    [Fact]
    public void Permutation_ContainsEveryIndexOnce()
    {
        var p = new Rng(3).Permutation(1000);
        Assert.Equal(Enumerable.Range(0, 1000), p.Order());
    }

    [Fact]
    public void Normal_HasUnitVarianceApproximately()
    {
        var t = Tensor.Randn(new Shape(100_000), new Rng(11), DType.Float64);
        var v = t.ToArray();
        double mean = v.Average(), var = v.Select(x => (x - mean) * (x - mean)).Average();
        Assert.InRange(mean, -0.02, 0.02);
        Assert.InRange(var, 0.98, 1.02);
    }
}
