namespace Descent.Tests.Autograd;

using static Descent.Tests.TestUtil;

/// <summary>First- and second-order finite-difference checks of the unary math ops and activations.</summary>
public class UnaryGradCheckTests
{
    public static TheoryData<string> SmoothOps => ["sqrt", "rsqrt", "square", "sin", "cos", "tan", "tanh", "sigmoid", "log1p", "expm1", "erf", "gelu", "softplus", "softplus_beta2"];

    [Theory]
    [MemberData(nameof(SmoothOps))]
    public void SmoothUnaryOp_PassesFirstAndSecondOrderGradCheck(string op)
    {
        var x = op is "sqrt" or "rsqrt" or "log1p" ? PositiveLeaf(3, 2, 5) : RandomLeaf(3, 2, 5);
        if (op == "tan")
        {
            x = Tensor.Uniform(new Shape(2, 5), new Rng(3), -1.2, 1.2, DType.Float64).RequireGrad();
        }

        AssertGradients(t => Apply(op, t[0]), x);
    }

    [Theory]
    [InlineData("abs")]
    [InlineData("relu")]
    [InlineData("leaky_relu")]
    [InlineData("clamp")]
    public void PiecewiseOp_AwayFromKinks_PassesGradCheck(string op)
    {
        // Values at least 0.1 away from the kinks at 0, -0.5 and 0.5, where finite differences are well defined.
        var v = new[] { -1.7, -0.9, -0.3, 0.2, 0.35, 0.8, 1.4, -0.15 };
        var x = Tensor.FromArray(v, new Shape(8), DType.Float64).RequireGrad();
        AssertGradients(t => Apply(op, t[0]) * t[0], x);
    }

    [Fact]
    public void Erf_MatchesReferenceValues()
    {
        // math.erf from CPython.
        var x = Tensor.FromArray(new[] { 0.1, 0.5, 0.7, 1.0, 2.5, 3.9, 4.5, 6.0, -1.3 }, 9);
        double[] expected = [0.1124629160182849, 0.5204998778130465, 0.6778011938374184, 0.8427007929497149, 0.999593047982555, 0.9999999652077514, 0.9999999998033839, 1.0, -0.9340079449406524];
        AssertClose(expected, x.Erf().ToArray(), 1e-15);
    }

    [Fact]
    public void Gelu_MatchesTorchValues()
    {
        // torch.nn.functional.gelu(torch.tensor([-3., -1., -0.5, 0., 0.5, 1., 3.], dtype=torch.float64))
        var x = Tensor.FromArray(new[] { -3.0, -1.0, -0.5, 0.0, 0.5, 1.0, 3.0 }, 7);
        double[] expected = [-0.00404969409489031, -0.15865525393145702, -0.15426876936299344, 0.0, 0.34573123063700656, 0.841344746068543, 2.99595030590511];
        AssertClose(expected, x.Gelu().ToArray(), 1e-14);
    }

    [Fact]
    public void Softplus_AboveThreshold_IsIdentity()
    {
        var x = Tensor.FromArray(new[] { 25.0, 30.0 }, 2);
        Assert.Equal([25.0, 30.0], x.Softplus().ToArray());
    }

    [Fact]
    public void Relu_OfNaN_IsNaN()
    {
        var x = Tensor.FromArray(new[] { double.NaN, -1.0, 2.0 }, 3);
        var y = x.Relu().ToArray();
        Assert.True(double.IsNaN(y[0]));
        Assert.Equal([0.0, 2.0], y[1..]);
    }

    [Fact]
    public void Clamp_MinAboveMax_Throws()
    {
        Assert.Throws<ArgumentException>(() => Tensor.Zeros(3).Clamp(1, 0));
    }

    [Fact]
    public void Sign_GivesMinusOneZeroOne()
    {
        Assert.Equal([-1.0, 0.0, 1.0], Tensor.FromArray(new[] { -3.0, 0.0, 2.0 }, 3).Sign().ToArray());
    }

    [Fact]
    public void Float32_UnaryOps_AgreeWithFloat64()
    {
        var x64 = Tensor.Uniform(new Shape(1000), new Rng(5), 0.1, 3, DType.Float64);
        var x32 = x64.To(DType.Float32);
        foreach (var op in new[] { "sqrt", "sin", "tanh", "sigmoid", "gelu", "softplus", "log1p" })
        {
            var a = Apply(op, x64).ToArray();
            var b = Apply(op, x32).ToArray();
            for (int i = 0; i < a.Length; i++)
            {
                Assert.True(Math.Abs(a[i] - b[i]) <= 1e-6 * Math.Max(1, Math.Abs(a[i])), $"{op} at {i}: {a[i]} vs {b[i]}");
            }
        }
    }

    private static Tensor Apply(string op, Tensor x) => op switch
    {
        "sqrt" => x.Sqrt(),
        "rsqrt" => x.Rsqrt(),
        "square" => x.Square(),
        "sin" => x.Sin(),
        "cos" => x.Cos(),
        "tan" => x.Tan(),
        "tanh" => x.Tanh(),
        "sigmoid" => x.Sigmoid(),
        "log1p" => x.Log1p(),
        "expm1" => x.Expm1(),
        "erf" => x.Erf(),
        "gelu" => x.Gelu(),
        "softplus" => x.Softplus(),
        "softplus_beta2" => x.Softplus(2, 3),
        "abs" => x.Abs(),
        "relu" => x.Relu(),
        "leaky_relu" => x.LeakyRelu(0.1),
        "clamp" => x.Clamp(-0.5, 0.5),
        _ => throw new ArgumentException(op),
    };
}
