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
        new ServeCommand(),
        new SharpnessCommand(),
        new StudyCommand(),
        new TrainCommand(),
    ];

    /// <summary>Runs one invocation. User mistakes print one line to <paramref name="err"/> and return 2.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter err) =>
        Run(args, output, err, Commands, Environment.GetEnvironmentVariable("DESCENT_THREADS"));

    /// <summary>
    /// Runs one invocation against <paramref name="commands"/> (a host may add its own): a user mistake prints one line
    /// <c>descent CMD: message</c> to <paramref name="err"/> and returns 2; any other failure is an internal error, one line and
    /// exit code 1, with the stack trace only under <c>--verbose</c>.
    /// </summary>
    public static int Run(string[] args, TextWriter output, TextWriter err, IReadOnlyList<ICommand> commands) =>
        Run(args, output, err, commands, Environment.GetEnvironmentVariable("DESCENT_THREADS"));

    /// <summary>
    /// Runs one invocation as if the environment variable <c>DESCENT_THREADS</c> held <paramref name="threadsVariable"/> (null:
    /// unset). The variable itself was read once, when the kernels started; this only checks it, so that a value the kernels
    /// ignore (such as <c>two</c>) is reported instead of silently falling back to the processor count.
    /// </summary>
    public static int Run(string[] args, TextWriter output, TextWriter err, string? threadsVariable) =>
        Run(args, output, err, Commands, threadsVariable);

    private static int Run(string[] args, TextWriter output, TextWriter err, IReadOnlyList<ICommand> commands, string? threadsVariable)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(err);
        ArgumentNullException.ThrowIfNull(commands);
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        bool verbose = args.Contains("--verbose");
        args = args.Where(a => a != "--verbose").ToArray();
        string? threadsText;
        try
        {
            (args, threadsText) = ExtractThreads(args);
        }
        catch (UsageException e)
        {
            err.WriteLine($"descent{CommandPrefix(args, commands)}: {e.Message}");
            return 2;
        }

        if (threadsText == null && !string.IsNullOrWhiteSpace(threadsVariable) && Descent.Kernels.Parallelism.ThreadsFromVariable(threadsVariable) == null)
        {
            err.WriteLine($"descent{CommandPrefix(args, commands)}: DESCENT_THREADS: expected a positive integer (at most {MaxThreads}), got \"{threadsVariable}\"; fix or unset it, or pass --threads N");
            return 2;
        }

        if (threadsText != null)
        {
            if (ParseThreads(threadsText) is not { } threads)
            {
                err.WriteLine($"descent{CommandPrefix(args, commands)}: --threads: expected a positive integer (at most {MaxThreads}), got \"{threadsText}\"");
                return 2;
            }

            int saved = Descent.Kernels.Parallelism.Threads;
            Descent.Kernels.Parallelism.Threads = threads;
            try
            {
                return RunCommand(args, output, err, verbose, commands);
            }
            finally
            {
                Descent.Kernels.Parallelism.Threads = saved;
            }
        }

        return RunCommand(args, output, err, verbose, commands);
    }

    /// <summary>The most threads <c>--threads</c> accepts (<see cref="Descent.Kernels.Parallelism.Threads"/>' limit).</summary>
    public const int MaxThreads = Descent.Kernels.Parallelism.MaxThreads;

    /// <summary>
    /// Removes the global <c>--threads N</c> (or <c>--threads=N</c>) from anywhere in the arguments and returns its value text.
    /// </summary>
    /// <exception cref="UsageException">The option is given twice or without a value.</exception>
    private static (string[] Remaining, string? Threads) ExtractThreads(string[] args)
    {
        string? value = null;
        var rest = new List<string>(args.Length);
        for (int i = 0; i < args.Length; i++)
        {
            string? found = null;
            if (args[i] == "--threads")
            {
                if (i + 1 >= args.Length || (args[i + 1].StartsWith("--", StringComparison.Ordinal) && args[i + 1].Length > 2))
                {
                    throw new UsageException($"--threads: expected a positive integer (at most {MaxThreads}), got no value");
                }

                found = args[++i];
            }
            else if (args[i].StartsWith("--threads=", StringComparison.Ordinal))
            {
                found = args[i]["--threads=".Length..];
            }
            else
            {
                rest.Add(args[i]);
                continue;
            }

            if (value != null)
            {
                throw new UsageException("--threads is given more than once; give it once");
            }

            value = found;
        }

        return (rest.ToArray(), value);
    }

    /// <summary>" NAME" when the first argument names a command, for error messages; else empty.</summary>
    private static string CommandPrefix(string[] args, IReadOnlyList<ICommand> commands) =>
        args.Length > 0 && commands.Any(c => c.Name == args[0]) ? " " + args[0] : "";

    /// <summary>A thread count from 1 to <see cref="MaxThreads"/>, or null.</summary>
    private static int? ParseThreads(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n is >= 1 and <= MaxThreads ? n : null;

    private static int RunCommand(string[] args, TextWriter output, TextWriter err, bool verbose, IReadOnlyList<ICommand> commands)
    {
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
