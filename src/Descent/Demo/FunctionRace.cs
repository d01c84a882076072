using System.Diagnostics;
using Descent.Analysis;
using Descent.Functions;
using Descent.Plotting;

namespace Descent.Demo;

/// <summary>One optimizer's run in a <see cref="FunctionRace"/>.</summary>
public sealed class FunctionRaceEntry
{
    internal FunctionRaceEntry(string spec, TrajectoryResult trajectory, TimeSpan elapsed, double[]? distances, int? stepsToTolerance)
    {
        Spec = spec;
        Trajectory = trajectory;
        Elapsed = elapsed;
        Distances = distances;
        StepsToTolerance = stepsToTolerance;
    }

    /// <summary>The optimizer spec as given (the legend label).</summary>
    public string Spec { get; }

    /// <summary>The recorded path: row k is the state after k steps.</summary>
    public TrajectoryResult Trajectory { get; }

    /// <summary>Wall-clock time of the run.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>The distance from each row's point to the nearest known minimum, or null when the function lists none.</summary>
    public IReadOnlyList<double>? Distances { get; }

    /// <summary>The first step at which the loss gap reached the race's tolerance, or null if it never did.</summary>
    public int? StepsToTolerance { get; }

    /// <summary>The loss after the last step taken.</summary>
    public double FinalLoss => Trajectory.Points[^1].Loss;

    /// <summary>The point after the last step taken.</summary>
    public IReadOnlyList<double> FinalPoint => Trajectory.Points[^1].Point;

    /// <summary>Why the run ended early (it diverged), or null.</summary>
    public string? Diverged => Trajectory.StoppedEarly;
}

/// <summary>The outcome of <see cref="FunctionRace.Run"/>.</summary>
public sealed class FunctionRaceResult
{
    internal FunctionRaceResult(IObjective objective, double[] start, string? schedule, int steps, double tolerance, List<FunctionRaceEntry> entries)
    {
        Objective = objective;
        Start = start;
        Schedule = schedule;
        Steps = steps;
        Tolerance = tolerance;
        Entries = entries;
    }

    /// <summary>The function raced on.</summary>
    public IObjective Objective { get; }

    /// <summary>The common start point.</summary>
    public IReadOnlyList<double> Start { get; }

    /// <summary>The schedule every optimizer ran under, or null.</summary>
    public string? Schedule { get; }

    /// <summary>The steps each optimizer was given.</summary>
    public int Steps { get; }

    /// <summary>The loss gap that counts as arrived (see <see cref="FunctionRace.Gap"/>).</summary>
    public double Tolerance { get; }

    /// <summary>One entry per optimizer, in the order given.</summary>
    public IReadOnlyList<FunctionRaceEntry> Entries { get; }
}

/// <summary>
/// Optimizers raced on a function from one start point: every path on one contour plot, the loss against the step on a log
/// scale, the distance to the nearest known minimum, and a table (final loss, steps to reach a tolerance, time). This is the
/// library side of <c>descent compare --function</c> and lecture 003's "four optimizers compared" figure.
/// </summary>
public static class FunctionRace
{
    /// <summary>The default arrival tolerance on the loss gap.</summary>
    public const double DefaultTolerance = 1e-6;

    /// <summary>Runs every optimizer for <paramref name="steps"/> steps from <paramref name="start"/> and measures them.</summary>
    /// <param name="objective">The function.</param>
    /// <param name="start">The start point, one coordinate per dimension.</param>
    /// <param name="optimizerSpecs">Optimizer specs such as <c>adam:lr=0.1</c>.</param>
    /// <param name="scheduleSpec">A schedule every optimizer runs under (one scheduler step per optimizer step), or null.</param>
    /// <param name="steps">Steps per optimizer.</param>
    /// <param name="dtype">The precision of the runs.</param>
    /// <param name="tolerance">The loss gap that counts as arrived.</param>
    /// <exception cref="ArgumentException">No optimizer, an invalid spec or schedule, or a start point of the wrong length.</exception>
    public static FunctionRaceResult Run(
        IObjective objective,
        IReadOnlyList<double> start,
        IReadOnlyList<string> optimizerSpecs,
        string? scheduleSpec,
        int steps,
        DType dtype = DType.Float64,
        double tolerance = DefaultTolerance)
    {
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(optimizerSpecs);
        if (optimizerSpecs.Count == 0)
        {
            throw new ArgumentException("a race needs at least one optimizer spec", nameof(optimizerSpecs));
        }

        if (!(tolerance > 0))
        {
            throw new ArgumentException($"the tolerance must be positive, got {DemoText.R(tolerance)}", nameof(tolerance));
        }

        // A few throwaway steps per optimizer first, so that the timings do not charge the first run for compiling shared code.
        foreach (var spec in optimizerSpecs)
        {
            Trajectories.Record(objective, start, spec, scheduleSpec, Math.Min(steps, 2), dtype);
        }

        var entries = new List<FunctionRaceEntry>(optimizerSpecs.Count);
        foreach (var spec in optimizerSpecs)
        {
            var clock = Stopwatch.StartNew();
            var trajectory = Trajectories.Record(objective, start, spec, scheduleSpec, steps, dtype);
            clock.Stop();
            double[]? distances = objective.KnownMinima.Count == 0
                ? null
                : trajectory.Points.Select(p => NearestMinimumDistance(objective, p.Point)).ToArray();
            int? arrived = trajectory.Points.FirstOrDefault(p => Gap(objective, p.Loss) <= tolerance)?.Step;
            entries.Add(new FunctionRaceEntry(spec, trajectory, clock.Elapsed, distances, arrived));
        }

        return new FunctionRaceResult(objective, [.. start], scheduleSpec, steps, tolerance, entries);
    }

    /// <summary>
    /// How far a loss is from the best possible: f − f* when the function's minimum value f* is known, else f itself (so the
    /// tolerance then reads "f ≤ tolerance").
    /// </summary>
    public static double Gap(IObjective objective, double loss)
    {
        ArgumentNullException.ThrowIfNull(objective);
        return objective.MinimumValue is double best ? loss - best : loss;
    }

    /// <summary>The Euclidean distance from <paramref name="point"/> to the nearest of the function's known minima (∞ when it lists none).</summary>
    public static double NearestMinimumDistance(IObjective objective, IReadOnlyList<double> point)
    {
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentNullException.ThrowIfNull(point);
        double best = double.PositiveInfinity;
        foreach (var m in objective.KnownMinima)
        {
            double s = 0;
            for (int i = 0; i < m.Count; i++)
            {
                double d = point[i] - m[i];
                s += d * d;
            }

            best = Math.Min(best, Math.Sqrt(s));
        }

        return best;
    }

    /// <summary>The series colour of the <paramref name="index"/>-th optimizer, the same in every figure of a race.</summary>
    public static Color ColorOf(int index) => Palette.ForSeries(index);

    /// <summary>
    /// Every path over the function's contours (2-D functions only), with the known minima starred. The view is the function's
    /// plot range widened to take in the paths, but never more than three times as wide, so one diverging path cannot squash
    /// the others (it leaves the picture instead).
    /// </summary>
    /// <exception cref="ArgumentException">The function is not 2-D.</exception>
    /// <param name="race">The race.</param>
    /// <param name="title">The title, or null for one naming the function, the steps and the start.</param>
    /// <param name="view">The region to show, or null to choose it from the function's plot range and the paths.</param>
    public static ContourPlot PathsFigure(FunctionRaceResult race, string? title = null, PlotRange? view = null)
    {
        ArgumentNullException.ThrowIfNull(race);
        var plot = Contour(race, view);
        plot.Title = title ?? $"{race.Entries.Count} optimizers on {race.Objective.Formula}, {race.Steps} steps from {DemoText.Point(race.Start)}";
        plot.Width = 720;
        plot.Height = 520;
        for (int i = 0; i < race.Entries.Count; i++)
        {
            AddPath(plot, race.Entries[i], ColorOf(i));
        }

        return plot;
    }

    /// <summary>
    /// One small contour plot per optimizer, in a grid, so paths that overlap on the combined plot can be told apart.
    /// </summary>
    /// <exception cref="ArgumentException">The function is not 2-D.</exception>
    public static SmallMultiples PanelsFigure(FunctionRaceResult race, string? title = null, PlotRange? view = null, int columns = 2)
    {
        ArgumentNullException.ThrowIfNull(race);
        var grid = new SmallMultiples(Math.Clamp(columns, 1, Math.Max(1, race.Entries.Count)))
        {
            Title = title ?? $"Each optimizer's path on {race.Objective.Formula}",
            CellWidth = 440,
            CellHeight = 330,
        };
        for (int i = 0; i < race.Entries.Count; i++)
        {
            var e = race.Entries[i];
            var plot = Contour(race, view, labelMinima: false);
            plot.Title = $"{e.Spec}: f = {DemoText.G(e.FinalLoss, 3)} after {e.Trajectory.Points[^1].Step} steps";
            plot.ShowColorBar = false;
            plot.Legend = LegendPosition.None;
            AddPath(plot, e, ColorOf(i));
            grid.Add(plot);
        }

        return grid;
    }

    private static ContourPlot Contour(FunctionRaceResult race, PlotRange? view, bool labelMinima = true)
    {
        var f = race.Objective;
        if (f.Dimension != 2)
        {
            throw new ArgumentException($"a contour plot needs a 2-D function, but {f.Name} has {f.Dimension} dimensions", nameof(race));
        }

        var (xmin, xmax, ymin, ymax) = view is { } v ? (v.XMin, v.XMax, v.YMin, v.YMax) : View(race);
        var plot = new ContourPlot((a, b) => f.Value([a, b]), xmin, xmax, ymin, ymax)
        {
            XLabel = "x",
            YLabel = "y",
            ColorBarLabel = "f(x, y)",
        };
        foreach (var m in f.KnownMinima)
        {
            if (m[0] >= xmin && m[0] <= xmax && m[1] >= ymin && m[1] <= ymax)
            {
                plot.AddMinimum(m[0], m[1], labelMinima && f.KnownMinima.Count == 1 ? "minimum" : null);
            }
        }

        return plot;
    }

    private static void AddPath(ContourPlot plot, FunctionRaceEntry entry, Color color)
    {
        var points = entry.Trajectory.Points;
        var t = plot.AddTrajectory(entry.Spec, points.Select(p => p.Point[0]).ToArray(), points.Select(p => p.Point[1]).ToArray(), color);

        // Dots show the step lengths of a short path; on a long one they merge into a thick smear.
        t.ShowPoints = points.Count <= 120;
    }

    /// <summary>The loss gap (f − f*, or f when f* is unknown) against the step, on a log scale when every value is positive.</summary>
    public static LineChart LossFigure(FunctionRaceResult race, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(race);
        var f = race.Objective;
        bool gap = f.MinimumValue != null;
        var series = race.Entries.Select(e => e.Trajectory.Points.Select(p => Gap(f, p.Loss)).ToArray()).ToList();
        bool log = series.SelectMany(s => s).Where(double.IsFinite).Any(v => v > 0) && series.SelectMany(s => s).Where(double.IsFinite).All(v => v >= 0);
        var chart = new LineChart
        {
            Title = title ?? (gap ? "Loss gap f − f* against the step" : "Loss against the step"),
            XLabel = "step",
            YLabel = gap ? "f(x) − f*" : "f(x)",
            LogY = log,
            Width = 720,
            Height = 420,
        };
        for (int i = 0; i < race.Entries.Count; i++)
        {
            var points = race.Entries[i].Trajectory.Points;

            // A gap of exactly 0 (an optimizer landing on the minimum) has no place on a log axis; the line ends there.
            var y = series[i].Select(v => log && v <= 0 ? double.NaN : v).ToArray();
            chart.Add(race.Entries[i].Spec, points.Select(p => (double)p.Step).ToArray(), y).Color = ColorOf(i);
        }

        if (log)
        {
            chart.AddHorizontalLine(race.Tolerance, $"tolerance {DemoText.G(race.Tolerance)}", new Color(0x55, 0x55, 0x55));
            LimitLogRange(chart, series.SelectMany(v => v), race.Entries.Select(e => Gap(f, e.Trajectory.Points[0].Loss)), race.Tolerance * 1e-6);
        }

        return chart;
    }

    /// <summary>The distance to the nearest known minimum against the step (log scale), or null when the function lists no minimum.</summary>
    public static LineChart? DistanceFigure(FunctionRaceResult race, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(race);
        if (race.Entries.Any(e => e.Distances == null))
        {
            return null;
        }

        bool log = race.Entries.SelectMany(e => e.Distances!).Where(double.IsFinite).Any(v => v > 0);
        var chart = new LineChart
        {
            Title = title ?? "Distance to the nearest known minimum",
            XLabel = "step",
            YLabel = "‖x − x*‖",
            LogY = log,
            Width = 720,
            Height = 420,
        };
        for (int i = 0; i < race.Entries.Count; i++)
        {
            var e = race.Entries[i];
            var y = e.Distances!.Select(v => log && v <= 0 ? double.NaN : v).ToArray();
            chart.Add(e.Spec, e.Trajectory.Points.Select(p => (double)p.Step).ToArray(), y).Color = ColorOf(i);
        }

        if (log)
        {
            var starts = race.Entries.Select(e => e.Distances![0]).ToList();
            LimitLogRange(chart, race.Entries.SelectMany(e => e.Distances!), starts, starts.Where(v => v > 0).DefaultIfEmpty(1).Min() * 1e-12);
        }

        return chart;
    }

    /// <summary>
    /// Keeps a log axis readable: at most six decades above the largest starting value (a diverging run leaves through the top)
    /// and nothing below <paramref name="floor"/> (a run that reaches the minimum exactly, or underflows, leaves through the bottom).
    /// </summary>
    private static void LimitLogRange(LineChart chart, IEnumerable<double> values, IEnumerable<double> starts, double floor)
    {
        var finite = values.Where(v => double.IsFinite(v) && v > 0).ToList();
        if (finite.Count == 0)
        {
            return;
        }

        double top = starts.Where(v => double.IsFinite(v) && v > 0).DefaultIfEmpty(finite.Max()).Max() * 1e6;
        if (finite.Max() > top)
        {
            chart.YMax = top;
        }

        if (finite.Min() < floor && floor < (chart.YMax ?? finite.Max()))
        {
            chart.YMin = floor;
        }
    }

    /// <summary>The summary table: one row per optimizer.</summary>
    /// <param name="race">The race.</param>
    /// <param name="includeTime">Add the wall-clock column (leave it out where the output must be reproducible).</param>
    public static (string[] Header, List<string[]> Rows) Table(FunctionRaceResult race, bool includeTime = true)
    {
        ArgumentNullException.ThrowIfNull(race);
        bool gap = race.Objective.MinimumValue != null;
        bool distance = race.Entries.All(e => e.Distances != null);
        var header = new List<string> { "optimizer", "final loss" };
        if (distance)
        {
            header.Add("distance to minimum");
        }

        header.AddRange([gap ? $"steps to f − f* ≤ {DemoText.G(race.Tolerance)}" : $"steps to f ≤ {DemoText.G(race.Tolerance)}", "final point"]);
        if (includeTime)
        {
            header.Add("time (ms)");
        }

        var rows = new List<string[]>();
        foreach (var e in race.Entries)
        {
            var row = new List<string> { e.Spec, DemoText.G(e.FinalLoss, 6) };
            if (distance)
            {
                row.Add(DemoText.G(e.Distances![^1], 4));
            }

            row.Add(e.StepsToTolerance is int s ? DemoText.I(s) : e.Diverged != null ? "diverged" : $"not within {race.Steps}");
            row.Add(DemoText.Point(e.FinalPoint));
            if (includeTime)
            {
                row.Add(DemoText.Ms(e.Elapsed));
            }

            rows.Add([.. row]);
        }

        return ([.. header], rows);
    }

    /// <summary>One line per optimizer for a terminal: final loss, steps to the tolerance, time.</summary>
    public static string SummaryLine(FunctionRaceResult race, FunctionRaceEntry entry)
    {
        ArgumentNullException.ThrowIfNull(race);
        ArgumentNullException.ThrowIfNull(entry);
        var arrived = entry.StepsToTolerance is int s
            ? $"reached {DemoText.G(race.Tolerance)} at step {s}"
            : entry.Diverged != null ? entry.Diverged : $"did not reach {DemoText.G(race.Tolerance)} in {race.Steps} steps";
        var distance = entry.Distances != null ? $", {DemoText.G(entry.Distances[^1], 3)} from the minimum" : "";
        return $"{entry.Spec}: final loss {DemoText.G(entry.FinalLoss, 6)}{distance}; {arrived}; {DemoText.Ms(entry.Elapsed)} ms";
    }

    /// <summary>The whole comparison as a report: paths, loss, distance, table and the command that made it.</summary>
    public static HtmlReport Report(FunctionRaceResult race, string? command = null)
    {
        ArgumentNullException.ThrowIfNull(race);
        var f = race.Objective;
        var report = new HtmlReport($"Optimizers compared on {f.Formula}")
        {
            Intro = $"{race.Entries.Count} optimizers, {race.Steps} steps each from {DemoText.Point(race.Start)}" +
                (race.Schedule != null ? $", learning rate scheduled by `{race.Schedule}`" : "") + $". {f.Description}",
            Footer = "Made by Descent (descent compare). Every path starts at the same point; row k of a path is the state after k steps.",
        };
        if (f.Dimension == 2)
        {
            var paths = report.AddSection("Paths").AddFigure(PathsFigure(race),
                "Each optimizer's path over the contours of f (darker is lower). Circle: start; square: end; arrow: direction of travel; star: known minimum.");
            if (race.Entries.Count is > 1 and <= 8)
            {
                paths.AddFigure(PanelsFigure(race), "The same paths, one panel per optimizer, for where they overlap.");
            }
        }

        var lossSection = report.AddSection("Loss");
        lossSection.AddFigure(LossFigure(race), f.MinimumValue != null
            ? $"f − f* with f* = {DemoText.R(f.MinimumValue.Value)}, against the step. The dashed line is the arrival tolerance."
            : "f against the step (the function's minimum value is not known, so the loss itself is shown).");
        var distance = DistanceFigure(race);
        if (distance != null)
        {
            report.AddSection("Distance to the minimum").AddFigure(distance, "Euclidean distance from each iterate to the nearest known minimum.");
        }

        var (header, rows) = Table(race);
        var summary = report.AddSection("Summary").AddTable(header, rows);
        var diverged = race.Entries.Where(e => e.Diverged != null).ToList();
        if (diverged.Count > 0)
        {
            summary.AddParagraph(string.Join(" ", diverged.Select(e => $"`{e.Spec}` {e.Diverged}.")));
        }

        if (command != null)
        {
            summary.AddCode(command);
        }

        return report;
    }

    private static (double XMin, double XMax, double YMin, double YMax) View(FunctionRaceResult race)
    {
        var f = race.Objective;
        var pts = race.Entries.SelectMany(e => e.Trajectory.Points).Select(p => p.Point).Where(p => double.IsFinite(p[0]) && double.IsFinite(p[1])).ToList();
        pts.Add([race.Start[0], race.Start[1]]);
        pts.AddRange(f.KnownMinima.Select(m => new[] { m[0], m[1] }));
        double xmin = pts.Min(p => p[0]), xmax = pts.Max(p => p[0]), ymin = pts.Min(p => p[1]), ymax = pts.Max(p => p[1]);
        if (f.PlotRange is { } r)
        {
            // Limit the view to three times the plot range around its centre: a diverging path leaves the picture.
            double cx = (r.XMin + r.XMax) / 2, cy = (r.YMin + r.YMax) / 2, wx = (r.XMax - r.XMin) * 1.5, wy = (r.YMax - r.YMin) * 1.5;
            xmin = Math.Max(Math.Min(xmin, r.XMin), cx - wx);
            xmax = Math.Min(Math.Max(xmax, r.XMax), cx + wx);
            ymin = Math.Max(Math.Min(ymin, r.YMin), cy - wy);
            ymax = Math.Min(Math.Max(ymax, r.YMax), cy + wy);
            return (xmin, xmax, ymin, ymax);
        }

        // No preferred range: frame the paths, limited around the start so one diverging path cannot take over.
        double span = Math.Max(Math.Max(xmax - xmin, ymax - ymin), 1e-3);
        double limit = Math.Max(10 * Math.Max(Math.Abs(race.Start[0]), Math.Abs(race.Start[1])), 10);
        span = Math.Min(span, limit);
        double padX = Math.Max(0.08 * (xmax - xmin), 0.05 * span), padY = Math.Max(0.08 * (ymax - ymin), 0.05 * span);
        xmin = Math.Max(xmin - padX, race.Start[0] - limit);
        xmax = Math.Min(xmax + padX, race.Start[0] + limit);
        ymin = Math.Max(ymin - padY, race.Start[1] - limit);
        ymax = Math.Min(ymax + padY, race.Start[1] + limit);
        return (xmin, xmax, ymin, ymax);
    }
}
