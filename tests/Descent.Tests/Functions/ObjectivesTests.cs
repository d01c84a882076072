using Descent.Functions;

namespace Descent.Tests.Functions;

/// <summary>Resolving names or expressions, wrapping C# functions, and the derivative helpers.</summary>
public class ObjectivesTests
{
    [Fact]
    public void Resolve_KnownName_GivesTestFunction()
    {
        var f = Objectives.Resolve(" Rosenbrock ");
        Assert.IsType<TestFunction>(f);
        Assert.Equal("rosenbrock", f.Name);
    }

    [Fact]
    public void Resolve_NameWithDimension_PassesDimension()
    {
        Assert.Equal(4, Objectives.Resolve("quadratic", 4).Dimension);
    }

    [Fact]
    public void Resolve_Expression_GivesParsedExpression()
    {
        var f = Objectives.Resolve("x^2 + y^2");
        var e = Assert.IsType<Expression>(f);
        Assert.Equal(2, e.Dimension);
        Assert.Equal(25.0, f.Value([3.0, 4.0]));
    }

    [Fact]
    public void Resolve_ExpressionWithDimension_ReadsMoreCoordinates()
    {
        var f = Objectives.Resolve("x^2", 3);
        Assert.Equal(3, f.Dimension);
        Assert.Equal([4.0, 0, 0], f.Gradient([2.0, 5, 7]));
    }

    [Fact]
    public void Resolve_ExpressionWithTooSmallDimension_Throws()
    {
        Assert.Throws<ArgumentException>(() => Objectives.Resolve("x*z", 2));
    }

    [Fact]
    public void Resolve_MisspelledName_SuggestsTheName()
    {
        var ex = Assert.Throws<ArgumentException>(() => Objectives.Resolve("himmelblu"));
        Assert.StartsWith("Unknown function \"himmelblu\"; did you mean \"himmelblau\"? Named functions: quadratic, shifted,", ex.Message, StringComparison.Ordinal);
        Assert.EndsWith("or write an expression in x, y, z, x0..x99 such as \"(1 - x*y)^2\"", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_NameWithSpaceInsteadOfHyphen_SuggestsTheName()
    {
        var ex = Assert.Throws<ArgumentException>(() => Objectives.Resolve("monkey saddle"));
        Assert.Contains("did you mean \"monkey-saddle\"?", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_BadExpression_KeepsTheParserMessage()
    {
        var ex = Assert.Throws<ExpressionException>(() => Objectives.Resolve("(1 - x*y"));
        Assert.Equal("Expected ')' at column 9 in \"(1 - x*y\"", ex.Message);
    }

    [Fact]
    public void Resolve_UnknownShortWord_IsAnExpressionError()
    {
        var ex = Assert.Throws<ExpressionException>(() => Objectives.Resolve("w"));
        Assert.StartsWith("Unknown variable \"w\"", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromFunction_WrapsLambda_WithAutogradDerivatives()
    {
        var f = Objectives.FromFunction("sum of squares", 3, x => (x * x).Sum(), start: [1.0, 2, 3], knownMinima: [[0.0, 0, 0]], minimumValue: 0);
        Assert.Equal(14.0, f.Value([1.0, 2, 3]));
        Assert.Equal([2.0, 4, 6], f.Gradient([1.0, 2, 3]));
        var h = f.Hessian([1.0, 2, 3]);
        Assert.Equal(2.0, h[1, 1]);
        Assert.Equal(0.0, h[0, 2]);
        Assert.Equal([1.0, 2, 3], f.DefaultStart);
        Assert.Equal(0.0, f.MinimumValue);
        Assert.Equal(14.0, f.Evaluate(Tensor.FromArray(new[] { 1.0, 2, 3, 99 }, 4)).Item());
    }

    [Fact]
    public void FromFunction_DefaultStart_IsOrigin()
    {
        var f = Objectives.FromFunction("f", 2, x => x.Sum());
        Assert.Equal([0.0, 0.0], f.DefaultStart);
    }

    [Fact]
    public void FromFunction_WrongStartLength_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => Objectives.FromFunction("f", 2, x => x.Sum(), start: [1.0]));
        Assert.Equal("f: the start point has 1 coordinates but the function has dimension 2", ex.Message);
    }

    [Fact]
    public void FromFunction_NonScalarResult_Throws()
    {
        var f = Objectives.FromFunction("f", 2, x => x * 2.0);
        Assert.Throws<InvalidOperationException>(() => f.Value([1.0, 2.0]));
    }

    [Fact]
    public void Hessian_IsSymmetric_ForMixedExpression()
    {
        var h = Objectives.Resolve("sin(x*y) + x^2*z^3 - exp(y*z)").Hessian([0.3, -0.4, 0.9]);
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                Assert.Equal(h[i, j], h[j, i], 12);
            }
        }
    }

    [Fact]
    public void Hessian_MatchesFiniteDifferencesOfGradient()
    {
        var f = TestFunctions.Get("beale");
        double[] p = [0.7, -0.4];
        var h = f.Hessian(p);
        const double eps = 1e-6;
        for (int j = 0; j < 2; j++)
        {
            var plus = (double[])p.Clone();
            var minus = (double[])p.Clone();
            plus[j] += eps;
            minus[j] -= eps;
            var gp = f.Gradient(plus);
            var gm = f.Gradient(minus);
            for (int i = 0; i < 2; i++)
            {
                Assert.Equal((gp[i] - gm[i]) / (2 * eps), h[i, j], 5);
            }
        }
    }
}
