namespace Descent.Tests.Tensors;

using static Descent.Tests.TestUtil;

/// <summary>Forward values, gradients, stability and errors of Softmax and LogSoftmax, against PyTorch 1.13.</summary>
public class SoftmaxTests
{
    private static readonly double[] X = [1, 2, 3, 4, 2, 4, 6, 9, -1.5, 0.25, 7, -3];

    private static Tensor Xm(DType dtype = DType.Float64) => Tensor.FromArray(X, new Shape(3, 4), dtype);

    [Fact]
    public void Softmax_LastAxis_MatchesTorch()
    {
        // torch.softmax(x, 1)
        double[] expected = [0.03205860328008499, 0.08714431874203257, 0.23688281808991016, 0.6439142598879724, 0.0008623511888556515, 0.006371961311433949, 0.047082779590401164, 0.9456829079093093, 0.00020317990476355883, 0.0011692196236629652, 0.9985822649068846, 4.533556468883561e-05];
        AssertClose(expected, Xm().Softmax(1).ToArray(), 1e-15);
        AssertClose(expected, Xm().Softmax(-1).ToArray(), 1e-15);
    }

    [Fact]
    public void Softmax_Float32_MatchesTorchFloat32()
    {
        // torch.softmax(x.float(), 1)
        double[] expected = [0.032058604061603546, 0.08714432269334793, 0.23688283562660217, 0.6439142823219299, 0.0008623511530458927, 0.00637196097522974, 0.04708277806639671, 0.9456828832626343, 0.00020317990856710821, 0.0011692196130752563, 0.9985822439193726, 4.533556420938112e-05];
        var y = Xm(DType.Float32).Softmax(1);
        Assert.Equal(DType.Float32, y.DType);
        AssertClose(expected, y.ToArray(), 3e-7);
    }

    [Fact]
    public void Softmax_FirstAxis_MatchesTorch()
    {
        // torch.softmax(x, 0)
        double[] expected = [0.2631324936512963, 0.11678381972438712, 0.013212886953789414, 0.006692810077462225, 0.7152682759694339, 0.8629221953909001, 0.26538792877224193, 0.9933010868697293, 0.021599230379269717, 0.02029398488471262, 0.7213991842739687, 6.103052808519329e-06];
        AssertClose(expected, Xm().Softmax(0).ToArray(), 1e-15);
    }

    [Fact]
    public void Softmax_MiddleAxisOfRank3_MatchesTorch()
    {
        // y = torch.arange(24., dtype=torch.float64).reshape(2,3,4).sin()*3; torch.softmax(y, 1)
        double[] expected = [0.048643576845786816, 0.7810564169523228, 0.9605744375507002, 0.1744354761122953, 0.005023426578244722, 0.0035235239311557304, 0.027150425077393583, 0.8198772884597594, 0.9463329965759684, 0.21542005911652162, 0.012275137371906353, 0.00568723542794531, 0.012426201305391757, 0.22200873746494748, 0.9476431771158155, 0.8103192962322904, 0.02620148414330516, 0.003518459152228708, 0.005099763818466795, 0.18058407727344217, 0.961372314551303, 0.7744728033828238, 0.047257059065717845, 0.00909662649426757];
        var y = (Tensor.Arange(24, DType.Float64).Reshape(2, 3, 4).Sin() * 3.0).Softmax(1);
        Assert.Equal(new Shape(2, 3, 4), y.Shape);
        AssertClose(expected, y.ToArray(), 1e-14);
    }

    [Fact]
    public void LogSoftmax_BothAxes_MatchTorch()
    {
        // torch.log_softmax(x, 1); torch.log_softmax(x, 0)
        double[] rows = [-3.4401896985611953, -2.4401896985611953, -1.4401896985611953, -0.44018969856119533, -7.05584795860469, -5.05584795860469, -3.0558479586046903, -0.055847958604690225, -8.501418741030394, -6.751418741030394, -0.001418741030393322, -10.001418741030394];
        double[] cols = [-1.3350975955161672, -2.1474307479411032, -4.32656264126747, -5.0067214515605505, -0.3350975955161672, -0.1474307479411031, -1.3265626412674705, -0.006721451560550203, -3.8350975955161672, -3.8974307479411032, -0.3265626412674705, -12.00672145156055];
        AssertClose(rows, Xm().LogSoftmax(1).ToArray(), 1e-15);
        AssertClose(cols, Xm().LogSoftmax(0).ToArray(), 1e-15);
    }

    [Fact]
    public void LogSoftmax_Float32_MatchesTorchFloat32()
    {
        // torch.log_softmax(x.float(), 1)
        double[] expected = [-3.4401895999908447, -2.4401895999908447, -1.4401897192001343, -0.4401896893978119, -7.055848121643066, -5.055848121643066, -3.0558481216430664, -0.055848002433776855, -8.501419067382812, -6.751418590545654, -0.0014187756460160017, -10.001419067382812];
        AssertClose(expected, Xm(DType.Float32).LogSoftmax(1).ToArray(), 3e-7);
    }

    [Theory]
    [InlineData(DType.Float64)]
    [InlineData(DType.Float32)]
    public void Softmax_HugeValues_StayFinite(DType dtype)
    {
        // torch.softmax(torch.tensor([[1000., -1000., 0.], [-1000., -1000., -1000.]]), 1)
        var h = Tensor.FromArray(new[] { 1000.0, -1000.0, 0.0, -1000.0, -1000.0, -1000.0 }, new Shape(2, 3), dtype);
        AssertClose([1, 0, 0, 1.0 / 3, 1.0 / 3, 1.0 / 3], h.Softmax(1).ToArray(), dtype == DType.Float32 ? 1e-7 : 1e-16);

        // torch.log_softmax(h, 1) = [0, -2000, -1000, -1.0986122886681098 (x3)]
        AssertClose([0, -2000, -1000, -1.0986122886681098, -1.0986122886681098, -1.0986122886681098], h.LogSoftmax(1).ToArray(), dtype == DType.Float32 ? 1e-7 : 1e-15);
    }

    [Fact]
    public void LogSoftmax_NegativeInfinity_GivesNegativeInfinityAndGradientG()
    {
        // x = [-inf, 1, 2, -inf]; torch.log_softmax(x, 0) = [-inf, -1.3132616875182228, -0.31326168751822286, -inf];
        // backward with [1, 2, 3, 4] gives [1.0, -0.689414213699951, -4.310585786300049, 4.0]
        var inf = double.PositiveInfinity;
        var x = Tensor.FromArray(new[] { -inf, 1.0, 2.0, -inf }, 4).RequireGrad();
        var y = x.LogSoftmax(0);
        var v = y.ToArray();
        Assert.Equal(-inf, v[0]);
        Assert.Equal(-inf, v[3]);
        AssertClose([-1.3132616875182228, -0.31326168751822286], v[1..3], 1e-15);
        y.Backward(Tensor.FromArray(new[] { 1.0, 2.0, 3.0, 4.0 }, 4));
        AssertClose([1.0, -0.689414213699951, -4.310585786300049, 4.0], x.Grad!.ToArray(), 1e-15);
    }

    [Fact]
    public void Softmax_NegativeInfinity_GivesZeroAndZeroGradient()
    {
        // torch.softmax([-inf, 1, 2, -inf], 0) = [0, 0.26894142136999516, 0.7310585786300049, 0];
        // backward with [1, 2, 3, 4] gives [0, -0.19661193324148196, 0.1966119332414816, 0]
        var inf = double.PositiveInfinity;
        var x = Tensor.FromArray(new[] { -inf, 1.0, 2.0, -inf }, 4).RequireGrad();
        var y = x.Softmax(0);
        AssertClose([0, 0.26894142136999516, 0.7310585786300049, 0], y.ToArray(), 1e-15);
        y.Backward(Tensor.FromArray(new[] { 1.0, 2.0, 3.0, 4.0 }, 4));
        AssertClose([0, -0.19661193324148196, 0.1966119332414816, 0], x.Grad!.ToArray(), 1e-15);
    }

    [Fact]
    public void Softmax_AllNegativeInfinityOrPositiveInfinity_IsNaN()
    {
        // torch.softmax([-inf, -inf], 0) and torch.softmax([inf, 1.], 0) are [nan, nan].
        var inf = double.PositiveInfinity;
        Assert.All(Tensor.FromArray(new[] { -inf, -inf }, 2).Softmax(0).ToArray(), v => Assert.True(double.IsNaN(v)));
        Assert.All(Tensor.FromArray(new[] { inf, 1.0 }, 2).Softmax(0).ToArray(), v => Assert.True(double.IsNaN(v)));
    }

    [Fact]
    public void Softmax_Gradient_MatchesTorch()
    {
        // (torch.softmax(x, 1) * g).sum().backward() with g below
        double[] g = [0.5, -1, 2, 0.25, 1, 1, 1, 1, 3, -2, 0, 1];
        double[] expected = [-0.0020398627684887973, -0.1362614000091821, 0.3402515667043815, -0.20195030392671065, 0.0, 0.0, 0.0, 0.0, 0.0006098817806574285, -0.002336470791296448, 0.001681177120626989, 4.5411890012030366e-05];
        var x = Xm().RequireGrad();
        (x.Softmax(1) * Tensor.FromArray(g, 3, 4)).Sum().Backward();
        AssertClose(expected, x.Grad!.ToArray(), 1e-15);
    }

    [Fact]
    public void LogSoftmax_Gradient_MatchesTorch()
    {
        // (torch.log_softmax(x, 1) * g).sum().backward()
        double[] g = [0.5, -1, 2, 0.25, 1, 1, 1, 1, 3, -2, 0, 1];
        double[] expected = [0.4438974442598513, -1.152502557798557, 1.5854550683426571, -0.8768499548039517, 0.9965505952445773, 0.9745121547542642, 0.8116688816383953, -2.7827316316372372, 2.999593640190473, -2.002338439247326, -1.9971645298137692, 0.9999093288706223];
        var x = Xm().RequireGrad();
        (x.LogSoftmax(1) * Tensor.FromArray(g, 3, 4)).Sum().Backward();
        AssertClose(expected, x.Grad!.ToArray(), 1e-14);
    }

    [Fact]
    public void Softmax_LargeBatch_RowsSumToOne()
    {
        var x = Tensor.Normal(new Shape(4096, 1000), new Rng(3), 0, 5);
        var sums = x.Softmax(1).Sum(1).ToArray();
        Assert.All(sums, s => Assert.Equal(1.0, s, 5));
        var lse = x.LogSoftmax(1).Exp().Sum(1).ToArray();
        Assert.All(lse, s => Assert.Equal(1.0, s, 5));
    }

    [Fact]
    public void LogSoftmax_EqualsInputMinusLogSumExp()
    {
        var x = Tensor.Randn(new Shape(3, 5, 2), new Rng(9), DType.Float64);
        AssertClose((x - x.LogSumExp(1, keepDim: true)).ToArray(), x.LogSoftmax(1).ToArray(), 1e-14);
    }

    [Fact]
    public void Softmax_Scalar_IsOne()
    {
        var s = Tensor.Scalar(3.0, DType.Float64).Softmax(0);
        Assert.Equal(Shape.Scalar, s.Shape);
        Assert.Equal(1.0, s.Item());
        Assert.Equal(0.0, Tensor.Scalar(3.0).LogSoftmax(-1).Item());
    }

    [Fact]
    public void Softmax_EmptyTensor_GivesEmpty()
    {
        Assert.Equal(new Shape(0, 3), Tensor.Zeros(0, 3).Softmax(1).Shape);
        Assert.Equal(new Shape(2, 0), Tensor.Zeros(2, 0).LogSoftmax(1).Shape);
    }

    [Fact]
    public void Softmax_AxisOutOfRange_ThrowsNamingShape()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Xm().Softmax(2));
        Assert.Contains("softmax: dimension 2 is out of range for a tensor of shape [3, 4] (expected -2..1)", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => Xm().LogSoftmax(-3));
    }
}
