namespace Descent.Cli;

/// <summary><c>descent help</c>: what the tool can do.</summary>
public sealed class HelpCommand : ICommand
{
    /// <inheritdoc/>
    public string Name => "help";

    /// <inheritdoc/>
    public string Summary => "list the commands, or show one command's usage";

    /// <inheritdoc/>
    public string Usage => "descent help [COMMAND]";

    /// <summary>Prints the command list.</summary>
    public static void PrintOverview(TextWriter output) => PrintOverview(output, Cli.Commands);

    /// <summary>Prints the list of <paramref name="commands"/>.</summary>
    public static void PrintOverview(TextWriter output, IReadOnlyList<ICommand> commands)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(commands);
        output.WriteLine("descent: gradient descent, optimizers and training, reproduced from the lectures.");
        output.WriteLine();
        output.WriteLine("Usage: descent COMMAND [OPTIONS]   (descent COMMAND --help for details)");
        output.WriteLine();
        output.WriteLine("Commands:");
        foreach (var c in commands)
        {
            output.WriteLine($"  {c.Name,-12} {c.Summary}");
        }

        output.WriteLine();
        output.WriteLine("Options for every command:");
        output.WriteLine($"  --threads N  kernel threads, 1 to {Cli.MaxThreads} (default: DESCENT_THREADS, else the processor count); a given");
        output.WriteLine("               count always gives the same numbers");
        output.WriteLine("  --verbose    print the stack trace of an internal error");
    }

    /// <inheritdoc/>
    public int Run(CliArgs args, TextWriter output, TextWriter err)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        if (args.Positionals.Count > 1)
        {
            throw new UsageException($"expected at most one command name, got {args.Positionals.Count}: {string.Join(" ", args.Positionals)}");
        }

        string? name = args.Positionals.Count == 1 ? args.Positionals[0] : null;
        args.Positionals.Clear();
        args.RejectUnknown();
        if (name == null)
        {
            PrintOverview(output);
            return 0;
        }

        var command = Cli.Commands.FirstOrDefault(c => c.Name == name) ?? throw Cli.UnknownCommand(name, Cli.Commands);
        output.WriteLine(command.Usage);
        return 0;
    }
}
