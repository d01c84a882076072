namespace Descent.Plotting;

/// <summary>
/// Lines over a shared x axis: loss curves, learning-rate schedules, metrics. Points with a NaN or infinite coordinate (or a
/// non-positive one on a log axis) are not drawn and break the line, so a diverged run shows as a line that stops.
/// </summary>
/// <example>
/// <code>
/// var chart = new LineChart { Title = "Training loss", XLabel = "step", YLabel = "loss", LogY = true };
/// chart.Add("SGD", steps, sgdLoss);
/// chart.Add("Adam", steps, adamLoss).Dashed = true;
/// chart.Save("loss.svg");
/// </code>
/// </example>
public sealed class LineChart : XYChart
{
    private readonly List<LineSeries> _series = [];
    private readonly List<Band> _bands = [];

    /// <summary>The series in drawing order.</summary>
    public IReadOnlyList<LineSeries> Series => _series;

    /// <summary>Adds a series with the given x and y values (copied).</summary>
    /// <exception cref="ArgumentException">The arrays differ in length.</exception>
    public LineSeries Add(string name, IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count != y.Count)
        {
            throw new ArgumentException($"Series '{name}' has {x.Count} x values but {y.Count} y values; pass arrays of equal length.", nameof(y));
        }

        var s = new LineSeries(name, [.. x], [.. y]);
        _series.Add(s);
        return s;
    }

    /// <summary>Adds a series plotted against its index (x = 0, 1, 2, …).</summary>
    public LineSeries Add(string name, IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(y);
        return Add(name, Enumerable.Range(0, y.Count).Select(i => (double)i).ToArray(), y);
    }

    /// <summary>
    /// Adds a shaded band between <paramref name="lower"/> and <paramref name="upper"/> (e.g. mean ± one standard deviation
    /// over seeds), drawn under the lines. With a <paramref name="name"/> it gets a legend entry.
    /// </summary>
    public void AddBand(IReadOnlyList<double> x, IReadOnlyList<double> lower, IReadOnlyList<double> upper, Color? color = null, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(lower);
        ArgumentNullException.ThrowIfNull(upper);
        if (lower.Count != x.Count || upper.Count != x.Count)
        {
            throw new ArgumentException($"Band has {x.Count} x values, {lower.Count} lower and {upper.Count} upper values; pass arrays of equal length.", nameof(upper));
        }

        _bands.Add(new Band([.. x], [.. lower], [.. upper], color ?? Palette.ForSeries(_bands.Count), name));
    }

    internal override string Summary() =>
        _series.Count == 0 ? "Empty line chart" : $"Line chart of {_series.Count} series ({string.Join(", ", _series.Select(s => s.Name))})";

    internal override (double Min, double Max) DataRangeX()
    {
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        foreach (var (xs, ys) in AllXY())
        {
            for (int i = 0; i < xs.Length; i++)
            {
                if (ValidX(xs[i]) && ValidY(ys[i]))
                {
                    lo = Math.Min(lo, xs[i]);
                    hi = Math.Max(hi, xs[i]);
                }
            }
        }

        return double.IsFinite(lo) ? (lo, hi) : (double.NaN, double.NaN);
    }

    internal override (double Min, double Max) DataRangeY(double xMin, double xMax)
    {
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        foreach (var (xs, ys) in AllXY())
        {
            for (int i = 0; i < xs.Length; i++)
            {
                if (ValidX(xs[i]) && ValidY(ys[i]) && xs[i] >= xMin && xs[i] <= xMax)
                {
                    lo = Math.Min(lo, ys[i]);
                    hi = Math.Max(hi, ys[i]);
                }
            }
        }

        return double.IsFinite(lo) ? (lo, hi) : (double.NaN, double.NaN);
    }

    internal override void DrawData(Canvas c, Axis x, Axis y, Rect plot)
    {
        foreach (var b in _bands)
        {
            DrawBand(c, b, x, y);
        }

        for (int k = 0; k < _series.Count; k++)
        {
            var s = _series[k];
            var color = ColorOf(k);
            using (c.Group("series", label: s.Name))
            {
                if (s.LineWidth > 0)
                {
                    var stroke = new Stroke(color, s.LineWidth, s.Dashed ? Stroke.Dashed(s.LineWidth) : null);
                    foreach (var run in PixelRuns(s, x, y, plot))
                    {
                        c.Polyline(run, stroke);
                    }
                }

                if (s.Marker is { } m)
                {
                    int every = s.MarkerEvery > 0 ? s.MarkerEvery : Math.Max(1, (int)Math.Ceiling(s.XValues.Length / 30.0));
                    for (int i = 0; i < s.XValues.Length; i += every)
                    {
                        if (x.Accepts(s.XValues[i]) && y.Accepts(s.YValues[i]))
                        {
                            c.Marker(x.MapClamped(s.XValues[i]), y.MapClamped(s.YValues[i]), m, s.MarkerSize, color, new Stroke(Color.White, 0.8));
                        }
                    }
                }
            }
        }
    }

    internal override List<LegendEntry> LegendEntries()
    {
        var entries = new List<LegendEntry>();
        foreach (var b in _bands.Where(b => b.Name is not null))
        {
            entries.Add(new LegendEntry(b.Name!, b.Color.WithOpacity(0.25), Box: true));
        }

        for (int k = 0; k < _series.Count; k++)
        {
            var s = _series[k];
            if (!s.ShowInLegend)
            {
                continue;
            }

            var color = ColorOf(k);
            var line = s.LineWidth > 0 ? new Stroke(color, Math.Min(s.LineWidth, 4), s.Dashed ? Stroke.Dashed(Math.Min(s.LineWidth, 4)) : null) : null;
            entries.Add(new LegendEntry(s.Name, color, line, s.Marker));
        }

        return entries;
    }

    internal override IEnumerable<Point> Obstacles(Axis x, Axis y)
    {
        var plot = new Rect(Math.Min(x.P0, x.P1), Math.Min(y.P0, y.P1), x.PixelLength, y.PixelLength);
        foreach (var s in _series)
        {
            foreach (var run in PixelRuns(s, x, y, plot))
            {
                foreach (var p in Densify(run, 4))
                {
                    yield return p;
                }
            }
        }

        foreach (var b in _bands)
        {
            for (int i = 0; i < b.X.Length; i++)
            {
                if (x.Accepts(b.X[i]) && y.Accepts(b.Lower[i]) && y.Accepts(b.Upper[i]))
                {
                    double px = x.MapClamped(b.X[i]), lo = y.MapClamped(b.Lower[i]), hi = y.MapClamped(b.Upper[i]);
                    for (double py = Math.Min(lo, hi); py <= Math.Max(lo, hi); py += 4)
                    {
                        yield return new Point(px, py);
                    }
                }
            }
        }
    }

    /// <summary>Points along a polyline no more than <paramref name="step"/> pixels apart.</summary>
    internal static IEnumerable<Point> Densify(IReadOnlyList<Point> run, double step)
    {
        for (int i = 0; i < run.Count; i++)
        {
            yield return run[i];
            if (i + 1 < run.Count)
            {
                var d = run[i + 1] - run[i];
                int n = (int)Math.Min(2000, d.Length / step);
                for (int k = 1; k < n; k++)
                {
                    yield return run[i] + (d * (k / (double)n));
                }
            }
        }
    }

    private Color ColorOf(int k) => _series[k].Color ?? Palette.ForSeries(k);

    private bool ValidX(double v) => double.IsFinite(v) && (!LogX || v > 0);

    private bool ValidY(double v) => double.IsFinite(v) && (!LogY || v > 0);

    private IEnumerable<(double[] X, double[] Y)> AllXY()
    {
        foreach (var s in _series)
        {
            yield return (s.XValues, s.YValues);
        }

        foreach (var b in _bands)
        {
            yield return (b.X, b.Lower);
            yield return (b.X, b.Upper);
        }
    }

    /// <summary>The series as pixel polylines: split at invalid points, expanded into steps, thinned when denser than the pixels.</summary>
    private static List<Point[]> PixelRuns(LineSeries s, Axis x, Axis y, Rect plot)
    {
        var runs = new List<Point[]>();
        var current = new List<Point>();
        var xs = s.XValues;
        var ys = s.YValues;
        for (int i = 0; i < xs.Length; i++)
        {
            if (!x.Accepts(xs[i]) || !y.Accepts(ys[i]))
            {
                Flush();
                continue;
            }

            var p = new Point(x.MapClamped(xs[i]), y.MapClamped(ys[i]));
            if (current.Count > 0 && s.Step != StepMode.None)
            {
                var q = current[^1];
                switch (s.Step)
                {
                    case StepMode.Post:
                        current.Add(new Point(p.X, q.Y));
                        break;
                    case StepMode.Pre:
                        current.Add(new Point(q.X, p.Y));
                        break;
                    case StepMode.Mid:
                        double mx = (p.X + q.X) / 2;
                        current.Add(new Point(mx, q.Y));
                        current.Add(new Point(mx, p.Y));
                        break;
                }
            }

            current.Add(p);
        }

        Flush();
        return runs;

        void Flush()
        {
            if (current.Count == 1 && s.Step == StepMode.Post)
            {
                // A lone last value of a staircase still holds for one step; show it as a short dash rather than nothing.
                current.Add(current[0] + new Point(Math.Min(6, plot.Width / 100), 0));
            }

            if (current.Count > 0)
            {
                runs.Add(Thin(current, plot.Width));
            }

            current.Clear();
        }
    }

    /// <summary>
    /// Keeps the first, lowest, highest and last point of each pixel column when a run has many more points than the plot
    /// has columns and x only increases, so 100 000-step curves stay small without changing how they look.
    /// </summary>
    private static Point[] Thin(List<Point> pts, double width)
    {
        if (pts.Count <= 4 * Math.Max(width, 100))
        {
            return [.. pts];
        }

        for (int i = 1; i < pts.Count; i++)
        {
            if (pts[i].X < pts[i - 1].X)
            {
                return [.. pts];
            }
        }

        var kept = new List<Point>(Math.Min(pts.Count, (int)(width * 4) + 8));
        int start = 0;
        while (start < pts.Count)
        {
            double col = Math.Floor(pts[start].X);
            int end = start;
            int lo = start, hi = start;
            while (end < pts.Count && Math.Floor(pts[end].X) == col)
            {
                if (pts[end].Y < pts[lo].Y)
                {
                    lo = end;
                }

                if (pts[end].Y > pts[hi].Y)
                {
                    hi = end;
                }

                end++;
            }

            foreach (int idx in new SortedSet<int> { start, lo, hi, end - 1 })
            {
                kept.Add(pts[idx]);
            }

            start = end;
        }

        return [.. kept];
    }

    private void DrawBand(Canvas c, Band b, Axis x, Axis y)
    {
        var upper = new List<Point>();
        var lower = new List<Point>();
        using var g = c.Group("band", label: b.Name);
        for (int i = 0; i <= b.X.Length; i++)
        {
            bool ok = i < b.X.Length && x.Accepts(b.X[i]) && y.Accepts(b.Lower[i]) && y.Accepts(b.Upper[i]);
            if (ok)
            {
                upper.Add(new Point(x.MapClamped(b.X[i]), y.MapClamped(b.Upper[i])));
                lower.Add(new Point(x.MapClamped(b.X[i]), y.MapClamped(b.Lower[i])));
                continue;
            }

            if (upper.Count >= 2)
            {
                lower.Reverse();
                c.Polygon([.. upper, .. lower], b.Color.WithOpacity(0.2));
            }

            upper.Clear();
            lower.Clear();
        }
    }

    private sealed record Band(double[] X, double[] Lower, double[] Upper, Color Color, string? Name);
}
