using Descent.Optim;

namespace Descent.Tests.Optim;

public class GradientUtilityTests
{
    private static Tensor WithGrad(double[] value, double[] grad, DType dtype = DType.Float64)
    {
        var p = Tensor.FromArray(value, new Shape(value.Length), dtype).RequireGrad();
        p.Grad = Tensor.FromArray(grad, new Shape(grad.Length), dtype);
        return p;
    }

    [Fact]
    public void GlobalNorm_TwoOneAndInfinity_MatchHandComputation()
    {
        var ps = new[] { WithGrad([0, 0], [3, -4]), WithGrad([0], [12]), Tensor.FromArray([1.0], 1) };
        Assert.Equal(13.0, GradientClipping.GlobalNorm(ps));
        Assert.Equal(19.0, GradientClipping.GlobalNorm(ps, 1));
        Assert.Equal(12.0, GradientClipping.GlobalNorm(ps, double.PositiveInfinity));
        Assert.Equal(Math.Pow(27 + 64 + 1728, 1 / 3.0), GradientClipping.GlobalNorm(ps, 3), 12);
    }

    [Fact]
    public void ClipByGlobalNorm_AboveMax_ScalesToMaxAndReturnsPreClipNorm()
    {
        var ps = new[] { WithGrad([0, 0], [3, -4]), WithGrad([0], [12]) };
        double norm = GradientClipping.ClipByGlobalNorm(ps, 6.5);
        Assert.Equal(13.0, norm);
        double coef = 6.5 / (13.0 + 1e-6);
        Assert.Equal([3 * coef, -4 * coef], ps[0].Grad!.ToArray());
        Assert.Equal(6.5, GradientClipping.GlobalNorm(ps), 5);
    }

    [Fact]
    public void ClipByGlobalNorm_BelowMax_LeavesGradientsUnchanged()
    {
        var p = WithGrad([0, 0], [3, -4]);
        Assert.Equal(5.0, GradientClipping.ClipByGlobalNorm([p], 10));
        Assert.Equal([3.0, -4.0], p.Grad!.ToArray());
    }

    [Fact]
    public void ClipByGlobalNorm_NonFinite_ReturnsItAndLeavesGradients()
    {
        var p = WithGrad([0, 0], [3, double.NaN]);
        Assert.True(double.IsNaN(GradientClipping.ClipByGlobalNorm([p], 1)));
        Assert.Equal(3.0, p.Grad![0]);
        var e = Assert.Throws<InvalidOperationException>(() => GradientClipping.ClipByGlobalNorm([p], 1, errorIfNonFinite: true));
        Assert.StartsWith("The total norm of order 2.0 for gradients from `parameters` is non-finite", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GlobalNorm_Float32_AccumulatesInFloat64()
    {
        var rng = new Rng(5);
        var p = Tensor.Randn(new Shape(1_000_000), rng, DType.Float32).RequireGrad();
        p.Grad = Tensor.Randn(new Shape(1_000_000), rng, DType.Float32);
        double exact = 0;
        foreach (var g in p.Grad.AsSpan<float>())
        {
            exact += (double)g * g;
        }

        Assert.Equal(Math.Sqrt(exact), GradientClipping.GlobalNorm([p]), 1e-9);
    }

    [Fact]
    public void ClipByGlobalNorm_InvalidMaxNorm_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => GradientClipping.ClipByGlobalNorm([WithGrad([0], [1])], -1));

    [Fact]
    public void ClipByValue_ClampsEveryElement()
    {
        var p = WithGrad([0, 0, 0, 0], [-3, 0.5, 2, double.NaN], DType.Float32);
        GradientClipping.ClipByValue([p], 1);
        var g = p.Grad!.ToArray();
        Assert.Equal([-1.0, 0.5, 1.0], g[..3]);
        Assert.True(double.IsNaN(g[3]));
    }

    [Fact]
    public void GradientGuard_FindsFirstNonFiniteGradient()
    {
        var a = WithGrad([0, 0], [1, 2]);
        a.Name = "a";
        var b = WithGrad([0, 0, 0], [1, double.PositiveInfinity, double.NaN]);
        b.Name = "b";
        Assert.Equal("gradient of \"b\" has 2 non-finite values (first: +inf at element 1)", GradientGuard.FindNonFinite([a, b]));
        Assert.False(GradientGuard.AllFinite([a, b]));
        Assert.True(GradientGuard.AllFinite([a]));
    }

    [Fact]
    public void GradientGuard_LargeTensor_DetectsAnInfinityInTheVectorBody()
    {
        var p = WithGrad(new double[1001], new double[1001]);
        Assert.Null(GradientGuard.FindNonFinite([p]));
        p.Grad![517] = double.NegativeInfinity;
        Assert.Contains("-inf at element 517", GradientGuard.FindNonFinite([p]), StringComparison.Ordinal);
    }

    [Fact]
    public void Accumulator_AveragesMicroBatchesThenStepsOnce()
    {
        var p = Tensor.FromArray([1.0, -1.0], 2).RequireGrad();
        var opt = new Sgd([p], lr: 0.1);
        var acc = new GradientAccumulator(opt, microBatches: 3);
        double[][] grads = [[0.3, 0.6], [0.9, -0.3], [0.6, 0.0]];
        for (int i = 0; i < 3; i++)
        {
            var g = Tensor.FromArray(grads[i], 2);
            p.Grad = p.Grad == null ? g : p.Grad + g;
            Assert.Equal(i == 2, acc.Tick());
        }

        Assert.Equal(1, opt.StepCount);
        Assert.Null(p.Grad);
        double mean0 = (0.3 + 0.9 + 0.6) * (1.0 / 3), mean1 = (0.6 - 0.3 + 0.0) * (1.0 / 3);
        Assert.Equal([1.0 - (0.1 * mean0), -1.0 - (0.1 * mean1)], p.ToArray());
    }

    [Fact]
    public void Accumulator_Flush_StepsOnAPartialGroupOnlyWhenPending()
    {
        var p = Tensor.FromArray([1.0], 1).RequireGrad();
        var opt = new Sgd([p], lr: 1);
        var acc = new GradientAccumulator(opt, microBatches: 4, average: false);
        Assert.False(acc.Flush());
        p.Grad = Tensor.FromArray([0.5], 1);
        acc.Tick();
        Assert.Equal(1, acc.Pending);
        Assert.True(acc.Flush());
        Assert.Equal(0.5, p[0]);
        Assert.Equal(0, acc.Pending);
    }

    [Fact]
    public void Accumulator_ZeroMicroBatches_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new GradientAccumulator(new Sgd([Tensor.FromArray([1.0], 1)]), 0));
}
