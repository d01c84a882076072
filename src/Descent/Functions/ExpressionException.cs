namespace Descent.Functions;

/// <summary>
/// A syntax error in a function expression, such as <c>Expected ')' at column 9 in "(1 - x*y"</c>.
/// </summary>
/// <remarks>
/// It derives from <see cref="ArgumentException"/> so that callers (and the CLI) treat it like any other bad argument.
/// </remarks>
public sealed class ExpressionException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    public ExpressionException()
    {
        Expression = "";
    }

    /// <summary>Creates the exception.</summary>
    public ExpressionException(string message)
        : base(message)
    {
        Expression = "";
    }

    /// <summary>Creates the exception.</summary>
    public ExpressionException(string message, Exception innerException)
        : base(message, innerException)
    {
        Expression = "";
    }

    /// <summary>Creates the exception for a problem at <paramref name="column"/> of <paramref name="expression"/>.</summary>
    /// <param name="message">The full message, already naming the column and the expression.</param>
    /// <param name="expression">The text that failed to parse.</param>
    /// <param name="column">The 1-based column (in UTF-16 code units) where the problem was found.</param>
    public ExpressionException(string message, string expression, int column)
        : base(message)
    {
        Expression = expression;
        Column = column;
    }

    /// <summary>The text that failed to parse.</summary>
    public string Expression { get; }

    /// <summary>The 1-based column of the problem; one past the end for problems at the end of the text.</summary>
    public int Column { get; }
}
