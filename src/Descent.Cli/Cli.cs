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
    public static int Run(string[] args, TextWriter output, TextWriter err)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(err);
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        bool verbose = args.Contains("--verbose");
        args = args.Where(a => a != "--verbose").ToArray();
        if (args.Length == 0 || args[0] is "-h" or "--help")
        {
            HelpCommand.PrintOverview(output);
            return 0;
        }

        if (args[0] is "--version" or "version")
        {
            output.WriteLine(typeof(Cli).Assembly.GetName().Version?.ToString(3) ?? "0.0.0");
            return 0;
        }

        var command = Commands.FirstOrDefault(c => c.Name == args[0]);
        try
        {
            if (command == null)
            {
                var names = Commands.Select(c => c.Name).ToArray();
                var suggestion = Suggest.Closest(args[0], names);
                throw new UsageException(
                    $"unknown command \"{args[0]}\"" + (suggestion != null ? $"; did you mean \"{suggestion}\"?" : "") +
                    $" Commands: {string.Join(", ", names)}");
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
            err.WriteLine($"descent{(command != null ? " " + command.Name : "")}: {e.Message}");
            return 2;
        }
        catch (ArgumentException e)
        {
            // Library validation of user-supplied values (specs, hyperparameters, data files) is a usage error too.
            err.WriteLine($"descent{(command != null ? " " + command.Name : "")}: {WithoutParameterSuffix(FirstLine(e.Message))}");
            return 2;
        }
        catch (OperationCanceledException)
        {
            err.WriteLine("descent: cancelled");
            return 130;
        }
#pragma warning disable CA1031 // The tool's last line of defence: any other failure is an internal error, reported in one line.
        catch (Exception e)
#pragma warning restore CA1031
        {
            err.WriteLine($"descent: internal error: {e.GetType().Name}: {FirstLine(e.Message)}" + (verbose ? "" : " (run with --verbose for details)"));
            if (verbose)
            {
                err.WriteLine(e.ToString());
            }

            return 1;
        }
    }

    // ArgumentException appends " (Parameter 'name')" to its message; the user never typed that name.
    private static string WithoutParameterSuffix(string message) =>
        System.Text.RegularExpressions.Regex.Replace(message, @"\s*\(Parameter '[^']*'\)$", "");

    private static string FirstLine(string s)
    {
        int i = s.IndexOfAny(['\r', '\n']);
        return i < 0 ? s : s[..i];
    }
}
