using System.Globalization;

namespace Descent.Plotting;

/// <summary>
/// A chart with an x and a y axis: axis labels, linear or logarithmic scales, automatic or fixed ranges, grid lines, a legend
/// and reference lines. <see cref="LineChart"/>, <see cref="ContourPlot"/> and the other axis charts
/// build on it.
/// </summary>
public abstract class XYChart : Chart
{
    private readonly List<ReferenceLine> _references = [];

    private protected XYChart()
    {
    }

    /// <summary>Label under the x axis (e.g. "step"), or <see langword="null"/>.</summary>
    public string? XLabel { get; set; }

    /// <summary>Label beside the y axis (e.g. "loss"), or <see langword="null"/>.</summary>
    public string? YLabel { get; set; }

    /// <summary>Logarithmic x axis (base 10); non-positive x values are then left out, breaking lines.</summary>
    public bool LogX { get; set; }

    /// <summary>Logarithmic y axis (base 10); non-positive y values are then left out, breaking lines.</summary>
    public bool LogY { get; set; }

    /// <summary>Fixed lower end of the x axis, or <see langword="null"/> for automatic.</summary>
    public double? XMin { get; set; }

    /// <summary>Fixed upper end of the x axis, or <see langword="null"/> for automatic.</summary>
    public double? XMax { get; set; }

    /// <summary>Fixed lower end of the y axis, or <see langword="null"/> for automatic.</summary>
    public double? YMin { get; set; }

    /// <summary>Fixed upper end of the y axis, or <see langword="null"/> for automatic.</summary>
    public double? YMax { get; set; }

    /// <summary>Light grey grid lines at the major ticks (and faint ones at minor log ticks). On by default.</summary>
    public bool Grid { get; set; } = true;

    /// <summary>Where the legend goes; <see cref="LegendPosition.Auto"/> by default.</summary>
    public LegendPosition Legend { get; set; } = LegendPosition.Auto;

    /// <summary>One unit on x spans as many pixels as one unit on y (for trajectories and level sets); off by default.</summary>
    public bool EqualAspect { get; set; }

    /// <summary>Adds a horizontal reference line across the plot (e.g. a target loss), with an optional label at its right end.</summary>
    public void AddHorizontalLine(double y, string? label = null, Color? color = null, bool dashed = true) =>
        _references.Add(new ReferenceLine(false, y, label, color, dashed));

    /// <summary>Adds a vertical reference line (e.g. the end of warm-up), with an optional label at its top.</summary>
    public void AddVerticalLine(double x, string? label = null, Color? color = null, bool dashed = true) =>
        _references.Add(new ReferenceLine(true, x, label, color, dashed));

    /// <summary>Data range on x of what the chart shows (NaN, NaN when there is nothing), honouring the log setting.</summary>
    internal abstract (double Min, double Max) DataRangeX();

    /// <summary>Data range on y of what lies within [xMin, xMax].</summary>
    internal abstract (double Min, double Max) DataRangeY(double xMin, double xMax);

    /// <summary>The y-axis label actually drawn (charts may supply a default such as "count").</summary>
    internal virtual string? YAxisLabel => YLabel;

    /// <summary>Whether vertical grid lines are drawn (bar charts leave them out).</summary>
    internal virtual bool VerticalGrid => true;

    /// <summary>Whether automatic ranges may widen to the next nice tick (not for gridded data, which ends where the grid ends).</summary>
    internal virtual bool NiceExpand => true;

    /// <summary>Fractions of the span added below and above the data on x.</summary>
    internal virtual (double Low, double High) PadX => (0, 0);

    /// <summary>Fractions of the span added below and above the data on y.</summary>
    internal virtual (double Low, double High) PadY => (0.05, 0.05);

    /// <summary>Draws the data; the canvas is clipped to <paramref name="plot"/>.</summary>
    internal abstract void DrawData(Canvas c, Axis x, Axis y, Rect plot);

    /// <summary>Draws what sits on top of the data but must not be clipped (e.g. labels of marked points).</summary>
    internal virtual void DrawOverlay(Canvas c, Axis x, Axis y, Rect plot)
    {
    }

    internal virtual List<LegendEntry> LegendEntries() => [];

    /// <summary>Pixel positions of data the legend should not cover.</summary>
    internal virtual IEnumerable<Point> Obstacles(Axis x, Axis y) => [];

    /// <summary>Width of a decoration right of the plot (a colour bar), 0 for none.</summary>
    internal virtual double RightDecorationWidth(ChartStyle s) => 0;

    internal virtual void DrawRightDecoration(Canvas c, Rect plot, Rect area, ChartStyle s)
    {
    }

    /// <summary>Ticks chosen by the chart itself (category names), or <see langword="null"/> for numeric ticks.</summary>
    internal virtual TickSet? CustomXTicks(Axis x) => null;

    /// <summary>A short phrase for the accessible description, e.g. "Line chart of 3 series (Adam, SGD, RMSprop)".</summary>
    internal abstract string Summary();

    internal override string Describe()
    {
        var (x, y) = Ranges();
        string Axis(string name, string? label, bool log, double lo, double hi) =>
            string.Create(CultureInfo.InvariantCulture, $"{name} axis{(label is null ? "" : $" \"{label}\"")}{(log ? " (log scale)" : "")} from {NumberFormat.Compact(lo)} to {NumberFormat.Compact(hi)}");
        return $"{Summary()}. {Axis("x", XLabel, LogX, x.Min, x.Max)}; {Axis("y", YAxisLabel, LogY, y.Min, y.Max)}.";
    }

    internal override void Draw(Canvas canvas, Rect area)
    {
        var s = Style;
        var entries = Legend == LegendPosition.None ? [] : LegendEntries();
        bool outside = Legend == LegendPosition.OutsideRight;
        var frame = Layout(area, s, entries, outside);
        Rect? legendBox = null;
        if (entries.Count > 0 && !outside)
        {
            legendBox = PlaceInside(frame, entries, s, leastCovered: false);
            if (legendBox is null)
            {
                // Outside on the right, unless that would squeeze the plot; then the corner covering the least data.
                if (LegendBox.Measure(entries, s).Width > area.Width * 0.28)
                {
                    legendBox = PlaceInside(frame, entries, s, leastCovered: true);
                }
                else
                {
                    outside = true;
                    frame = Layout(area, s, entries, outside);
                }
            }
        }

        if (entries.Count > 0 && outside)
        {
            var (lw, lh) = LegendBox.Measure(entries, s);
            legendBox = new Rect(frame.Plot.Right + (s.Pad * 0.8), frame.Plot.Y, lw, lh);
        }

        DrawFrame(canvas, frame, s, area);
        if (legendBox is { } lb)
        {
            LegendBox.Draw(canvas, entries, lb, s, framed: true);
        }
    }

    private (Axis X, Axis Y) Ranges()
    {
        var (dx0, dx1) = Clamp(DataRangeX(), XMin, XMax);
        var (px0, px1) = PadX;
        var (ax0, ax1) = Axis.AutoRange(dx0, dx1, LogX, px0, px1, NiceExpand);
        double x0 = XMin ?? ax0, x1 = XMax ?? ax1;
        if (XMin is not null && XMax is null && !(x1 > x0))
        {
            x1 = x0 + Math.Max(1, Math.Abs(x0));
        }

        if (XMax is not null && XMin is null && !(x1 > x0))
        {
            x0 = LogX ? x1 / 10 : x1 - Math.Max(1, Math.Abs(x1));
        }

        var (dy0, dy1) = Clamp(DataRangeY(x0, x1), YMin, YMax);
        var (py0, py1) = PadY;
        var (ay0, ay1) = Axis.AutoRange(dy0, dy1, LogY, py0, py1, NiceExpand);
        double y0 = YMin ?? ay0, y1 = YMax ?? ay1;
        if (YMin is not null && YMax is null && !(y1 > y0))
        {
            y1 = y0 + Math.Max(1, Math.Abs(y0));
        }

        if (YMax is not null && YMin is null && !(y1 > y0))
        {
            y0 = LogY ? y1 / 10 : y1 - Math.Max(1, Math.Abs(y1));
        }

        return (MakeAxis(x0, x1, LogX, "x"), MakeAxis(y0, y1, LogY, "y"));
    }

    /// <summary>
    /// Limits a data range by the fixed ends, so that with only one end fixed the automatic end is computed from the data
    /// that will be visible (a fixed YMax of 3 must not let a spike to 100 push the automatic YMin down).
    /// </summary>
    private static (double Min, double Max) Clamp((double Min, double Max) data, double? fixedMin, double? fixedMax)
    {
        var (lo, hi) = data;
        if (fixedMax is { } fmax)
        {
            lo = Math.Min(lo, fmax);
            hi = Math.Min(hi, fmax);
        }

        if (fixedMin is { } fmin)
        {
            lo = Math.Max(lo, fmin);
            hi = Math.Max(hi, fmin);
        }

        return (lo, hi);
    }

    private static Axis MakeAxis(double lo, double hi, bool log, string name)
    {
        if (!(hi > lo))
        {
            throw new ArgumentException($"The {name} axis range [{lo}, {hi}] is empty; set {name.ToUpperInvariant()}Min below {name.ToUpperInvariant()}Max.");
        }

        if (log && !(lo > 0))
        {
            throw new ArgumentException($"The {name} axis is logarithmic but its range starts at {lo}; use a positive {name.ToUpperInvariant()}Min or a linear axis.");
        }

        return new Axis(lo, hi, log);
    }

    private sealed record Frame(Rect Plot, Axis X, Axis Y, TickSet XTicks, TickSet YTicks);

    private Frame Layout(Rect area, ChartStyle s, List<LegendEntry> entries, bool legendOutside)
    {
        double extraBottom = 0;
        for (int pass = 0; ; pass++)
        {
            var frame = Layout(area, s, entries, legendOutside, extraBottom);
            if (!frame.XTicks.Rotated || pass > 0)
            {
                return frame;
            }

            // Slanted labels hang lower than upright ones: make room and lay out again.
            double widest = frame.XTicks.Labels.Max(l => s.TextWidth(l, s.FontSize));
            extraBottom = (widest * RotatedSin) + (s.FontSize * 0.5) - (s.FontSize * 0.95);
        }
    }

    private const double RotatedAngle = -35;

    private static readonly double RotatedSin = Math.Sin(-RotatedAngle * Math.PI / 180);

    private Frame Layout(Rect area, ChartStyle s, List<LegendEntry> entries, bool legendOutside, double extraBottom)
    {
        var (x, y) = Ranges();
        double fs = s.FontSize;
        double top = area.Y + s.Pad + s.TitleBlockHeight(Title, area.Width, s.TitleSize);
        double bottom = area.Bottom - s.Pad - s.TickLength - (fs * 0.35) - (fs * 0.95) - (XLabel is null ? 0 : s.LabelSize * 1.55) - Math.Max(0, extraBottom);
        y.P0 = bottom;
        y.P1 = top;
        var yt = TickPlanner.Plan(y, fs * 4, _ => fs * 1.3);
        double yLabelW = yt.Labels.Length == 0 ? 0 : yt.Labels.Max(l => s.TextWidth(l, fs));
        double left = area.X + s.Pad + (YAxisLabel is null ? 0 : s.LabelSize * 1.55) + yLabelW + (fs * 0.45) + s.TickLength;

        double rightReserve = s.Pad + RightDecorationWidth(s);
        if (legendOutside && entries.Count > 0)
        {
            rightReserve += LegendBox.Measure(entries, s).Width + (s.Pad * 0.8);
        }

        double right = area.Right - rightReserve;
        TickSet xt;
        for (int attempt = 0; ; attempt++)
        {
            x.P0 = left;
            x.P1 = right;
            xt = CustomXTicks(x) ?? TickPlanner.Plan(x, fs * 7, l => s.TextWidth(l, fs));
            if (xt.Major.Length == 0 || attempt > 0 || xt.Rotated)
            {
                break;
            }

            // The last tick label is centred on its tick: keep its right half inside the figure.
            double lastX = x.Map(xt.Major[^1]);
            double overhang = lastX + (s.TextWidth(xt.Labels[^1], fs) / 2) - (area.Right - (s.Pad * 0.5));
            if (overhang <= 0 || rightReserve > s.Pad * 1.5)
            {
                break;
            }

            right -= overhang;
        }

        var plot = new Rect(left, top, Math.Max(10, right - left), Math.Max(10, bottom - top));
        if (EqualAspect)
        {
            plot = ApplyEqualAspect(plot, x, y);
            x.P0 = plot.X;
            x.P1 = plot.Right;
            y.P0 = plot.Bottom;
            y.P1 = plot.Y;
            xt = CustomXTicks(x) ?? TickPlanner.Plan(x, fs * 7, l => s.TextWidth(l, fs));
            yt = TickPlanner.Plan(y, fs * 4, _ => fs * 1.3);
        }

        return new Frame(plot, x, y, xt, yt);
    }

    /// <summary>
    /// Shrinks the plot so a unit spans the same pixels on both axes, centred in the room it had (the title and axis labels
    /// move with it).
    /// </summary>
    private static Rect ApplyEqualAspect(Rect plot, Axis x, Axis y)
    {
        if (x.Log || y.Log)
        {
            return plot;
        }

        double ux = (x.Max - x.Min) / plot.Width, uy = (y.Max - y.Min) / plot.Height;
        if (ux > uy)
        {
            double h = (y.Max - y.Min) / ux;
            return plot with { Y = plot.Y + ((plot.Height - h) / 2), Height = h };
        }

        double w = (x.Max - x.Min) / uy;
        return plot with { X = plot.X + ((plot.Width - w) / 2), Width = w };
    }

    /// <summary>How far slanted tick labels reach below their anchor.</summary>
    private static double XLabelDrop(TickSet ticks, ChartStyle s) =>
        (ticks.Labels.Max(l => s.TextWidth(l, s.FontSize)) * RotatedSin) + (s.FontSize * 0.5);

    private Rect? PlaceInside(Frame f, List<LegendEntry> entries, ChartStyle s, bool leastCovered)
    {
        var (w, h) = LegendBox.Measure(entries, s);
        double inset = s.FontSize * 0.6;
        var p = f.Plot;
        if (w > p.Width * 0.6 || h > p.Height * 0.8)
        {
            return Legend == LegendPosition.Auto && !leastCovered ? null : new Rect(p.Right - w - inset, p.Y + inset, w, h);
        }

        var corners = new Dictionary<LegendPosition, Rect>
        {
            [LegendPosition.UpperRight] = new(p.Right - w - inset, p.Y + inset, w, h),
            [LegendPosition.UpperLeft] = new(p.X + inset, p.Y + inset, w, h),
            [LegendPosition.LowerLeft] = new(p.X + inset, p.Bottom - h - inset, w, h),
            [LegendPosition.LowerRight] = new(p.Right - w - inset, p.Bottom - h - inset, w, h),
        };
        if (Legend != LegendPosition.Auto)
        {
            return corners[Legend];
        }

        var obstacles = Obstacles(f.X, f.Y).ToList();
        Rect? best = null;
        int bestCount = int.MaxValue;
        foreach (var (_, r) in corners)
        {
            var grown = r.Inflate(3);
            int count = obstacles.Count(grown.Contains);
            if (count == 0)
            {
                return r;
            }

            if (count < bestCount)
            {
                bestCount = count;
                best = r;
            }
        }

        return leastCovered ? best : null;
    }

    private void DrawFrame(Canvas c, Frame f, ChartStyle s, Rect area)
    {
        var p = f.Plot;
        double fs = s.FontSize;
        if (Grid)
        {
            using (c.Group("grid"))
            {
                var minor = new Stroke(ChartStyle.MinorGrid, 0.8);
                var major = new Stroke(ChartStyle.Grid, 0.9);
                foreach (var v in VerticalGrid ? f.XTicks.Minor : [])
                {
                    c.Line(f.X.Map(v), p.Y, f.X.Map(v), p.Bottom, minor);
                }

                foreach (var v in f.YTicks.Minor)
                {
                    c.Line(p.X, f.Y.Map(v), p.Right, f.Y.Map(v), minor);
                }

                foreach (var v in VerticalGrid ? f.XTicks.Major : [])
                {
                    c.Line(f.X.Map(v), p.Y, f.X.Map(v), p.Bottom, major);
                }

                foreach (var v in f.YTicks.Major)
                {
                    c.Line(p.X, f.Y.Map(v), p.Right, f.Y.Map(v), major);
                }
            }
        }

        using (c.Group("data", clip: p))
        {
            DrawData(c, f.X, f.Y, p);
            DrawReferences(c, f, s);
        }

        DrawOverlay(c, f.X, f.Y, p);
        c.Rectangle(p, null, new Stroke(ChartStyle.Frame, 0.9), "frame");

        double tl = s.TickLength;
        var tickStroke = new Stroke(ChartStyle.Frame, 0.9);
        var minorTick = new Stroke(ChartStyle.Frame, 0.7);
        using (c.Group("axis x"))
        {
            foreach (var v in f.XTicks.Minor)
            {
                c.Line(f.X.Map(v), p.Bottom, f.X.Map(v), p.Bottom + (tl * 0.6), minorTick);
            }

            for (int i = 0; i < f.XTicks.Major.Length; i++)
            {
                double px = f.X.Map(f.XTicks.Major[i]);
                c.Line(px, p.Bottom, px, p.Bottom + tl, tickStroke);
                if (f.XTicks.Rotated)
                {
                    c.Text(px + (fs * 0.25), p.Bottom + tl + (fs * 0.45), f.XTicks.Labels[i], s.Tick(TextAnchor.End, TextBaseline.Middle) with { Rotation = RotatedAngle }, "tick-label");
                }
                else
                {
                    c.Text(px, p.Bottom + tl + (fs * 0.35), f.XTicks.Labels[i], s.Tick(TextAnchor.Middle, TextBaseline.Top), "tick-label");
                }
            }

            if (XLabel is not null)
            {
                // Under the tick labels rather than at the figure's bottom, so it stays close when equal aspect shrinks the plot.
                double labelTop = p.Bottom + tl + (fs * 0.35) + (f.XTicks.Rotated ? XLabelDrop(f.XTicks, s) : fs * 0.95) + (s.LabelSize * 0.3);
                c.Text(p.CenterX, labelTop, XLabel, s.Label(baseline: TextBaseline.Top), "axis-label");
            }
        }

        using (c.Group("axis y"))
        {
            foreach (var v in f.YTicks.Minor)
            {
                c.Line(p.X - (tl * 0.6), f.Y.Map(v), p.X, f.Y.Map(v), minorTick);
            }

            for (int i = 0; i < f.YTicks.Major.Length; i++)
            {
                double py = f.Y.Map(f.YTicks.Major[i]);
                c.Line(p.X - tl, py, p.X, py, tickStroke);
                c.Text(p.X - tl - (fs * 0.45), py, f.YTicks.Labels[i], s.Tick(TextAnchor.End, TextBaseline.Middle), "tick-label");
            }

            if (YAxisLabel is not null)
            {
                c.Text(area.X + s.Pad, p.CenterY, YAxisLabel, s.Label(TextAnchor.Middle, TextBaseline.Top, -90), "axis-label");
            }
        }

        if (Title is not null)
        {
            s.DrawTitle(c, Title, p.CenterX, area, s.TitleSize, p.Y - s.TitleBlockHeight(Title, area.Width, s.TitleSize));
        }

        double decoration = RightDecorationWidth(s);
        if (decoration > 0)
        {
            DrawRightDecoration(c, p, new Rect(p.Right + (s.Pad * 1.2), p.Y, decoration - (s.Pad * 1.2), p.Height), s);
        }
    }

    private void DrawReferences(Canvas c, Frame f, ChartStyle s)
    {
        var p = f.Plot;
        foreach (var r in _references)
        {
            var axis = r.Vertical ? f.X : f.Y;
            if (!axis.Accepts(r.Value) || r.Value < axis.Min || r.Value > axis.Max)
            {
                continue;
            }

            var color = r.Color ?? new Color(0x55, 0x55, 0x55);
            var stroke = new Stroke(color, 1.1, r.Dashed ? Stroke.Dashed(1) : null);
            double v = axis.Map(r.Value);
            var label = new TextStyle(s.FontSize * 0.92, color, Halo: Color.White);
            if (r.Vertical)
            {
                c.Line(v, p.Y, v, p.Bottom, stroke, "reference");
                if (r.Label is not null)
                {
                    c.Text(v + 4, p.Y + 4, r.Label, label with { Baseline = TextBaseline.Top });
                }
            }
            else
            {
                c.Line(p.X, v, p.Right, v, stroke, "reference");
                if (r.Label is not null)
                {
                    c.Text(p.Right - 4, v - 4, r.Label, label with { Anchor = TextAnchor.End });
                }
            }
        }
    }

    private sealed record ReferenceLine(bool Vertical, double Value, string? Label, Color? Color, bool Dashed);
}
