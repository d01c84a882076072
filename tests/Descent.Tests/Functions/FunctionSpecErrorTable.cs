using Descent.Functions;

namespace Descent.Tests.Functions;

/// <summary>
/// Issue 9's table for the <c>--function</c> argument: misspelt names get a suggestion, expressions get the column of the mistake,
/// and dimensions outside a function's range are refused, each with its exact message. The expression grammar's own errors are in
/// <see cref="ExpressionErrorTests"/>.
/// </summary>
public class FunctionSpecErrorTable
{
    private const string Named = "quadratic, shifted, ellipse, rosenbrock, beale, himmelblau, booth, saddle, monkey-saddle, product-saddle, rastrigin, ackley";
    private const string OrExpression = "or write an expression in x, y, z, x0..x99 such as \"(1 - x*y)^2\"";

    /// <summary>Text, dimension (0: the default), exact message.</summary>
    public static TheoryData<string, int, string> Rows => new()
    {
        { "rosenbrok", 0, $"Unknown function \"rosenbrok\"; did you mean \"rosenbrock\"? Named functions: {Named}; {OrExpression}" },
        { "himmelblu", 0, $"Unknown function \"himmelblu\"; did you mean \"himmelblau\"? Named functions: {Named}; {OrExpression}" },
        { "rastrign", 0, $"Unknown function \"rastrign\"; did you mean \"rastrigin\"? Named functions: {Named}; {OrExpression}" },
        { "ackly", 0, $"Unknown function \"ackly\"; did you mean \"ackley\"? Named functions: {Named}; {OrExpression}" },
        { "sphere", 0, "Unknown variable \"sphere\" at column 1 in \"sphere\"; variables are x, y, z and x0..x99, constants pi and e" },
        { "x^2 +", 0, "Expected an expression at column 6 in \"x^2 +\"" },
        { "(1 - x*y", 0, "Expected ')' at column 9 in \"(1 - x*y\"" },
        { "1e999*x", 0, "Number \"1e999\" is too large at column 1 in \"1e999*x\"; the largest is about 1.8e308" },
        { "himmelblau", 3, "Test function \"himmelblau\" is defined in 2 dimensions only, got dimension 3" },
        { "booth", 1, "Test function \"booth\" is defined in 2 dimensions only, got dimension 1" },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void Resolve_BadFunction_ThrowsExactMessage(string text, int dimension, string message)
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => Objectives.Resolve(text, dimension == 0 ? null : dimension));
        Assert.Equal(message, e.Message);
    }

    [Theory]
    [InlineData("rosenbrok", "Unknown test function \"rosenbrok\"; did you mean \"rosenbrock\"? Valid names: " + Named)]
    [InlineData("sphere", "Unknown test function \"sphere\"; valid names: " + Named)]
    public void Get_UnknownName_SuggestsOrLists(string name, string message) =>
        Assert.Equal(message, Assert.Throws<ArgumentException>(() => TestFunctions.Get(name)).Message);

    [Fact]
    public void Get_DimensionAboveTheLimit_IsRefused() =>
        Assert.StartsWith("Test function \"rosenbrock\" needs a dimension from 2 to ",
            Assert.Throws<ArgumentException>(() => TestFunctions.Get("rosenbrock", 1_000_000_000)).Message, StringComparison.Ordinal);
}
