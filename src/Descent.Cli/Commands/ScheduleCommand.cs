using System.Globalization;
using System.Text;
using Descent.Schedules;

namespace Descent.Cli;

/// <summary>
/// <c>descent schedule</c>: the value of a learning-rate schedule after 0…N scheduler steps, as CSV (<c>step,lr</c>), and optionally
/// an SVG chart of it.
/// </summary>
public sealed class ScheduleCommand : ICommand
{
    /// <summary>The largest <c>--steps</c> accepted (the CSV has one row per step).</summary>
    public const int MaxSteps = 10_000_000;

    /// <summary>
    /// Renders the chart for <c>--plot</c>: (title, steps, values) → SVG document. Null in a build without the chart library, in which
    /// case <c>--plot</c> fails with a usage error.
    /// </summary>
    public static Func<string, double[], double[], string>? PlotRenderer { get; set; }

    /// <inheritdoc/>
    public string Name => "schedule";

    /// <inheritdoc/>
    public string Summary => "print a learning-rate schedule step by step (CSV) or plot it";

    /// <inheritdoc/>
    public string Usage =>
        """
        descent schedule --schedule SPEC --lr BASE --steps N [--out FILE.csv] [--plot FILE.svg]

          --schedule SPEC  NAME or NAME:key=value,... (lists a;b;c, booleans true/false), e.g. cosine:t_max=100,warmup=10;
                           'descent schedules' lists every schedule with its formula and keys
          --lr BASE        the starting value (the optimizer's lr); one-cycle and cyclic set their own range
          --steps N        number of scheduler steps; rows k = 0..N give the value after k steps (row 0 is what the
                           first optimizer step uses)
          --out FILE.csv   write the CSV there instead of standard output
          --plot FILE.svg  also draw the schedule as an SVG chart
        """;

    /// <inheritdoc/>
    public int Run(CliArgs args, TextWriter output, TextWriter err)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        string specText = args.Required("schedule", "a schedule spec such as cosine:t_max=100; 'descent schedules' lists them");
        if (!args.Has("lr"))
        {
            throw new UsageException("--lr is required (the starting value of the schedule, e.g. --lr 0.1)");
        }

        double baseLr = args.Double("lr", 0, min: 0);
        if (!args.Has("steps"))
        {
            throw new UsageException("--steps is required (the number of scheduler steps to print, e.g. --steps 100)");
        }

        int steps = args.Int("steps", 0, min: 0, max: MaxSteps);
        string? outPath = args.String("out");
        string? plotPath = args.String("plot");
        args.RejectUnknown();

        if (outPath != null)
        {
            CheckOutputPath("out", outPath, null);
        }

        if (plotPath != null)
        {
            CheckOutputPath("plot", plotPath, ".svg");
            if (PlotRenderer == null)
            {
                throw new UsageException("--plot: plotting is not available in this build");
            }
        }

        var schedule = ScheduleRegistry.Create(specText);
        if (steps > schedule.MaxStep)
        {
            throw new UsageException(
                $"--steps {steps} goes past the last step of {specText} ({schedule.MaxStep}); use --steps {schedule.MaxStep} or lengthen the schedule");
        }

        var values = schedule.Simulate(baseLr, steps);
        var csv = new StringBuilder(16 + values.Length * 24);
        csv.Append("step,lr\n");
        for (int k = 0; k < values.Length; k++)
        {
            csv.Append(k.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(values[k].ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        }

        if (plotPath != null)
        {
            var xs = new double[values.Length];
            for (int k = 0; k < xs.Length; k++)
            {
                xs[k] = k;
            }

            string title = $"{specText} (lr {baseLr.ToString("R", CultureInfo.InvariantCulture)})";
            WriteAtomically(plotPath, PlotRenderer!(title, xs, values));
        }

        if (outPath != null)
        {
            WriteAtomically(outPath, csv.ToString());
        }
        else
        {
            output.Write(csv.ToString());
        }

        return 0;
    }

    private static void CheckOutputPath(string option, string path, string? extension)
    {
        if (path.Trim().Length == 0)
        {
            throw new UsageException($"--{option}: expected a file name");
        }

        if (extension != null && !path.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
        {
            throw new UsageException($"--{option}: the file name must end in {extension}, got \"{path}\"");
        }

        string full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            throw new UsageException($"--{option}: \"{path}\" is a directory; give a file name");
        }

        string? directory = Path.GetDirectoryName(full);
        if (directory != null && !Directory.Exists(directory))
        {
            throw new UsageException($"--{option}: directory \"{directory}\" does not exist");
        }
    }

    /// <summary>Writes to a temporary file next to <paramref name="path"/>, then renames it, so a reader never sees half a file.</summary>
    private static void WriteAtomically(string path, string content)
    {
        string full = Path.GetFullPath(path);
        string temp = Path.Combine(Path.GetDirectoryName(full) ?? ".", $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllText(temp, content, new UTF8Encoding(false));
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }
}
