namespace Descent.Tests.Tensors;

using static Descent.Tests.TestUtil;

/// <summary>Forward values, shapes and errors of Var, Std, Max, Min, ArgMax, ArgMin and LogSumExp.</summary>
public class ReductionTests
{
    private static readonly double[] X = [1, 2, 3, 4, 2, 4, 6, 9, -1.5, 0.25, 7, -3];

    // y = torch.arange(24., dtype=torch.float64).reshape(2,3,4).sin()
    private static Tensor Y(DType dtype = DType.Float64) => Tensor.Arange(24, DType.Float64).Reshape(2, 3, 4).Sin().To(dtype);

    private static Tensor Xm(DType dtype = DType.Float64) => Tensor.FromArray(X, new Shape(3, 4), dtype);

    [Theory]
    [InlineData(DType.Float64, 1e-15)]
    [InlineData(DType.Float32, 1e-6)]
    public void Var_AlongAxis_MatchesTorchUnbiased(DType dtype, double tol)
    {
        // torch.tensor(X).reshape(3, 4).var(1)
        AssertClose([1.6666666666666667, 8.916666666666666, 19.473958333333332], Xm(dtype).Var(1).ToArray(), tol);
    }

    [Fact]
    public void Var_CorrectionZero_IsPopulationVariance()
    {
        // torch.var(x, 0, unbiased=False)
        AssertClose([2.1666666666666665, 2.3472222222222223, 2.8888888888888893, 24.222222222222225], Xm().Var(0, correction: 0).ToArray(), 1e-15);
    }

    [Fact]
    public void Var_AllElements_MatchesTorch()
    {
        // x.var()
        var v = Xm().Var();
        Assert.Equal(Shape.Scalar, v.Shape);
        AssertClose([12.035511363636363], v.ToArray(), 1e-15);
    }

    [Fact]
    public void Var_NonAdjacentAxes_MatchesTorch()
    {
        // y.var(dim=[0, 2])
        AssertClose([0.28064050368165433, 0.3321055886065323, 0.6605075416862158], Y().Var([0, 2]).ToArray(), 1e-14);
    }

    [Fact]
    public void Var_AdjacentAxesKeepDim_MatchesTorchShapeAndValues()
    {
        // y.var(dim=[1, 2], keepdim=True)
        var v = Y().Var([-1, 1], keepDim: true);
        Assert.Equal(new Shape(2, 1, 1), v.Shape);
        AssertClose([0.5443018835573357, 0.5168120583577757], v.ToArray(), 1e-14);
    }

    [Fact]
    public void Var_NegativeAxisKeepDim_KeepsSizeOneDimension()
    {
        Assert.Equal(new Shape(2, 3, 1), Y().Var(-1, keepDim: true).Shape);
        Assert.Equal(new Shape(2, 3), Y().Var(-1).Shape);
    }

    [Fact]
    public void Var_SingleElement_IsNaN()
    {
        // torch.tensor([1.]).var() is nan: zero degrees of freedom.
        Assert.True(double.IsNaN(Tensor.FromArray(new[] { 1.0 }, 1).Var().Item()));
        Assert.Equal(0.0, Tensor.FromArray(new[] { 1.0 }, 1).Var(correction: 0).Item());
    }

    [Fact]
    public void Var_LargeOffset_StaysAccurate()
    {
        // Two passes (mean first) do not cancel catastrophically: var([1e8 + 1, 1e8 + 2, 1e8 + 3]) = 1.
        var x = Tensor.FromArray(new[] { 1e8 + 1, 1e8 + 2, 1e8 + 3 }, 3);
        Assert.Equal(1.0, x.Var().Item(), 12);
    }

    [Fact]
    public void Var_NegativeCorrection_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => Xm().Var(correction: -1));
        Assert.Contains("correction must be non-negative, got -1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Var_RepeatedAxis_ThrowsNamingAxisAndShape()
    {
        var e = Assert.Throws<ArgumentException>(() => Y().Var([1, -2]));
        Assert.Contains("dimension -2 appears more than once in [1, -2]", e.Message, StringComparison.Ordinal);
        Assert.Contains("[2, 3, 4]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Var_AxisOutOfRange_ThrowsNamingAxisAndShape()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Y().Var(3));
        Assert.Contains("var: dimension 3 is out of range for a tensor of shape [2, 3, 4] (expected -3..2)", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DType.Float64, 1e-15)]
    [InlineData(DType.Float32, 1e-6)]
    public void Std_AlongAxis_MatchesTorch(DType dtype, double tol)
    {
        // x.std(1)
        AssertClose([1.2909944487358056, 2.9860788111948193, 4.412930809941771], Xm(dtype).Std(1).ToArray(), tol);
    }

    [Fact]
    public void Std_NonAdjacentAxesAndPopulation_MatchTorch()
    {
        // y.std(dim=[0, 2]); torch.std(x, unbiased=False)
        AssertClose([0.5297551355878056, 0.5762860302024788, 0.8127161507477354], Y().Std([0, 2]).ToArray(), 1e-14);
        AssertClose([3.321528576323457], Xm().Std(correction: 0).ToArray(), 1e-15);
    }

    [Fact]
    public void Std_ConstantSlice_HasZeroGradient()
    {
        // torch masks d√v/dv where the standard deviation is 0, so a constant row gets a zero (not NaN) gradient.
        var x = Tensor.FromArray(new[] { 2.0, 2.0, 2.0, 1.0, 2.0, 4.0 }, 2, 3).RequireGrad();
        x.Std(1).Sum().Backward();
        var g = x.Grad!.ToArray();
        Assert.Equal([0.0, 0.0, 0.0], g[..3]);
        Assert.All(g[3..], v => Assert.True(double.IsFinite(v) && v != 0));
    }

    [Theory]
    [InlineData(DType.Float64)]
    [InlineData(DType.Float32)]
    public void Max_OverAxes_MatchesTorchAmax(DType dtype)
    {
        // torch.amax(y, [0, 2])
        AssertClose([0.9906073556948704, 0.6569865987187891, 0.9893582466233818], Y(dtype).Max([0, 2]).ToArray(), dtype == DType.Float32 ? 1e-7 : 1e-15);
    }

    [Fact]
    public void Min_AlongAxis_MatchesTorchAmin()
    {
        // torch.amin(y, 1)
        double[] expected = [-0.7568024953079282, -0.9589242746631385, -0.5440211108893698, -0.9999902065507035, -0.5365729180004349, -0.9613974918795568, -0.750987246771676, -0.8462204041751706];
        var m = Y().Min(1);
        Assert.Equal(new Shape(2, 4), m.Shape);
        AssertClose(expected, m.ToArray(), 1e-15);
    }

    [Fact]
    public void MaxMin_AllElements_GiveScalars()
    {
        Assert.Equal(9.0, Xm().Max().Item());
        Assert.Equal(-3.0, Xm().Min().Item());
        Assert.Equal(Shape.Scalar, Xm().Max().Shape);
    }

    [Fact]
    public void Max_KeepDimNegativeAxis_KeepsSizeOneDimension()
    {
        var m = Xm().Max(-1, keepDim: true);
        Assert.Equal(new Shape(3, 1), m.Shape);
        Assert.Equal([4.0, 9.0, 7.0], m.ToArray());
    }

    [Fact]
    public void Max_WithNaN_IsNaN()
    {
        var x = Tensor.FromArray(new[] { 1.0, double.NaN, 3.0, 0.0, 5.0, 2.0 }, 2, 3);
        var m = x.Max(1).ToArray();
        Assert.True(double.IsNaN(m[0]));
        Assert.Equal(5.0, m[1]);
        Assert.True(double.IsNaN(x.Min().Item()));
    }

    [Fact]
    public void Max_EmptyDimension_ThrowsNamingShape()
    {
        var e = Assert.Throws<ArgumentException>(() => Tensor.Zeros(3, 0).Max(1));
        Assert.Contains("max: cannot reduce over dimension 1 of size 0 in a tensor of shape [3, 0]", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Tensor.Zeros(0).Min());
    }

    [Fact]
    public void Max_ReducingOtherAxisOfEmptyTensor_GivesEmptyResult()
    {
        Assert.Equal(new Shape(0), Tensor.Zeros(0, 3).Max(1).Shape);
    }

    [Fact]
    public void Max_Ties_SplitGradientEvenly()
    {
        // torch.amax distributes the gradient evenly among equal maxima.
        var x = Tensor.FromArray(new[] { 1.0, 3.0, 3.0, 2.0, 5.0, 3.0, 5.0, 5.0 }, 2, 4).RequireGrad();
        x.Max(1).Sum().Backward();
        AssertClose([0, 0.5, 0.5, 0, 1.0 / 3, 0, 1.0 / 3, 1.0 / 3], x.Grad!.ToArray(), 1e-15);
    }

    [Fact]
    public void Min_AllElementsTie_SplitsGradient()
    {
        var x = Tensor.FromArray(new[] { 2.0, 1.0, 1.0, 4.0 }, 4).RequireGrad();
        (x.Min() * 3.0).Backward();
        AssertClose([0, 1.5, 1.5, 0], x.Grad!.ToArray(), 1e-15);
    }

    [Theory]
    [InlineData(DType.Float64)]
    [InlineData(DType.Float32)]
    public void ArgMax_AlongAxes_MatchesTorch(DType dtype)
    {
        // y.argmax(1), y.argmin(2), y.argmax(0)
        var y = Y(dtype);
        Assert.Equal([2.0, 0, 0, 1, 2, 2, 0, 0], y.ArgMax(1).ToArray());
        Assert.Equal([0.0, 1, 3, 0, 1, 3], y.ArgMin(2).ToArray());
        Assert.Equal([0.0, 0, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1], y.ArgMax(0).ToArray());
        Assert.Equal(dtype, y.ArgMax(0).DType);
    }

    [Fact]
    public void ArgMax_Ties_ReturnFirstOccurrence()
    {
        var x = Tensor.FromArray(new[] { 1.0, 3.0, 3.0, 0.0, 0.0, 0.0 }, 2, 3);
        Assert.Equal([1.0, 0.0], x.ArgMax(1).ToArray());
        var rows = Tensor.FromArray(new[] { 2.0, 1.0, 5.0, 2.0, 1.0, 5.0 }, 2, 3);
        Assert.Equal([0.0, 0.0, 0.0], rows.ArgMin(0).ToArray());
        Assert.Equal([0.0, 0.0, 0.0], rows.ArgMax(0).ToArray());
    }

    [Fact]
    public void ArgMax_SignedZeros_Tie()
    {
        // torch.tensor([-0., 0.]).argmax() == 0; torch.tensor([0., -0.]).argmin() == 0
        Assert.Equal(0.0, Tensor.FromArray(new[] { -0.0, 0.0 }, 2).ArgMax().Item());
        Assert.Equal(0.0, Tensor.FromArray(new[] { 0.0, -0.0 }, 2).ArgMin().Item());
        Assert.Equal([0.0, 0.0], Tensor.FromArray(new[] { -0.0, 0.0, 0.0, -0.0 }, 2, 2).ArgMax(0).ToArray());
    }

    [Fact]
    public void ArgMax_NaN_CountsAsMaximum()
    {
        // torch.tensor([1., nan, 3.]).argmax() == 1
        Assert.Equal(1.0, Tensor.FromArray(new[] { 1.0, double.NaN, 3.0, double.NaN }, 4).ArgMax().Item());
        Assert.Equal(1.0, Tensor.FromArray(new[] { 1.0, double.NaN, -3.0 }, 3).ArgMin().Item());
        var cols = Tensor.FromArray(new[] { 1.0, 5.0, double.NaN, 2.0, 3.0, double.NaN }, 3, 2);
        Assert.Equal([1.0, 2.0], cols.ArgMax(0).ToArray());
    }

    [Fact]
    public void ArgMax_NoAxis_GivesFlatIndex()
    {
        var a = Y().ArgMax();
        Assert.Equal(Shape.Scalar, a.Shape);

        // y.argmax() == 14, y.argmin() == 11
        Assert.Equal(14.0, a.Item());
        Assert.Equal(11.0, Y().ArgMin().Item());
        Assert.Equal(new Shape(1, 1, 1), Y().ArgMin(keepDim: true).Shape);
    }

    [Fact]
    public void ArgMax_KeepDimNegativeAxis_KeepsDimension()
    {
        var a = Xm().ArgMax(-1, keepDim: true);
        Assert.Equal(new Shape(3, 1), a.Shape);
        Assert.Equal([3.0, 3.0, 2.0], a.ToArray());
    }

    [Fact]
    public void ArgMaxIndices_GivesIntsPerRow()
    {
        Assert.Equal([3, 3, 2], Xm().ArgMaxIndices(1));
        Assert.Equal([2, 2, 0, 2], Xm().ArgMinIndices(0));
    }

    [Fact]
    public void ArgMax_ComparedWithTargets_GivesAccuracy()
    {
        var targets = Tensor.FromArray(new[] { 3.0, 0.0, 2.0 }, 3);
        Assert.Equal(2.0 / 3, Xm().ArgMax(1).Eq(targets).Mean().Item(), 15);
    }

    [Fact]
    public void ArgMax_DoesNotRequireGrad()
    {
        var x = RandomLeaf(1, 3, 4);
        Assert.False(x.ArgMax(1).RequiresGrad);
    }

    [Fact]
    public void ArgMax_EmptyAxis_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => Tensor.Zeros(2, 0).ArgMax(1));
        Assert.Contains("argmax: cannot reduce over dimension 1 of size 0", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DType.Float64, 1e-15)]
    [InlineData(DType.Float32, 1e-6)]
    public void LogSumExp_AlongAxes_MatchesTorch(DType dtype, double tol)
    {
        // torch.logsumexp(x, 1), torch.logsumexp(x, 0), torch.logsumexp(x, [0, 1])
        AssertClose([4.440189698561196, 9.05584795860469, 7.001418741030394], Xm(dtype).LogSumExp(1).ToArray(), tol);
        AssertClose([2.3350975955161672, 4.147430747941103, 7.32656264126747, 9.00672145156055], Xm(dtype).LogSumExp(0).ToArray(), tol);
        AssertClose([9.185174455343773], Xm(dtype).LogSumExp().ToArray(), tol);
    }

    [Fact]
    public void LogSumExp_NonAdjacentAxes_MatchesTorch()
    {
        // torch.logsumexp(y, [0, 2])
        AssertClose([2.6151922225483397, 1.8410970864011362, 2.430830414331407], Y().LogSumExp([0, -1]).ToArray(), 1e-15);
        Assert.Equal(new Shape(1, 3, 1), Y().LogSumExp([0, 2], keepDim: true).Shape);
    }

    [Fact]
    public void LogSumExp_HugeValues_StayFinite()
    {
        var x = Tensor.FromArray(new[] { 1000.0, 1000.0, -1000.0, -1000.0 }, 2, 2);
        AssertClose([1000 + Math.Log(2), -1000 + Math.Log(2)], x.LogSumExp(1).ToArray(), 1e-15);
        var f = Tensor.FromArray(new[] { 100f, 100f }, 2);
        Assert.Equal(100 + Math.Log(2), f.LogSumExp().Item(), 4);
    }

    [Fact]
    public void LogSumExp_Infinities_FollowTorch()
    {
        // torch.logsumexp(torch.tensor([inf, 1.]), 0) == inf; of [-inf, -inf] == -inf; of an empty tensor == -inf
        var inf = double.PositiveInfinity;
        Assert.Equal(inf, Tensor.FromArray(new[] { inf, 1.0 }, 2).LogSumExp().Item());
        Assert.Equal(-inf, Tensor.FromArray(new[] { -inf, -inf }, 2).LogSumExp().Item());
        Assert.Equal(-inf, Tensor.Zeros(0).LogSumExp().Item());
        var cols = Tensor.FromArray(new[] { -inf, inf, -inf, 1.0 }, 2, 2);
        Assert.Equal([-inf, inf], cols.LogSumExp(0).ToArray());
    }

    [Fact]
    public void Reductions_OfScalar_AcceptAxisZero()
    {
        var s = Tensor.Scalar(2.5, DType.Float64);
        Assert.Equal(2.5, s.Max(0).Item());
        Assert.Equal(2.5, s.LogSumExp(-1).Item());
        Assert.Equal(0.0, s.ArgMax(0).Item());
        Assert.Equal(0.0, s.Var(0, correction: 0).Item());
    }

    [Fact]
    public void Reductions_AreDeterministic()
    {
        var x = Tensor.Randn(new Shape(64, 3000), new Rng(7));
        Assert.Equal(x.Var(0).ToArray(), x.Var(0).ToArray());
        Assert.Equal(x.LogSumExp(1).ToArray(), x.LogSumExp(1).ToArray());
        Assert.Equal(x.Var([0, 1]).Item(), x.Var().Item());
    }
}
