using System.Globalization;

namespace Descent.Cli;

/// <summary>Command dispatch for the <c>descent</c> tool, runnable in-process (tests call <see cref="Run"/> directly).</summary>
public static class Cli
{
    /// <summary>Every command, in the order <c>descent help</c> lists them.</summary>
    public static IReadOnlyList<ICommand> Commands { get; } =
    [
        new AnalyzeCommand(),
        new BenchCommand(),
        new CompareCommand(),
        new DemoCommand(),
        new FunctionsCommand(),
        new HelpCommand(),
        new LandscapeCommand(),
        new LrFindCommand(),
        new OptimizeCommand(),
        new OptimizersCommand(),
        new ScheduleCommand(),
        new SchedulesCommand(),
        new SharpnessCommand(),
        new StudyCommand(),
        new TrainCommand(),
    ];

    /// <summary>Runs one invocation. User mistakes print one line to <paramref name="err"/> and return 2.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter err) => Run(args, output, err, Commands);

    /// <summary>
    /// Runs one invocation against <paramref name="commands"/> (a host may add its own): a user mistake prints one line
    /// <c>descent CMD: message</c> to <paramref name="err"/> and returns 2; any other failure is an internal error, one line and
    /// exit code 1, with the stack trace only under <c>--verbose</c>.
    /// </summary>
    public static int Run(string[] args, TextWriter output, TextWriter err, IReadOnlyList<ICommand> commands)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(err);
        ArgumentNullException.ThrowIfNull(commands);
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        bool verbose = args.Contains("--verbose");
        args = args.Where(a => a != "--verbose").ToArray();
        if (args.Length == 0 || args[0] is "-h" or "--help")
        {
            HelpCommand.PrintOverview(output, commands);
            return 0;
        }

        if (args[0] is "--version" or "version")
        {
            output.WriteLine(typeof(Cli).Assembly.GetName().Version?.ToString(3) ?? "0.0.0");
            return 0;
        }

        var command = commands.FirstOrDefault(c => c.Name == args[0]);
        string prefix = "descent" + (command != null ? " " + command.Name : "");
        try
        {
            if (command == null)
            {
                throw UnknownCommand(args[0], commands);
            }

            var parsed = CliArgs.Parse(args.AsSpan(1));
            if (parsed.Has("help") || parsed.Has("h"))
            {
                output.WriteLine(command.Usage);
                return 0;
            }

            return command.Run(parsed, output, err);
        }
        catch (UsageException e)
        {
            err.WriteLine($"{prefix}: {CliSpecs.OneLine(e.Message)}");
            return 2;
        }
        catch (ArgumentException e)
        {
            // Library validation of user-supplied values (specs, hyperparameters, data files) is a usage error too.
            err.WriteLine($"{prefix}: {CliSpecs.OneLine(e.Message)}");
            return 2;
        }
        catch (OperationCanceledException)
        {
            err.WriteLine($"{prefix}: cancelled");
            return 130;
        }
#pragma warning disable CA1031 // The tool's last line of defence: any other failure is an internal error, reported in one line.
        catch (Exception e)
#pragma warning restore CA1031
        {
            err.WriteLine($"{prefix}: internal error: {e.GetType().Name}: {CliSpecs.OneLine(e.Message)}" + (verbose ? "" : " (run with --verbose for details)"));
            if (verbose)
            {
                err.WriteLine(e.ToString());
            }

            return 1;
        }
    }

    /// <summary>The usage error for a command name that does not exist, with the closest one.</summary>
    internal static UsageException UnknownCommand(string name, IReadOnlyList<ICommand> commands)
    {
        var names = commands.Select(c => c.Name).ToArray();
        if (name.StartsWith('-'))
        {
            return new UsageException($"expected a command before the options, got \"{name}\" (descent COMMAND [OPTIONS]); commands: {string.Join(", ", names)}");
        }

        var suggestion = Suggest.Closest(name, names);
        return new UsageException(
            $"unknown command \"{name}\"" + (suggestion != null ? $"; did you mean \"{suggestion}\"? Commands: " : "; commands: ") + string.Join(", ", names));
    }
}
