namespace Descent.Plotting;

/// <summary>
/// Bars per category, grouped side by side when there are several series: final losses per optimizer, timings per
/// configuration. Bars start at zero (negative values hang below it).
/// </summary>
/// <example>
/// <code>
/// var bars = new BarChart(["SGD", "Adam", "AdamW"]) { YLabel = "final loss" };
/// bars.Add("seed 0", [0.31, 0.12, 0.10]);
/// bars.Save("final-loss.svg");
/// </code>
/// </example>
public sealed class BarChart : XYChart
{
    private readonly string[] _categories;
    private readonly List<(string Name, double[] Values, Color? Color)> _series = [];

    /// <summary>Creates a bar chart over the given category names (left to right).</summary>
    /// <exception cref="ArgumentException">No categories.</exception>
    public BarChart(IReadOnlyList<string> categories)
    {
        ArgumentNullException.ThrowIfNull(categories);
        if (categories.Count == 0)
        {
            throw new ArgumentException("A bar chart needs at least one category.", nameof(categories));
        }

        _categories = [.. categories];
    }

    /// <summary>Write each bar's value above (or below) it.</summary>
    public bool ShowValues { get; set; }

    /// <summary>Adds a series with one value per category (NaN leaves a gap).</summary>
    /// <exception cref="ArgumentException">The number of values differs from the number of categories.</exception>
    public void Add(string name, IReadOnlyList<double> values, Color? color = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count != _categories.Length)
        {
            throw new ArgumentException($"Series '{name}' has {values.Count} values for {_categories.Length} categories; give one value per category.", nameof(values));
        }

        _series.Add((name, [.. values], color));
    }

    internal override bool VerticalGrid => false;

    internal override bool NiceExpand => false;

    internal override (double Low, double High) PadY
    {
        get
        {
            var all = _series.SelectMany(s => s.Values).Where(double.IsFinite).ToArray();
            bool neg = all.Any(v => v < 0), pos = all.Any(v => v > 0);
            double pad = ShowValues ? 0.12 : 0.06;
            return LogY ? (pad, pad) : (neg ? pad : 0, pos ? pad : 0);
        }
    }

    internal override string Summary() =>
        $"Bar chart of {_series.Count} series ({string.Join(", ", _series.Select(s => s.Name))}) over {_categories.Length} categories ({string.Join(", ", _categories)})";

    internal override (double Min, double Max) DataRangeX() => (-0.5, _categories.Length - 0.5);

    internal override (double Min, double Max) DataRangeY(double xMin, double xMax)
    {
        var all = _series.SelectMany(s => s.Values).Where(v => double.IsFinite(v) && (!LogY || v > 0)).ToArray();
        if (all.Length == 0)
        {
            return LogY ? (1, 10) : (0, 1);
        }

        return LogY ? (all.Min(), all.Max()) : (Math.Min(0, all.Min()), Math.Max(0, all.Max()));
    }

    internal override TickSet? CustomXTicks(Axis x)
    {
        // Every category keeps its label; names too wide for their slot are slanted instead of skipped.
        double slot = x.PixelLength / _categories.Length;
        double widest = _categories.Max(c => Style.TextWidth(c, FontSize));
        return new TickSet([.. Enumerable.Range(0, _categories.Length).Select(i => (double)i)], [.. _categories], [], Rotated: widest + 6 > slot);
    }

    internal override void DrawData(Canvas c, Axis x, Axis y, Rect plot)
    {
        int n = Math.Max(1, _series.Count);
        double group = 0.8, width = group / n;
        double basePx = y.Log ? plot.Bottom + 2 : y.Map(Math.Clamp(0, y.Min, y.Max));
        for (int k = 0; k < _series.Count; k++)
        {
            var (name, values, col) = _series[k];
            var color = col ?? Palette.ForSeries(k);
            using var g = c.Group("bars", label: name);
            for (int i = 0; i < values.Length; i++)
            {
                if (!y.Accepts(values[i]))
                {
                    continue;
                }

                double left = i - (group / 2) + (k * width);
                double x0 = x.Map(left), x1 = x.Map(left + width);
                double top = y.MapClamped(values[i]);
                c.Rectangle(new Rect(x0, Math.Min(top, basePx), x1 - x0, Math.Abs(basePx - top)), color.WithOpacity(0.85), new Stroke(Color.White, 0.7), "bar");
            }
        }

        if (!y.Log && y.Min < 0 && y.Max > 0)
        {
            c.Line(plot.X, basePx, plot.Right, basePx, new Stroke(ChartStyle.Frame, 0.8));
        }
    }

    internal override void DrawOverlay(Canvas c, Axis x, Axis y, Rect plot)
    {
        if (!ShowValues)
        {
            return;
        }

        var s = Style;
        int n = Math.Max(1, _series.Count);
        double width = 0.8 / n;
        using var g = c.Group("bar-values");
        for (int k = 0; k < _series.Count; k++)
        {
            var values = _series[k].Values;
            for (int i = 0; i < values.Length; i++)
            {
                if (!y.Accepts(values[i]) || values[i] < y.Min || values[i] > y.Max)
                {
                    continue;
                }

                double left = i - 0.4 + (k * width);
                double x0 = x.Map(left), x1 = x.Map(left + width);
                double top = y.Map(values[i]);
                var text = NumberFormat.Compact(values[i]);

                // Shrink the label to its bar's width so neighbouring labels never run together.
                double size = FontSize * 0.9;
                double w = s.TextWidth(text, size);
                if (w > (x1 - x0) + 2)
                {
                    size = Math.Max(FontSize * 0.55, size * ((x1 - x0) + 2) / w);
                }

                bool below = !y.Log && values[i] < 0;
                c.Text((x0 + x1) / 2, below ? top + 3 : top - 3, text,
                    new TextStyle(size, ChartStyle.Text, TextAnchor.Middle, below ? TextBaseline.Top : TextBaseline.Alphabetic), "bar-value");
            }
        }
    }

    internal override List<LegendEntry> LegendEntries() =>
        _series.Count <= 1 ? [] : [.. _series.Select((s, k) => new LegendEntry(s.Name, (s.Color ?? Palette.ForSeries(k)).WithOpacity(0.85), Box: true))];

    internal override IEnumerable<Point> Obstacles(Axis x, Axis y)
    {
        int n = Math.Max(1, _series.Count);
        double width = 0.8 / n;
        for (int k = 0; k < _series.Count; k++)
        {
            var values = _series[k].Values;
            for (int i = 0; i < values.Length; i++)
            {
                if (!y.Accepts(values[i]))
                {
                    continue;
                }

                double left = i - 0.4 + (k * width);
                double top = y.MapClamped(values[i]) - (ShowValues ? FontSize * 1.2 : 0);
                double basePx = y.Log ? y.P0 : y.Map(Math.Clamp(0, y.Min, y.Max));
                for (double px = x.Map(left); px <= x.Map(left + width); px += 3)
                {
                    for (double py = Math.Min(top, basePx); py <= Math.Max(top, basePx); py += 6)
                    {
                        yield return new Point(px, py);
                    }
                }
            }
        }
    }
}
