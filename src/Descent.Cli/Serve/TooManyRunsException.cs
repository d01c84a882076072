namespace Descent.Cli.Serve;

/// <summary>A new training run was refused because the server runs as many as it may (answered with 429).</summary>
public sealed class TooManyRunsException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TooManyRunsException()
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public TooManyRunsException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and its cause.</summary>
    public TooManyRunsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
