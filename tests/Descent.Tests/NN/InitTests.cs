using Descent.NN;

namespace Descent.Tests.NN;

public class InitTests
{
    [Fact]
    public void KaimingUniform_WithSqrt5_HasTorchLinearBound()
    {
        var w = Tensor.Zeros(64, 100);
        Init.KaimingUniform(w, new Rng(0), a: Math.Sqrt(5));
        var v = w.ToArray();
        double bound = 1 / Math.Sqrt(100);
        Assert.All(v, x => Assert.InRange(x, -bound, bound));
        Assert.True(v.Max() > 0.9 * bound && v.Min() < -0.9 * bound);
    }

    [Fact]
    public void XavierNormal_HasExpectedStd()
    {
        var w = Tensor.Zeros(new Shape(200, 300), DType.Float64);
        Init.XavierNormal(w, new Rng(1));
        var v = w.ToArray();
        double std = Math.Sqrt(v.Select(x => x * x).Average());
        Assert.InRange(std, 0.95 * Math.Sqrt(2.0 / 500), 1.05 * Math.Sqrt(2.0 / 500));
    }

    [Fact]
    public void Fans_ForConvWeight_IncludeReceptiveField()
    {
        Assert.Equal((3 * 25, 6 * 25), Init.Fans(new Shape(6, 3, 5, 5)));
    }

    [Fact]
    public void Fans_ForVector_Throws() => Assert.Throws<ArgumentException>(() => Init.Fans(new Shape(5)));

    [Fact]
    public void Gain_MatchesTorch()
    {
        Assert.Equal(Math.Sqrt(2), Init.Gain("relu"));
        Assert.Equal(5.0 / 3, Init.Gain("tanh"));
        Assert.Throws<ArgumentException>(() => Init.Gain("swish"));
    }

    [Fact]
    public void SameSeed_SameWeights()
    {
        var a = Init.KaimingNormal(Tensor.Zeros(4, 4), new Rng(3));
        var b = Init.KaimingNormal(Tensor.Zeros(4, 4), new Rng(3));
        Assert.Equal(a.ToArray(), b.ToArray());
    }

    [Fact]
    public void Dropout_InTraining_ZeroesAboutPAndRescales()
    {
        var d = new Dropout(0.25, seed: 7);
        var y = d.Forward(Tensor.Ones(new Shape(10_000), DType.Float64)).ToArray();
        Assert.All(y, v => Assert.True(v == 0 || Math.Abs(v - (1 / 0.75)) < 1e-12));
        Assert.InRange(y.Count(v => v == 0) / 10_000.0, 0.23, 0.27);
    }

    [Fact]
    public void Dropout_InEval_IsIdentity()
    {
        var d = new Dropout(0.5);
        d.Eval();
        var x = Tensor.Ones(4);
        Assert.Same(x, d.Forward(x));
    }

    [Fact]
    public void Dropout_InvalidP_Throws() => Assert.Throws<ArgumentOutOfRangeException>(() => new Dropout(1.5));
}
