namespace Descent.Cli.Serve;

/// <summary>
/// A user error in one field of a request body. The message is the library's (the text the CLI prints after its prefix); the
/// problem detail adds <c>field</c> (e.g. <c>optimizers[1]</c>) so the page can mark the input that is wrong.
/// </summary>
public sealed class RequestFieldException : ArgumentException
{
    /// <summary>Creates the exception for <paramref name="field"/>.</summary>
    public RequestFieldException(string field, string message, Exception? inner = null)
        : base(message, inner)
    {
        Field = field;
    }

    /// <summary>Creates the exception.</summary>
    public RequestFieldException()
    {
        Field = "";
    }

    /// <summary>Creates the exception.</summary>
    public RequestFieldException(string message)
        : base(message)
    {
        Field = "";
    }

    /// <summary>Creates the exception.</summary>
    public RequestFieldException(string message, Exception innerException)
        : base(message, innerException)
    {
        Field = "";
    }

    /// <summary>The JSON path of the wrong value, such as <c>function</c> or <c>optimizers[1]</c>.</summary>
    public string Field { get; }

    /// <summary>Runs <paramref name="action"/>; an <see cref="ArgumentException"/> it throws is rethrown as a field error.</summary>
    public static T In<T>(string field, Func<T> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        try
        {
            return action();
        }
        catch (ArgumentException e) when (e is not RequestFieldException)
        {
            throw new RequestFieldException(field, Problems.OneLine(e.Message), e);
        }
    }
}
