using System.Text.RegularExpressions;
using Descent.Data;
using Descent.Functions;
using Descent.NN;
using Descent.Optim;
using Descent.Schedules;

namespace Descent.Cli;

/// <summary>
/// Checks of the spec strings commands take (optimizer, schedule, model, data, function), done before any work, each reported as
/// <c>--option: the library's message</c> so the user sees which argument is wrong.
/// </summary>
public static partial class CliSpecs
{
    /// <summary>Checks an optimizer spec (name, keys, values) by creating it over a stand-in parameter.</summary>
    /// <exception cref="UsageException">The spec is malformed or invalid.</exception>
    public static void Optimizer(string option, string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        Check(option, () =>
        {
            var probe = Tensor.Zeros(1).RequireGrad();
            probe.Name = "probe";
            OptimizerRegistry.Create(spec, [probe]);
        });
    }

    /// <summary>Checks a schedule spec: name, keys, and values (a plateau spec through its options, others by creating the schedule).</summary>
    /// <exception cref="UsageException">The spec is malformed or invalid.</exception>
    public static ScheduleSpec Schedule(string option, string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return Check(option, () =>
        {
            var parsed = ScheduleSpec.Parse(spec);
            if (parsed.Definition.IsMetricDriven)
            {
                ScheduleRegistry.CreatePlateauOptions(parsed);
            }
            else
            {
                ScheduleRegistry.Create(parsed);
            }

            return parsed;
        });
    }

    /// <summary>Checks a model spec on its own (name, sizes, options); whether it fits the data is known once the data is loaded.</summary>
    /// <exception cref="UsageException">The spec is malformed or names an unknown model.</exception>
    public static void Model(string option, string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        Check(option, () => ModelSpec.Check(spec));
    }

    /// <summary>
    /// Checks what a data spec names on disk before anything is loaded: a csv file that exists and is not a directory, and a
    /// <c>dir=</c> that is a directory. Names, keys and values are checked when the data is loaded.
    /// </summary>
    /// <exception cref="UsageException">The spec is malformed or names a missing file or directory.</exception>
    public static void Data(string option, string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var parsed = Check(option, () => DatasetSpec.Parse(spec, name => name == "csv"));
        if (parsed.Name == "csv" && !string.IsNullOrWhiteSpace(parsed.Path))
        {
            string path = parsed.Path;
            if (Directory.Exists(path))
            {
                throw new UsageException($"--{option}: \"{path}\" is a directory; give a CSV file, as in csv:{Path.Combine(path, "data.csv")}");
            }

            if (!File.Exists(path))
            {
                throw new UsageException($"--{option}: CSV file \"{path}\" does not exist" +
                    (Path.IsPathRooted(path) ? "" : $" (relative paths start at {Directory.GetCurrentDirectory()})"));
            }
        }

        if (parsed.Keys.Contains("dir") && parsed.GetString("dir") is { } dir && !Directory.Exists(dir))
        {
            throw new UsageException(File.Exists(dir)
                ? $"--{option}: dir=\"{dir}\" is a file; give the directory that holds the IDX files"
                : $"--{option}: directory \"{dir}\" (dir=) does not exist");
        }
    }

    /// <summary>Resolves a function option: a named test function (in <paramref name="dimension"/> when it has any) or an expression.</summary>
    /// <exception cref="UsageException">An unknown name or a malformed expression.</exception>
    public static IObjective Function(string option, string text, int? dimension = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Check(option, () =>
        {
            var name = text.Trim();
            return dimension is int d && TestFunctions.Contains(name) && TestFunctions.Get(name).AnyDimension
                ? TestFunctions.Get(name, d)
                : Objectives.Resolve(text);
        });
    }

    /// <summary>
    /// One line of a library message for the terminal: its first line, without the <c> (Parameter 'x')</c> that
    /// <see cref="ArgumentException"/> appends (the user never typed that name).
    /// </summary>
    public static string OneLine(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        int i = message.IndexOfAny(['\r', '\n']);
        var line = i < 0 ? message : message[..i];
        return ParameterSuffix().Replace(line, "");
    }

    /// <summary>Runs a library call, turning its <see cref="ArgumentException"/> into a usage error that names the option.</summary>
    /// <exception cref="UsageException">The call rejected the value.</exception>
    public static T Check<T>(string option, Func<T> check)
    {
        ArgumentNullException.ThrowIfNull(check);
        try
        {
            return check();
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"--{option}: {OneLine(e.Message)}", e);
        }
    }

    /// <summary>Runs a library check, turning its <see cref="ArgumentException"/> into a usage error that names the option.</summary>
    /// <exception cref="UsageException">The check rejected the value.</exception>
    public static void Check(string option, Action check) => Check(option, () =>
    {
        check();
        return 0;
    });

    [GeneratedRegex(@"\s*\(Parameter '[^']*'\)$")]
    private static partial Regex ParameterSuffix();
}
