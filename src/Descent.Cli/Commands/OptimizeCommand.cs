using System.Globalization;
using System.Text;
using Descent.Analysis;
using Descent.Functions;
using Descent.Plotting;

namespace Descent.Cli;

/// <summary><c>descent optimize</c>: run one optimizer on a function and print its path as CSV.</summary>
public sealed class OptimizeCommand : ICommand
{
    /// <summary>The largest <c>--steps</c> accepted.</summary>
    public const int MaxSteps = 10_000_000;

    /// <inheritdoc/>
    public string Name => "optimize";

    /// <inheritdoc/>
    public string Summary => "run an optimizer on a function and print its path (CSV), optionally plotted";

    /// <inheritdoc/>
    public string Usage => """
        descent optimize --function F --start=X0,X1,... --optimizer SPEC [--schedule SPEC] [--steps N] [--dtype float64|float32]
                         [--out FILE.csv] [--plot FILE.svg]

          --function F     a named test function (descent functions) or an expression in x, y, z, x0..x99
          --start=...      the start point, comma-separated (write --start=-1.5,2 for negative numbers);
                           optional for named functions, which have a default start
          --optimizer SPEC name or name:key=value,... (descent optimizers lists them)
          --schedule SPEC  a learning-rate schedule, one scheduler step per optimizer step (descent schedules)
          --steps N        optimizer steps (default 100)
          --dtype          float64 (default) or float32
          --out FILE.csv   write the CSV there instead of standard output
          --plot FILE.svg  draw the path: a contour plot for 2-D functions, else the loss per step (.svg or .png)

        CSV columns: step,lr,loss,x0,...; row k is the state after k steps (row 0 is the start) and lr is the rate the next step uses.
        """;

    /// <inheritdoc/>
    public int Run(CliArgs args, TextWriter output, TextWriter err)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(err);
        string function = args.Required("function", "a named function such as rosenbrock, or an expression such as \"(1 - x*y)^2\"");
        var start = args.Numbers("start");
        string optimizerSpec = args.Required("optimizer", "an optimizer spec such as gd:lr=0.01 or adam:lr=0.1");
        string? scheduleSpec = args.String("schedule");
        int steps = args.Int("steps", 100, min: 0, max: MaxSteps);
        DType dtype = args.Choice("dtype", "float64", "float32") == "float32" ? DType.Float32 : DType.Float64;
        string? outPath = args.OutputFile("out");
        string? plotPath = args.OutputFile("plot", ".svg", ".png");
        args.RejectUnknown();
        CliSpecs.Optimizer("optimizer", optimizerSpec);
        if (scheduleSpec != null)
        {
            CliSpecs.Schedule("schedule", scheduleSpec);
        }

        // Any-dimension functions (quadratic, rosenbrock, rastrigin, ackley) take their dimension from the start point.
        bool named = TestFunctions.Contains(function.Trim());
        var objective = CliSpecs.Function("function", function, start?.Length);
        if (start == null)
        {
            if (!named)
            {
                throw new UsageException($"--start is required for an expression (give its {objective.Dimension} coordinate{(objective.Dimension == 1 ? "" : "s")}, e.g. --start={string.Join(',', Enumerable.Repeat("1", objective.Dimension))})");
            }

            start = objective.DefaultStart.ToArray();
        }
        else if (start.Length != objective.Dimension)
        {
            throw new UsageException($"--start: expected {objective.Dimension} comma-separated numbers for {objective.Name}, got {start.Length} (\"{string.Join(',', start.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))}\")");
        }

        var result = Trajectories.Record(objective, start, optimizerSpec, scheduleSpec, steps, dtype);
        var csv = ToCsv(result);
        if (plotPath != null)
        {
            Plot(objective, result, optimizerSpec).Save(plotPath);
        }

        if (outPath != null)
        {
            OutputFiles.WriteText(outPath, csv);
        }
        else
        {
            output.Write(csv);
        }

        if (result.StoppedEarly != null)
        {
            err.WriteLine($"descent optimize: warning: {result.StoppedEarly}");
        }

        return 0;
    }

    /// <summary>The CSV of a path: <c>step,lr,loss,x0,...</c>, numbers shortest round-trip in the run's precision.</summary>
    public static string ToCsv(TrajectoryResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        int n = result.Points.Count > 0 ? result.Points[0].Point.Length : 0;
        var sb = new StringBuilder("step,lr,loss");
        for (int i = 0; i < n; i++)
        {
            sb.Append(",x").Append(i.ToString(CultureInfo.InvariantCulture));
        }

        sb.Append('\n');
        foreach (var p in result.Points)
        {
            sb.Append(p.Step.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(Format(p.LearningRate, DType.Float64)).Append(',')
                .Append(Format(p.Loss, result.DType));
            foreach (var v in p.Point)
            {
                sb.Append(',').Append(Format(v, result.DType));
            }

            sb.Append('\n');
        }

        return sb.ToString();
    }

    private static string Format(double v, DType dtype) =>
        dtype == DType.Float32 ? ((float)v).ToString("R", CultureInfo.InvariantCulture) : v.ToString("R", CultureInfo.InvariantCulture);

    private static Chart Plot(IObjective objective, TrajectoryResult result, string optimizerSpec)
    {
        var points = result.Points;
        if (objective.Dimension == 2)
        {
            var range = objective.PlotRange;
            double xmin = points.Min(p => p.Point[0]), xmax = points.Max(p => p.Point[0]);
            double ymin = points.Min(p => p.Point[1]), ymax = points.Max(p => p.Point[1]);
            if (range is { } r)
            {
                (xmin, xmax, ymin, ymax) = (Math.Min(xmin, r.XMin), Math.Max(xmax, r.XMax), Math.Min(ymin, r.YMin), Math.Max(ymax, r.YMax));
            }

            double padX = Math.Max(1e-3, (xmax - xmin) * 0.08), padY = Math.Max(1e-3, (ymax - ymin) * 0.08);
            var contour = new ContourPlot((a, b) => objective.Value([a, b]), xmin - padX, xmax + padX, ymin - padY, ymax + padY)
            {
                Title = $"{optimizerSpec} on {objective.Formula}",
                XLabel = "x",
                YLabel = "y",
                ColorBarLabel = "f(x, y)",
            };
            foreach (var m in objective.KnownMinima)
            {
                contour.AddMinimum(m[0], m[1], "minimum");
            }

            contour.AddTrajectory(optimizerSpec, points.Select(p => p.Point[0]).ToArray(), points.Select(p => p.Point[1]).ToArray());
            return contour;
        }

        var chart = new LineChart
        {
            Title = $"{optimizerSpec} on {objective.Formula}",
            XLabel = "step",
            YLabel = "f(x)",
            LogY = points.All(p => p.Loss > 0),
            Legend = LegendPosition.None,
        };
        chart.Add(optimizerSpec, points.Select(p => (double)p.Step).ToArray(), points.Select(p => p.Loss).ToArray());
        return chart;
    }
}
