using Descent.Functions;

namespace Descent.Tests.Functions;

/// <summary>Every syntax error has an exact, helpful message; limits fail cleanly instead of overflowing the stack.</summary>
public class ExpressionErrorTests
{
    private const string Functions = "sin, cos, tan, exp, log, sqrt, abs, tanh, sigmoid";
    private const string Variables = "variables are x, y, z and x0..x99, constants pi and e";

    public static TheoryData<string, string> BadInputs => new()
    {
        { "(1 - x*y", "Expected ')' at column 9 in \"(1 - x*y\"" },
        { "sin(x", "Expected ')' at column 6 in \"sin(x\"" },
        { "sinh(x)", $"Unknown function \"sinh\" at column 1 in \"sinh(x)\"; did you mean \"sin\"? Valid functions: {Functions}" },
        { "max(x)", $"Unknown function \"max\" at column 1 in \"max(x)\"; valid functions: {Functions}" },
        { "w", $"Unknown variable \"w\" at column 1 in \"w\"; {Variables}" },
        { "x + w", $"Unknown variable \"w\" at column 5 in \"x + w\"; {Variables}" },
        { "X", "Unknown variable \"X\" at column 1 in \"X\"; did you mean \"x\"? Variables are x, y, z and x0..x99, constants pi and e" },
        { "sinx", "Unknown variable \"sinx\" at column 1 in \"sinx\"; did you mean \"sin(x)\"? Variables are x, y, z and x0..x99, constants pi and e" },
        { "x+$", "Unexpected character '$' at column 3 in \"x+$\"" },
        { "x +", "Expected an expression at column 4 in \"x +\"" },
        { "x ^", "Expected an expression at column 4 in \"x ^\"" },
        { "*x", "Expected an expression at column 1 in \"*x\"" },
        { "()", "Expected an expression at column 2 in \"()\"" },
        { "sin()", "Expected an expression at column 5 in \"sin()\"" },
        { "x)", "Unexpected \")\" after the end of the expression at column 2 in \"x)\"; it has no matching \"(\"" },
        { "", "Empty expression: write a function of x, y, z or x0..x99, such as \"(1 - x*y)^2\"" },
        { "   ", "Empty expression: write a function of x, y, z or x0..x99, such as \"(1 - x*y)^2\"" },
        { "2x", "Missing operator between \"2\" and \"x\" at column 2 in \"2x\"; implicit multiplication is not supported, write \"2*x\"" },
        { "2 pi", "Missing operator between \"2\" and \"pi\" at column 3 in \"2 pi\"; implicit multiplication is not supported, write \"2*pi\"" },
        { "x y", "Missing operator between \"x\" and \"y\" at column 3 in \"x y\"; implicit multiplication is not supported, write \"x*y\"" },
        { "(x+1)(x-1)", "Missing operator between \")\" and \"(\" at column 6 in \"(x+1)(x-1)\"; implicit multiplication is not supported, write \"(x+1)*(x-1)\"" },
        { "3sin(x)", "Missing operator between \"3\" and \"sin\" at column 2 in \"3sin(x)\"; implicit multiplication is not supported, write \"3*sin(x)\"" },
        { "x(y+1)", "Missing operator between \"x\" and \"(\" at column 2 in \"x(y+1)\"; implicit multiplication is not supported, write \"x*(y+1)\"" },
        { "x100", "Variable \"x100\" is out of range at column 1 in \"x100\"; variables go up to x99" },
        { "x99999999999", "Variable \"x99999999999\" is out of range at column 1 in \"x99999999999\"; variables go up to x99" },
        { "sin x", "Expected '(' after function \"sin\" at column 5 in \"sin x\"" },
        { "x**2", "Unexpected \"**\" at column 2 in \"x**2\"; use '^' for powers, as in x^2" },
        { "x²", "Unexpected character '²' at column 2 in \"x²\"; write x^2 for a square" },
        { "2×x", "Unexpected character '×' at column 2 in \"2×x\"; use '*' for multiplication" },
        { "x − y", "Unexpected character '−' at column 3 in \"x − y\"; use the ASCII '-' for minus" },
        { "x,y", "Unexpected character ',' at column 2 in \"x,y\"; functions take one argument, and decimals use '.'" },
        { "y = x^2", "Unexpected character '=' at column 3 in \"y = x^2\"; write only the right-hand side, such as x^2 + y^2" },
        { "[x]", "Unexpected character '[' at column 1 in \"[x]\"; use ( ) for grouping" },
        { "x.", "Unexpected character '.' at column 2 in \"x.\"; a number needs a digit after the decimal point, as in .5" },
        { "1e999", "Number \"1e999\" is too large at column 1 in \"1e999\"; the largest is about 1.8e308" },
        { "x\ny", "Missing operator between \"x\" and \"y\" at column 3 in \"x y\"; implicit multiplication is not supported, write \"x*y\"" },
        { "x\0", "Unexpected character U+0000 at column 2 in \"x \"" },
        { "1..2", "Missing operator between \"1.\" and \".2\" at column 3 in \"1..2\"; implicit multiplication is not supported, write \"1.*.2\"" },
        { "pi(2)", "Missing operator between \"pi\" and \"(\" at column 3 in \"pi(2)\"; implicit multiplication is not supported, write \"pi*(2)\"" },
        { "2e", "Missing operator between \"2\" and \"e\" at column 2 in \"2e\"; implicit multiplication is not supported, write \"2*e\"" },
        { "x + (y", "Expected ')' at column 7 in \"x + (y\"" },
        { "sin(x))", "Unexpected \")\" after the end of the expression at column 7 in \"sin(x))\"; it has no matching \"(\"" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void Parse_BadInput_ThrowsExactMessage(string text, string message)
    {
        var ex = Assert.Throws<ExpressionException>(() => Expression.Parse(text));
        Assert.Equal(message, ex.Message);
        Assert.Equal(text, ex.Expression);
        Assert.IsAssignableFrom<ArgumentException>(ex);
    }

    [Theory]
    [InlineData("(1 - x*y", 9)]
    [InlineData("x+$", 3)]
    [InlineData("sinh(x)", 1)]
    [InlineData("", 1)]
    [InlineData("a + b", 1)]
    public void Parse_BadInput_ReportsColumn(string text, int column)
    {
        var ex = Assert.Throws<ExpressionException>(() => Expression.Parse(text));
        Assert.Equal(column, ex.Column);
    }

    [Fact]
    public void Parse_TooLong_FailsWithLengthMessage()
    {
        var text = string.Concat(Enumerable.Repeat("x+", 1000)) + "x";
        var ex = Assert.Throws<ExpressionException>(() => Expression.Parse(text));
        Assert.Equal("Expression is too long (2001 characters); the limit is 2000", ex.Message);
        Assert.Equal(2001, ex.Column);
    }

    [Fact]
    public void Parse_HundredThousandParentheses_FailsWithoutStackOverflow()
    {
        var text = new string('(', 100_000) + "x" + new string(')', 100_000);
        var ex = Assert.Throws<ExpressionException>(() => Expression.Parse(text));
        Assert.StartsWith("Expression is too long (200001 characters)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NestingBeyondLimit_FailsAtTheFirstLevelTooDeep()
    {
        var text = new string('(', 300) + "x" + new string(')', 300);
        var ex = Assert.Throws<ExpressionException>(() => Expression.Parse(text));
        Assert.StartsWith("Expression nests too deeply at column 201 in \"((((", ex.Message, StringComparison.Ordinal);
        Assert.EndsWith("; the limit is 200 levels of parentheses, signs, powers and function calls", ex.Message, StringComparison.Ordinal);
        Assert.Equal(201, ex.Column);
    }

    [Fact]
    public void Parse_NestingAtLimit_Succeeds()
    {
        var text = new string('(', 200) + "x" + new string(')', 200);
        Assert.Equal(3.0, Expression.Parse(text).Evaluate([3.0]));
    }

    [Theory]
    [InlineData("-", 500)]
    [InlineData("sin(", 300)]
    public void Parse_DeepSignsOrCalls_FailWithNestingError(string unit, int count)
    {
        var text = string.Concat(Enumerable.Repeat(unit, count)) + "x" + (unit == "sin(" ? new string(')', count) : "");
        var ex = Assert.Throws<ExpressionException>(() => Expression.Parse(text));
        Assert.StartsWith(text.Length > Expression.MaxLength ? "Expression is too long" : "Expression nests too deeply", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DeepPowerTower_FailsWithNestingError()
    {
        var text = string.Join("^", Enumerable.Repeat("x", 500));
        var ex = Assert.Throws<ExpressionException>(() => Expression.Parse(text));
        Assert.StartsWith("Expression nests too deeply", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_LongMessageSuggestion_ShowsOnlyTheLocalFix()
    {
        var text = string.Concat(Enumerable.Repeat("x + ", 30)) + "2x";
        var ex = Assert.Throws<ExpressionException>(() => Expression.Parse(text));
        Assert.EndsWith("write \"2*x\"", ex.Message, StringComparison.Ordinal);
    }
}
