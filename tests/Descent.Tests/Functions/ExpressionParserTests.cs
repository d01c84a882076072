using System.Globalization;
using Descent.Functions;

namespace Descent.Tests.Functions;

/// <summary>Parsing and evaluating expressions: precedence, functions, numbers, variables, dimension and canonical text.</summary>
public class ExpressionParserTests
{
    private static double Eval(string text, params double[] point)
    {
        var e = Expression.Parse(text);
        var scalar = e.Evaluate(point);
        var tensor = e.Evaluate(Tensor.FromArray(point, point.Length)).Item();
        Assert.True(
            scalar.Equals(tensor) || Math.Abs(scalar - tensor) <= 1e-14 * Math.Max(1, Math.Abs(scalar)),
            $"double path {scalar:R} and tensor path {tensor:R} differ for {text}");
        return scalar;
    }

    [Theory]
    [InlineData("-x^2", 3, 0, 0, -9)]
    [InlineData("2^3^2", 0, 0, 0, 512)]
    [InlineData("-2^2", 0, 0, 0, -4)]
    [InlineData("(-2)^2", 0, 0, 0, 4)]
    [InlineData("2*-x", 3, 0, 0, -6)]
    [InlineData("x-y-z", 1, 2, 3, -4)]
    [InlineData("x/y/z", 8, 2, 2, 2)]
    [InlineData("1-2+3", 0, 0, 0, 2)]
    [InlineData("12/4*3", 0, 0, 0, 9)]
    [InlineData("1+2*3", 0, 0, 0, 7)]
    [InlineData("(1+2)*3", 0, 0, 0, 9)]
    [InlineData("2*3^2", 0, 0, 0, 18)]
    [InlineData("2^3*2", 0, 0, 0, 16)]
    [InlineData("(2^3)^2", 0, 0, 0, 64)]
    [InlineData("2^-1", 0, 0, 0, 0.5)]
    [InlineData("-2^-2", 0, 0, 0, -0.25)]
    [InlineData("x^y^z", 2, 3, 2, 512)]
    [InlineData("-x*y", 3, 2, 0, -6)]
    [InlineData("--x", 3, 0, 0, 3)]
    [InlineData("+x", 3, 0, 0, 3)]
    [InlineData("-(x)^2", 3, 0, 0, -9)]
    [InlineData("x - -y", 1, 2, 0, 3)]
    [InlineData("2^x^2", 3, 0, 0, 512)]
    [InlineData("-x^2^-1", 4, 0, 0, -2)]
    [InlineData("(1 - x*y)^2", 2, 3, 0, 25)]
    [InlineData("(-2)^3", 0, 0, 0, -8)]
    public void Parse_PrecedenceAndAssociativity_EvaluatesAsExpected(string text, double x, double y, double z, double expected)
    {
        Assert.Equal(expected, Eval(text, x, y, z), 12);
    }

    [Theory]
    [InlineData("sin(pi/2)", 1)]
    [InlineData("cos(0)", 1)]
    [InlineData("tan(pi/4)", 1)]
    [InlineData("exp(1)", Math.E)]
    [InlineData("log(e)", 1)]
    [InlineData("sqrt(16)", 4)]
    [InlineData("abs(-3)", 3)]
    [InlineData("tanh(0)", 0)]
    [InlineData("sigmoid(0)", 0.5)]
    [InlineData("pi", Math.PI)]
    [InlineData("π", Math.PI)]
    [InlineData("e", Math.E)]
    [InlineData("e^2", Math.E * Math.E)]
    public void Parse_FunctionsAndConstants_HaveTheirValues(string text, double expected)
    {
        Assert.Equal(expected, Eval(text, 0), 14);
    }

    [Theory]
    [InlineData("sin", 0.7)]
    [InlineData("cos", 0.7)]
    [InlineData("tan", 0.7)]
    [InlineData("exp", 0.7)]
    [InlineData("log", 0.7)]
    [InlineData("sqrt", 0.7)]
    [InlineData("abs", -0.7)]
    [InlineData("tanh", 0.7)]
    [InlineData("sigmoid", -1.3)]
    public void Evaluate_EachFunction_MatchesMath(string function, double x)
    {
        double expected = function switch
        {
            "sin" => Math.Sin(x),
            "cos" => Math.Cos(x),
            "tan" => Math.Tan(x),
            "exp" => Math.Exp(x),
            "log" => Math.Log(x),
            "sqrt" => Math.Sqrt(x),
            "abs" => Math.Abs(x),
            "tanh" => Math.Tanh(x),
            _ => 1 / (1 + Math.Exp(-x)),
        };
        Assert.Equal(expected, Eval($"{function}(x)", x), 14);
    }

    [Theory]
    [InlineData("3", 3)]
    [InlineData(".5", 0.5)]
    [InlineData("1e-3", 0.001)]
    [InlineData("2.5E+4", 25000)]
    [InlineData("1E3", 1000)]
    [InlineData("1.", 1)]
    [InlineData("0.25", 0.25)]
    [InlineData("007", 7)]
    [InlineData("1e+0", 1)]
    [InlineData("6.02e23", 6.02e23)]
    [InlineData("1e-400", 0)]
    public void Parse_NumberFormats_AreRead(string text, double expected)
    {
        Assert.Equal(expected, Eval(text, 0));
    }

    [Fact]
    public void Parse_UnderGermanCulture_StillReadsDecimalPoint()
    {
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            var e = Expression.Parse("2.5*x + 1e-1");
            Assert.Equal(5.1, e.Evaluate([2.0]), 14);
            Assert.Equal("2.5*x + 0.1", e.ToString());
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void Parse_WhitespaceEverywhere_IsIgnored()
    {
        Assert.Equal(Expression.Parse("(1-x*y)^2"), Expression.Parse(" \t( 1 -  x * y ) ^\n2 "));
    }

    [Fact]
    public void Parse_XyzAndIndexedNames_AreTheSameVariables()
    {
        var a = Expression.Parse("x + y*z");
        var b = Expression.Parse("x0 + x1*x2");
        Assert.Equal(a, b);
        Assert.Equal(a.ToString(), b.ToString());
        Assert.Equal(Expression.Parse("x00 + x01"), Expression.Parse("x + y"));
    }

    [Fact]
    public void Parse_MixedNames_AreAllowed()
    {
        var e = Expression.Parse("x + x1 + z");
        Assert.Equal(1 + 2 + 3, e.Evaluate([1.0, 2.0, 3.0]));
    }

    [Theory]
    [InlineData("1", 1)]
    [InlineData("pi*e", 1)]
    [InlineData("x", 1)]
    [InlineData("y", 2)]
    [InlineData("z", 3)]
    [InlineData("x*z", 3)]
    [InlineData("sin(x3)", 4)]
    [InlineData("x + x5", 6)]
    [InlineData("x99", 100)]
    public void Dimension_IsOneMoreThanLargestIndex(string text, int expected)
    {
        var e = Expression.Parse(text);
        Assert.Equal(expected, e.Dimension);
        Assert.Equal(expected, e.MinimumDimension);
    }

    [Theory]
    [InlineData("(1-x*y)^2", "(1 - x*y)^2")]
    [InlineData("x+y*z", "x + y*z")]
    [InlineData("-x^2", "-x^2")]
    [InlineData("(-x)^2", "(-x)^2")]
    [InlineData("x-(y-z)", "x - (y - z)")]
    [InlineData("(x-y)-z", "x - y - z")]
    [InlineData("x/(y*z)", "x/(y*z)")]
    [InlineData("x*(y*z)", "x*(y*z)")]
    [InlineData("(x*y)*z", "x*y*z")]
    [InlineData("x+(y+z)", "x + (y + z)")]
    [InlineData("2^3^2", "2^3^2")]
    [InlineData("(2^3)^2", "(2^3)^2")]
    [InlineData("2*-x", "2*-x")]
    [InlineData("--x", "-(-x)")]
    [InlineData("+x", "x")]
    [InlineData("x0+x5", "x0 + x5")]
    [InlineData("1e-3*x", "0.001*x")]
    [InlineData("π*x", "pi*x")]
    [InlineData("2^-x", "2^-x")]
    [InlineData("-(x+y)", "-(x + y)")]
    [InlineData("x*(y+z)", "x*(y + z)")]
    [InlineData("sin(x)^2 + cos(x)^2", "sin(x)^2 + cos(x)^2")]
    [InlineData("-sin(-x)", "-sin(-x)")]
    [InlineData("(x)", "x")]
    [InlineData("1e-7", "1E-07")]
    [InlineData("x^(y*z)", "x^(y*z)")]
    [InlineData("(x^y)^z", "(x^y)^z")]
    [InlineData("x^(-y)^2", "x^(-y)^2")]
    [InlineData("-x - -y", "-x - -y")]
    public void ToString_IsCanonical_AndParsesBackToTheSameTree(string text, string canonical)
    {
        var e = Expression.Parse(text);
        Assert.Equal(canonical, e.ToString());
        var again = Expression.Parse(e.ToString());
        Assert.Equal(e.Root, again.Root);
        Assert.Equal(e, again);
    }

    [Fact]
    public void Evaluate_LongChain_WorksWithoutRecursionLimits()
    {
        // 1000 terms: the longest chain that fits the length limit; parse, evaluate and differentiate it.
        var text = string.Join("+", Enumerable.Repeat("x", 1000));
        var e = Expression.Parse(text);
        Assert.Equal(2000.0, e.Evaluate([2.0]));
        Assert.Equal(2000.0, e.Evaluate(Tensor.FromArray(new[] { 2.0 }, 1)).Item());
        Assert.Equal(1000.0, e.Gradient([2.0])[0]);
    }

    [Fact]
    public void ToString_LongChainThatFitsTheLimit_RoundTrips()
    {
        // 500 terms print as "x + x + …" in 1997 characters.
        var e = Expression.Parse(string.Join("-", Enumerable.Repeat("x", 500)));
        Assert.Equal(1997, e.ToString().Length);
        Assert.Equal(e, Expression.Parse(e.ToString()));
    }

    [Fact]
    public void Evaluate_ExtraCoordinates_AreIgnored()
    {
        var e = Expression.Parse("x^2");
        Assert.Equal(9.0, e.Evaluate([3.0, 100.0]));
        Assert.Equal(9.0, e.Evaluate(Tensor.FromArray(new[] { 3.0, 100.0 }, 2)).Item());
    }

    [Fact]
    public void Evaluate_ShortPoint_Throws()
    {
        var e = Expression.Parse("x*y");
        var ex = Assert.Throws<ArgumentException>(() => e.Evaluate([1.0]));
        Assert.Equal("x*y: the point has 1 coordinate but the function needs 2", ex.Message);
        Assert.Throws<ArgumentException>(() => e.Evaluate(Tensor.FromArray(new[] { 1.0 }, 1)));
    }

    [Fact]
    public void Evaluate_MatrixPoint_Throws()
    {
        var e = Expression.Parse("x*y");
        var ex = Assert.Throws<ArgumentException>(() => e.Evaluate(Tensor.Zeros(new Shape(2, 2), DType.Float64)));
        Assert.Contains("1-D tensor", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_Float32Point_GivesFloat32Scalar()
    {
        var e = Expression.Parse("(1 - x*y)^2 + sin(x)");
        var y = e.Evaluate(Tensor.FromArray(new[] { 0.5f, -1.5f }, 2));
        Assert.Equal(DType.Float32, y.DType);
        Assert.Equal(0, y.Rank);
        Assert.Equal(e.Evaluate([0.5, -1.5]), y.Item(), 5);
    }

    [Fact]
    public void Evaluate_ConstantExpression_GivesScalarOfPointDType()
    {
        var y = Expression.Parse("2+3").Evaluate(Tensor.FromArray(new[] { 1f }, 1));
        Assert.Equal(DType.Float32, y.DType);
        Assert.Equal(5.0, y.Item());
    }

    [Fact]
    public void WithDimension_RaisesDimension_AndRejectsTooSmall()
    {
        var e = Expression.Parse("x*z");
        Assert.Equal(5, e.WithDimension(5).Dimension);
        Assert.Equal(5, e.WithDimension(5).DefaultStart.Count);
        var ex = Assert.Throws<ArgumentException>(() => e.WithDimension(2));
        Assert.Equal("Expression \"x*z\" uses 3 variables, so its dimension must be at least 3; got 2", ex.Message);
    }

    [Fact]
    public void TryParse_ReportsSuccessAndFailure()
    {
        Assert.True(Expression.TryParse("x+1", out var ok));
        Assert.Equal("x + 1", ok.ToString());
        Assert.False(Expression.TryParse("x+", out var bad, out var error));
        Assert.Null(bad);
        Assert.Equal(3, error!.Column);
        Assert.False(Expression.TryParse(null, out _));
    }

    [Fact]
    public void Parse_Null_ThrowsArgumentNull()
    {
        Assert.Throws<ArgumentNullException>(() => Expression.Parse(null!));
    }

    [Fact]
    public void Objective_Properties_DescribeAnExpression()
    {
        var e = Expression.Parse("(x - 1)^2 + y^2");
        Assert.Equal("(x - 1)^2 + y^2", e.Name);
        Assert.Equal(e.Name, e.Formula);
        Assert.Equal([0.0, 0.0], e.DefaultStart);
        Assert.Empty(e.KnownMinima);
        Assert.Null(e.MinimumValue);
        Assert.Null(e.PlotRange);
        Assert.Equal("User expression in 2 variables", e.Description);
        Assert.Equal("(x - 1)^2 + y^2", e.Text);
    }
}
