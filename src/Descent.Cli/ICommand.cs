namespace Descent.Cli;

/// <summary>One <c>descent</c> subcommand.</summary>
public interface ICommand
{
    /// <summary>The word after <c>descent</c>.</summary>
    string Name { get; }

    /// <summary>One line for <c>descent help</c>.</summary>
    string Summary { get; }

    /// <summary>The full usage text, shown by <c>descent NAME --help</c>.</summary>
    string Usage { get; }

    /// <summary>Runs the command. Throw <see cref="UsageException"/> for user mistakes, before doing any work.</summary>
    int Run(CliArgs args, TextWriter output, TextWriter err);
}

/// <summary>A mistake in what the user typed: the CLI prints the message on one line and exits with code 2.</summary>
public sealed class UsageException : Exception
{
    /// <summary>Creates the exception.</summary>
    public UsageException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public UsageException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public UsageException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
