namespace Descent.Plotting;

/// <summary>How contour levels are spaced when they are not given explicitly.</summary>
public enum LevelSpacing
{
    /// <summary>
    /// Evenly in log(z − offset), over at most four decades above the minimum: resolves the narrow valley of
    /// Rosenbrock-like functions. When the minimum is ≤ 0 the values are shifted first.
    /// </summary>
    Log,

    /// <summary>Evenly in z, at nice round values.</summary>
    Linear,
}

/// <summary>
/// A 2-D function as filled contour bands and contour lines (viridis colours and a colour bar), with marked points
/// (minima) and optimizer trajectories on top.
/// </summary>
/// <remarks>
/// Non-finite samples (overflow, NaN) are treated as the largest finite sample, or the smallest for −∞, so a function that
/// blows up at the edge of the domain still contours. Log axes are not supported.
/// </remarks>
/// <example>
/// <code>
/// var plot = new ContourPlot((x, y) => Math.Pow(1 - x, 2) + 100 * Math.Pow(y - x * x, 2), -2, 2, -1, 3)
/// {
///     Title = "Rosenbrock", XLabel = "x", YLabel = "y",
/// };
/// plot.AddMinimum(1, 1, "minimum (1, 1)");
/// plot.AddTrajectory("Adam", xs, ys);
/// plot.Save("rosenbrock.svg");
/// </code>
/// </example>
public sealed class ContourPlot : XYChart
{
    private readonly double[,] _z;
    private readonly double[] _xs;
    private readonly double[] _ys;
    private readonly List<Trajectory> _trajectories = [];
    private readonly List<(double X, double Y, string? Label, MarkerShape Shape)> _points = [];
    private int _levelCount = 14;
    private double[]? _levels;

    /// <summary>Samples <paramref name="f"/> on a <paramref name="resolution"/> × <paramref name="resolution"/> grid over the domain.</summary>
    /// <exception cref="ArgumentException">The domain is empty or not finite, or the resolution is outside [2, 2000].</exception>
    public ContourPlot(Func<double, double, double> f, double xMin, double xMax, double yMin, double yMax, int resolution = 200)
    {
        ArgumentNullException.ThrowIfNull(f);
        CheckDomain(xMin, xMax, yMin, yMax);
        if (resolution is < 2 or > 2000)
        {
            throw new ArgumentOutOfRangeException(nameof(resolution), resolution, "Contour resolution must be between 2 and 2000 samples per axis.");
        }

        _xs = Linspace(xMin, xMax, resolution);
        _ys = Linspace(yMin, yMax, resolution);
        _z = new double[resolution, resolution];
        for (int j = 0; j < resolution; j++)
        {
            for (int i = 0; i < resolution; i++)
            {
                _z[j, i] = f(_xs[i], _ys[j]);
            }
        }
    }

    /// <summary>
    /// Contours precomputed samples: <c>values[j, i]</c> is the value at x = xMin + i·Δx, y = yMin + j·Δy, so row 0 is the
    /// bottom edge (yMin) and column 0 the left edge (xMin).
    /// </summary>
    /// <exception cref="ArgumentException">The grid is smaller than 2 × 2 or the domain is empty.</exception>
    public ContourPlot(double[,] values, double xMin, double xMax, double yMin, double yMax)
    {
        ArgumentNullException.ThrowIfNull(values);
        CheckDomain(xMin, xMax, yMin, yMax);
        int ny = values.GetLength(0), nx = values.GetLength(1);
        if (nx < 2 || ny < 2)
        {
            throw new ArgumentException($"A contour grid needs at least 2x2 values, got {ny}x{nx}.", nameof(values));
        }

        _z = (double[,])values.Clone();
        _xs = Linspace(xMin, xMax, nx);
        _ys = Linspace(yMin, yMax, ny);
    }

    /// <summary>Number of contour levels when <see cref="Levels"/> is not set; 14 by default.</summary>
    public int LevelCount
    {
        get => _levelCount;
        set => _levelCount = value is >= 1 and <= 200 ? value : throw new ArgumentOutOfRangeException(nameof(LevelCount), value, "LevelCount must be between 1 and 200.");
    }

    /// <summary>How automatic levels are spaced; <see cref="LevelSpacing.Log"/> by default.</summary>
    public LevelSpacing Spacing { get; set; } = LevelSpacing.Log;

    /// <summary>Explicit contour levels (sorted and de-duplicated when set), or <see langword="null"/> for automatic ones.</summary>
    public IReadOnlyList<double>? Levels
    {
        get => _levels;
        set => _levels = value is null ? null : [.. value.Where(double.IsFinite).Distinct().Order()];
    }

    /// <summary>Fill the bands between levels with colours; on by default.</summary>
    public bool Filled { get; set; } = true;

    /// <summary>Draw the contour lines; on by default.</summary>
    public bool ShowLines { get; set; } = true;

    /// <summary>Show a colour bar right of the plot; on by default (only drawn when <see cref="Filled"/>).</summary>
    public bool ShowColorBar { get; set; } = true;

    /// <summary>Label of the colour bar, e.g. "f(x, y)", or <see langword="null"/>.</summary>
    public string? ColorBarLabel { get; set; }

    /// <summary>The colour map for bands (low values at 0); <see cref="Colormap.Viridis"/> by default.</summary>
    public Colormap Colormap { get; set; } = Colormap.Viridis;

    /// <summary>The trajectories, in drawing order.</summary>
    public IReadOnlyList<Trajectory> Trajectories => _trajectories;

    /// <summary>Adds an optimizer path through the points (x[k], y[k]); NaN points break the line.</summary>
    /// <exception cref="ArgumentException">The arrays differ in length.</exception>
    public Trajectory AddTrajectory(string name, IReadOnlyList<double> x, IReadOnlyList<double> y, Color? color = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count != y.Count)
        {
            throw new ArgumentException($"Trajectory '{name}' has {x.Count} x values but {y.Count} y values; pass arrays of equal length.", nameof(y));
        }

        var t = new Trajectory(name, [.. x], [.. y]) { Color = color };
        _trajectories.Add(t);
        return t;
    }

    /// <summary>Marks a point with a symbol and an optional label, e.g. a saddle point.</summary>
    public void AddPoint(double x, double y, string? label = null, MarkerShape shape = MarkerShape.Cross) => _points.Add((x, y, label, shape));

    /// <summary>Marks a minimum with a star and an optional label.</summary>
    public void AddMinimum(double x, double y, string? label = null) => AddPoint(x, y, label, MarkerShape.Star);

    /// <summary>The levels that will be drawn: <see cref="Levels"/>, or automatic ones strictly between the grid's extremes.</summary>
    public IReadOnlyList<double> ResolvedLevels()
    {
        var (lo, hi) = FiniteRange();
        if (_levels is not null)
        {
            return _levels;
        }

        if (!(hi > lo))
        {
            return [];
        }

        return Spacing == LevelSpacing.Linear ? LinearLevels(lo, hi, _levelCount) : LogLevels(lo, hi, _levelCount);
    }

    internal static double[] LinearLevels(double lo, double hi, int count)
    {
        double step = Ticks.NiceStep(hi - lo, count + 1);
        return [.. Ticks.Within(lo, hi, step).Where(v => v > lo && v < hi)];
    }

    internal static double[] LogLevels(double lo, double hi, int count)
    {
        double offset = lo > 0 ? 0 : lo - ((hi - lo) * 1e-4);
        double gHi = hi - offset;
        double gLo = Math.Max(lo - offset, gHi * 1e-4);
        double a = Math.Log10(gLo), b = Math.Log10(gHi);
        var levels = new List<double>();
        for (int k = 1; k <= count; k++)
        {
            double g = Math.Pow(10, a + ((b - a) * k / (count + 1)));

            // Two significant digits of the distance above the minimum, so shifted levels stay distinct.
            double unit = Math.Pow(10, Math.Floor(Math.Log10(g)) - 1);
            double v = offset == 0 ? RoundSignificant(g, 2) : Math.Round((g + offset) / unit) * unit;
            if (v > lo && v < hi && (levels.Count == 0 || v > levels[^1]))
            {
                levels.Add(v);
            }
        }

        return [.. levels];
    }

    internal override string Summary()
    {
        var (lo, hi) = FiniteRange();
        var names = _trajectories.Count == 0 ? "" : $" with {_trajectories.Count} trajectories ({string.Join(", ", _trajectories.Select(t => t.Name))})";
        return $"Contour plot of values from {NumberFormat.Compact(lo)} to {NumberFormat.Compact(hi)} over a {_xs.Length}x{_ys.Length} grid{names}";
    }

    internal override bool NiceExpand => false;

    internal override (double Low, double High) PadY => (0, 0);

    internal override (double Min, double Max) DataRangeX() => (_xs[0], _xs[^1]);

    internal override (double Min, double Max) DataRangeY(double xMin, double xMax) => (_ys[0], _ys[^1]);

    internal override void DrawData(Canvas c, Axis x, Axis y, Rect plot)
    {
        if (x.Log || y.Log)
        {
            throw new ArgumentException("ContourPlot does not support log axes; set LogX and LogY to false (transform the function instead).");
        }

        var levels = ResolvedLevels();
        var z = CleanGrid();
        var ms = new MarchingSquares(z, _xs, _ys);
        var chains = levels.Select(ms.Trace).ToList();
        var domain = new Rect(x.Map(_xs[0]), y.Map(_ys[^1]), x.Map(_xs[^1]) - x.Map(_xs[0]), y.Map(_ys[0]) - y.Map(_ys[^1]));
        Point ToPx(Point p) => new(x.Map(p.X), y.Map(p.Y));

        if (Filled)
        {
            using (c.Group("contour-fill"))
            {
                c.Rectangle(domain, BandColor(0, levels.Count));
                for (int k = 0; k < levels.Count; k++)
                {
                    var rings = ms.Region(levels[k], chains[k]);
                    c.Path(rings.Select(r => (IReadOnlyList<Point>)Simplify.Polyline(r.Select(ToPx).ToArray(), 0.15)).ToList(), BandColor(k + 1, levels.Count), null, evenOdd: true, "contour-band");
                }
            }
        }

        if (ShowLines)
        {
            using (c.Group("contour-lines"))
            {
                for (int k = 0; k < levels.Count; k++)
                {
                    var color = Filled ? new Color(0x20, 0x20, 0x20, 90) : Colormap.Map(levels.Count == 1 ? 0.5 : 0.9 * k / (levels.Count - 1));
                    var rings = chains[k].Select(ch => (IReadOnlyList<Point>)Simplify.Polyline(ch.Points.Select(ToPx).ToArray(), 0.15)).ToList();
                    if (rings.Count > 0)
                    {
                        c.Polylines(rings, new Stroke(color, Filled ? 0.7 : 1.2), "contour-line");
                    }
                }
            }
        }

        for (int t = 0; t < _trajectories.Count; t++)
        {
            DrawTrajectory(c, _trajectories[t], TrajectoryColor(t), x, y);
        }
    }

    internal override void DrawOverlay(Canvas c, Axis x, Axis y, Rect plot)
    {
        var s = Style;
        foreach (var (px, py, label, shape) in _points)
        {
            if (!(px >= x.Min && px <= x.Max && py >= y.Min && py <= y.Max))
            {
                continue;
            }

            double cx = x.Map(px), cy = y.Map(py);
            using (c.Group("marked-point", label: label))
            {
                double size = s.FontSize * (shape == MarkerShape.Star ? 1.25 : 0.9);
                if (shape is MarkerShape.Cross or MarkerShape.Plus)
                {
                    c.Marker(cx, cy, shape, size + 2, Color.White);
                    c.Marker(cx, cy, shape, size, ChartStyle.Text);
                }
                else
                {
                    c.Marker(cx, cy, shape, size, Color.White, new Stroke(Color.Black, 1.1));
                }

                if (label is not null)
                {
                    double w = s.TextWidth(label, s.FontSize);
                    bool left = cx + size + w > plot.Right - 4;
                    c.Text(left ? cx - (size * 0.8) : cx + (size * 0.8), cy - (size * 0.6), label,
                        new TextStyle(s.FontSize, ChartStyle.Text, left ? TextAnchor.End : TextAnchor.Start, TextBaseline.Alphabetic, Halo: Color.White.WithOpacity(0.9)),
                        "point-label");
                }
            }
        }
    }

    internal override List<LegendEntry> LegendEntries() =>
        [.. _trajectories.Select((t, i) => new LegendEntry(t.Name, TrajectoryColor(i), new Stroke(TrajectoryColor(i), Math.Min(t.LineWidth, 4)), MarkerShape.Circle))];

    internal override IEnumerable<Point> Obstacles(Axis x, Axis y)
    {
        foreach (var t in _trajectories)
        {
            foreach (var run in PixelRuns(t, x, y))
            {
                foreach (var p in LineChart.Densify(run, 4))
                {
                    yield return p;
                }
            }
        }

        foreach (var (px, py, label, _) in _points)
        {
            if (double.IsFinite(px) && double.IsFinite(py))
            {
                double cx = x.Map(px), cy = y.Map(py);
                yield return new Point(cx, cy);
                if (label is not null)
                {
                    double w = Style.TextWidth(label, FontSize);
                    for (double d = 0; d <= w + FontSize; d += 4)
                    {
                        yield return new Point(cx + d, cy - FontSize);
                        yield return new Point(cx - d, cy - FontSize);
                    }
                }
            }
        }
    }

    internal override double RightDecorationWidth(ChartStyle s)
    {
        if (!Filled || !ShowColorBar || ResolvedLevels().Count == 0)
        {
            return 0;
        }

        double labelW = LevelLabels(ResolvedLevels()).Max(l => s.TextWidth(l, s.FontSize));
        return (s.Pad * 1.2) + (s.FontSize * 1.2) + s.TickLength + (s.FontSize * 0.4) + labelW + (ColorBarLabel is null ? 0 : s.LabelSize * 1.6);
    }

    internal override void DrawRightDecoration(Canvas c, Rect plot, Rect area, ChartStyle s)
    {
        var levels = ResolvedLevels();
        int bands = levels.Count + 1;
        double barW = s.FontSize * 1.2;
        var bar = new Rect(area.X, area.Y, barW, area.Height);
        double bandH = bar.Height / bands;
        using var g = c.Group("colorbar");
        for (int k = 0; k < bands; k++)
        {
            // Band 0 (lowest values) at the bottom; slight overlap hides hairline seams between bands.
            double top = bar.Bottom - ((k + 1) * bandH);
            c.Rectangle(new Rect(bar.X, top, barW, bandH + (k + 1 < bands ? 0.3 : 0)), BandColor(k, levels.Count));
        }

        c.Rectangle(bar, null, new Stroke(ChartStyle.Frame, 0.8));
        int stride = Math.Max(1, (int)Math.Ceiling(s.FontSize * 1.5 / bandH));
        var labels = LevelLabels(levels);
        var tick = new Stroke(ChartStyle.Frame, 0.8);
        for (int k = 0; k < levels.Count; k++)
        {
            double py = bar.Bottom - ((k + 1) * bandH);
            c.Line(bar.Right, py, bar.Right + (s.TickLength * (k % stride == 0 ? 1 : 0.5)), py, tick);
            if (k % stride == 0)
            {
                c.Text(bar.Right + s.TickLength + (s.FontSize * 0.35), py, labels[k], s.Tick(TextAnchor.Start, TextBaseline.Middle), "tick-label");
            }
        }

        if (ColorBarLabel is not null)
        {
            c.Text(area.Right, bar.CenterY, ColorBarLabel, s.Label(TextAnchor.Middle, TextBaseline.Bottom, -90), "axis-label");
        }
    }

    /// <summary>Level labels with as few significant digits (3 to 6) as keep neighbours distinct.</summary>
    private static string[] LevelLabels(IReadOnlyList<double> levels)
    {
        string[] labels = [];
        for (int digits = 3; digits <= 6; digits++)
        {
            labels = [.. levels.Select(v => NumberFormat.Compact(v, digits))];
            if (labels.Distinct().Count() == labels.Length)
            {
                break;
            }
        }

        return labels;
    }

    private Color BandColor(int band, int levelCount) => Colormap.Map(levelCount == 0 ? 0.5 : band / (double)levelCount);

    private Color TrajectoryColor(int i) => _trajectories[i].Color ?? TrajectoryPalette[i % TrajectoryPalette.Length];

    /// <summary>Okabe–Ito colours that stand out against viridis (warm and light first).</summary>
    private static readonly Color[] TrajectoryPalette =
        [Palette.Vermillion, Palette.SkyBlue, Palette.Orange, Palette.ReddishPurple, Palette.BluishGreen, Palette.Yellow, Palette.Blue, Palette.Black];

    private void DrawTrajectory(Canvas c, Trajectory t, Color color, Axis x, Axis y)
    {
        var runs = PixelRuns(t, x, y);
        if (runs.Count == 0)
        {
            return;
        }

        using var g = c.Group("trajectory", label: t.Name);
        double lw = t.LineWidth;
        foreach (var run in runs)
        {
            var line = Simplify.Polyline(run, 0.15);
            c.Polyline(line, new Stroke(Color.White.WithOpacity(0.75), lw + 2.4), "trajectory-halo");
            c.Polyline(line, new Stroke(color, lw), "trajectory-path");
        }

        if (t.ShowPoints)
        {
            // Dots show the step sizes; where steps are shorter than a dot they would only merge into a bead chain.
            double r = lw * 1.1, minGap = r * 3;
            int drawn = 0;
            foreach (var run in runs)
            {
                var previous = new Point(double.NaN, double.NaN);
                foreach (var p in run)
                {
                    if (drawn < 400 && !((p - previous).Length < minGap))
                    {
                        c.Circle(p.X, p.Y, r, color, new Stroke(Color.White, 0.6), "trajectory-point");
                        previous = p;
                        drawn++;
                    }
                }
            }
        }

        var first = runs[0];
        var last = runs[^1];
        DrawDirection(c, first, color, lw);
        c.Circle(first[0].X, first[0].Y, lw * 2.6, Color.White, new Stroke(color, lw), "trajectory-start");
        c.Marker(last[^1].X, last[^1].Y, MarkerShape.Square, lw * 5, color, new Stroke(Color.White, 1), "trajectory-end");
    }

    /// <summary>An arrowhead on the path a short way from its start, pointing along it.</summary>
    private static void DrawDirection(Canvas c, Point[] run, Color color, double lw)
    {
        double length = 0;
        for (int i = 0; i + 1 < run.Length; i++)
        {
            length += (run[i + 1] - run[i]).Length;
        }

        if (length < 12)
        {
            return;
        }

        double at = Math.Min(30, length * 0.45), walked = 0;
        for (int i = 0; i + 1 < run.Length; i++)
        {
            var d = run[i + 1] - run[i];
            double len = d.Length;
            if (walked + len >= at && len > 1e-9)
            {
                var u = d * (1 / len);
                var tip = run[i] + (u * (at - walked + (lw * 2.5)));
                var tail = tip - (u * (lw * 5));
                c.Arrow(tail.X, tail.Y, tip.X, tip.Y, new Stroke(color, lw), headLength: lw * 5.5, cssClass: "trajectory-arrow");
                return;
            }

            walked += len;
        }
    }

    private static List<Point[]> PixelRuns(Trajectory t, Axis x, Axis y)
    {
        var runs = new List<Point[]>();
        var cur = new List<Point>();
        for (int i = 0; i <= t.XValues.Length; i++)
        {
            if (i < t.XValues.Length && double.IsFinite(t.XValues[i]) && double.IsFinite(t.YValues[i]))
            {
                cur.Add(new Point(x.MapClamped(t.XValues[i]), y.MapClamped(t.YValues[i])));
            }
            else
            {
                if (cur.Count > 0)
                {
                    runs.Add([.. cur]);
                }

                cur.Clear();
            }
        }

        return runs;
    }

    private (double Lo, double Hi) FiniteRange()
    {
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        foreach (double v in _z)
        {
            if (double.IsFinite(v))
            {
                lo = Math.Min(lo, v);
                hi = Math.Max(hi, v);
            }
        }

        return double.IsFinite(lo) ? (lo, hi) : (0, 0);
    }

    private double[,] CleanGrid()
    {
        var (lo, hi) = FiniteRange();
        var z = (double[,])_z.Clone();
        for (int j = 0; j < z.GetLength(0); j++)
        {
            for (int i = 0; i < z.GetLength(1); i++)
            {
                double v = z[j, i];
                if (!double.IsFinite(v))
                {
                    z[j, i] = double.IsNegativeInfinity(v) ? lo : hi;
                }
            }
        }

        return z;
    }

    private static double RoundSignificant(double v, int digits)
    {
        if (v == 0 || !double.IsFinite(v))
        {
            return v;
        }

        int e = (int)Math.Floor(Math.Log10(Math.Abs(v)));
        return Ticks.Decimal(Math.Round(v / Math.Pow(10, e - digits + 1)), e - digits + 1);
    }

    private static double[] Linspace(double a, double b, int n) =>
        [.. Enumerable.Range(0, n).Select(i => i == n - 1 ? b : a + ((b - a) * i / (n - 1)))];

    private static void CheckDomain(double xMin, double xMax, double yMin, double yMax)
    {
        if (!double.IsFinite(xMin) || !double.IsFinite(xMax) || !(xMax > xMin))
        {
            throw new ArgumentException($"Contour x range [{xMin}, {xMax}] must be finite with xMin < xMax.", nameof(xMax));
        }

        if (!double.IsFinite(yMin) || !double.IsFinite(yMax) || !(yMax > yMin))
        {
            throw new ArgumentException($"Contour y range [{yMin}, {yMax}] must be finite with yMin < yMax.", nameof(yMax));
        }
    }
}
