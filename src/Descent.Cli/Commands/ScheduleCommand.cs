using Descent.Plotting;
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
        string? outPath = args.OutputFile("out");
        string? plotPath = args.OutputFile("plot", ".svg", ".png");
        args.RejectUnknown();
        var schedule = CliSpecs.Check("schedule", () => ScheduleRegistry.Create(specText));
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

            var chart = new LineChart
            {
                Title = $"{specText} (base lr {baseLr.ToString("R", CultureInfo.InvariantCulture)})",
                XLabel = "step",
                YLabel = "learning rate",
                Legend = LegendPosition.None,
            };
            chart.Add(specText, xs, values).Step = StepMode.Post;
            chart.Save(plotPath);
        }

        if (outPath != null)
        {
            OutputFiles.WriteText(outPath, csv.ToString());
        }
        else
        {
            output.Write(csv.ToString());
        }

        return 0;
    }
}
