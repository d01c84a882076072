using Descent.Functions;
using static Descent.Tests.TestUtil;

namespace Descent.Tests.Functions;

/// <summary>Derivatives of parsed expressions: against hand-derived gradients, finite differences, and known Hessians.</summary>
public class ExpressionGradientTests
{
    public static TheoryData<string, double[], double[]> AnalyticGradients
    {
        get
        {
            double x = 0.3, y = -0.7;
            return new()
            {
                { "(1 - x*y)^2", [x, y], [-2 * (1 - (x * y)) * y, -2 * (1 - (x * y)) * x] },
                { "sin(x)*exp(y)", [x, y], [Math.Cos(x) * Math.Exp(y), Math.Sin(x) * Math.Exp(y)] },
                { "x^3 - 3*x*y^2", [x, y], [(3 * x * x) - (3 * y * y), -6 * x * y] },
                { "log(x) + sqrt(-y)", [x, y], [1 / x, -1 / (2 * Math.Sqrt(-y))] },
                { "tanh(x)*sigmoid(y)", [x, y], [(1 - (Math.Tanh(x) * Math.Tanh(x))) * Sigmoid(y), Math.Tanh(x) * Sigmoid(y) * (1 - Sigmoid(y))] },
                { "x/y", [x, y], [1 / y, -x / (y * y)] },
                { "2^x", [x], [Math.Log(2) * Math.Pow(2, x)] },
                { "x^y", [0.8, 1.7], [1.7 * Math.Pow(0.8, 0.7), Math.Pow(0.8, 1.7) * Math.Log(0.8)] },
                { "abs(x)*tan(y)", [-x, y], [-Math.Tan(y), x / (Math.Cos(y) * Math.Cos(y))] },
                { "cos(x0)*x5", [x, 0, 0, 0, 0, 2], [-Math.Sin(x) * 2, 0, 0, 0, 0, Math.Cos(x)] },
                { "-x^2 + pi*y - e", [x, y], [-2 * x, Math.PI] },
                { "y^2", [x, y], [0, 2 * y] },
                { "7", [x], [0] },
            };
        }
    }

    private static double Sigmoid(double v) => 1 / (1 + Math.Exp(-v));

    [Theory]
    [MemberData(nameof(AnalyticGradients))]
    public void Gradient_MatchesHandDerivedGradient(string text, double[] point, double[] expected)
    {
        var (value, gradient) = Expression.Parse(text).ValueAndGradient(point);
        AssertClose(expected, gradient, 1e-12);
        Assert.Equal(Expression.Parse(text).Evaluate(point), value, 14);
    }

    [Theory]
    [InlineData("(1 - x*y)^2")]
    [InlineData("sin(x)*cos(y) + exp(-z)")]
    [InlineData("log(x + 2) - sqrt(y + 3) / (1 + z^2)")]
    [InlineData("tanh(x)^3 * sigmoid(y - z)")]
    [InlineData("x^y + 2^z - tan(x/3)")]
    [InlineData("-x^2^-1 + abs(y - 0.1) * z")]
    [InlineData("(x + 2*y - 7)^2 + (2*x + y - 5)^2 + z/x")]
    public void Evaluate_PassesFirstAndSecondOrderGradCheck(string text)
    {
        var e = Expression.Parse(text);
        var point = Tensor.FromArray(new[] { 0.7, 1.3, 0.4 }, 3).RequireGrad();
        AssertGradients(p => e.Evaluate(p[0]), point);
    }

    [Fact]
    public void Hessian_OfProductSaddle_AtOrigin_IsTheTextbookMatrix()
    {
        var h = Expression.Parse("(1 - x*y)^2").Hessian([0.0, 0.0]);
        Assert.Equal(new double[,] { { 0, -2 }, { -2, 0 } }, h);
    }

    [Fact]
    public void Hessian_MatchesHandDerivedMatrix()
    {
        // f = x²y + sin(y)·z: H = [[2y, 2x, 0], [2x, −sin(y)·z, cos y], [0, cos y, 0]].
        double x = 0.5, y = -1.2, z = 2.0;
        var h = Expression.Parse("x^2*y + sin(y)*z").Hessian([x, y, z]);
        var expected = new[,] { { 2 * y, 2 * x, 0 }, { 2 * x, -Math.Sin(y) * z, Math.Cos(y) }, { 0, Math.Cos(y), 0 } };
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                Assert.Equal(expected[i, j], h[i, j], 12);
            }
        }
    }

    [Fact]
    public void Hessian_OfLinearFunction_IsZero()
    {
        Assert.Equal(new double[2, 2], Expression.Parse("2*x - 3*y + 1").Hessian([1.0, 2.0]));
    }

    [Fact]
    public void Hessian_OfConstant_IsZero_AndGradientIsZero()
    {
        var e = Expression.Parse("3 + pi");
        Assert.Equal(new double[1, 1], e.Hessian([1.0]));
        Assert.Equal([0.0], e.Gradient([1.0]));
    }

    [Fact]
    public void Hessian_WithUnusedVariable_HasZeroRowAndColumn()
    {
        Assert.Equal(new double[,] { { 0, 0 }, { 0, 2 } }, Expression.Parse("y^2").Hessian([5.0, 3.0]));
    }

    [Fact]
    public void Gradient_Float32Point_FlowsThroughAutograd()
    {
        var e = Expression.Parse("(1 - x*y)^2");
        var p = Tensor.FromArray(new[] { 0.5f, 2f }, 2).RequireGrad();
        var g = Descent.Autograd.Grad(e.Evaluate(p), [p])[0];
        Assert.Equal(DType.Float32, g.DType);
        Assert.Equal(0.0, g[0], 6);
        Assert.Equal(0.0, g[1], 6);
        var q = Tensor.FromArray(new[] { 0.3f, -0.7f }, 2).RequireGrad();
        var gq = Descent.Autograd.Grad(e.Evaluate(q), [q])[0];
        Assert.Equal(-2 * (1 - (0.3 * -0.7)) * -0.7, gq[0], 5);
    }

    [Fact]
    public void Gradient_InsideNoGradScope_StillWorks()
    {
        using var _ = Descent.Autograd.NoGrad();
        Assert.Equal([6.0], Expression.Parse("x^2").Gradient([3.0]));
    }

    [Fact]
    public void Gradient_RepeatedVariable_AccumulatesEveryUse()
    {
        Assert.Equal([3 * 4.0], Expression.Parse("x*x*x").Gradient([2.0]));
    }

    [Fact]
    public void Gradient_ShortPoint_Throws()
    {
        Assert.Throws<ArgumentException>(() => Expression.Parse("x*y").Gradient([1.0]));
    }
}
