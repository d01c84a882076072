namespace Descent.Plotting;

/// <summary>Where a chart puts its legend.</summary>
public enum LegendPosition
{
    /// <summary>Inside the plot in the corner that covers no data; outside on the right when every corner would.</summary>
    Auto,

    /// <summary>Inside, upper right corner.</summary>
    UpperRight,

    /// <summary>Inside, upper left corner.</summary>
    UpperLeft,

    /// <summary>Inside, lower left corner.</summary>
    LowerLeft,

    /// <summary>Inside, lower right corner.</summary>
    LowerRight,

    /// <summary>Outside the plot, to its right.</summary>
    OutsideRight,

    /// <summary>No legend.</summary>
    None,
}

/// <summary>One legend row: a swatch (line, marker and/or filled box) and a name.</summary>
internal sealed record LegendEntry(string Name, Color Color, Stroke? Line = null, MarkerShape? Marker = null, bool Box = false);

/// <summary>Measures and draws a legend box.</summary>
internal static class LegendBox
{
    public static (double Width, double Height) Measure(IReadOnlyList<LegendEntry> entries, ChartStyle s)
    {
        double swatch = s.FontSize * 2.2;
        double textW = entries.Count == 0 ? 0 : entries.Max(e => s.TextWidth(e.Name, s.FontSize));
        double pad = s.FontSize * 0.6;
        return (pad + swatch + (s.FontSize * 0.5) + textW + pad, (2 * pad) + (entries.Count * RowHeight(s)) - (s.FontSize * 0.3));
    }

    public static double RowHeight(ChartStyle s) => s.FontSize * 1.45;

    public static void Draw(Canvas c, IReadOnlyList<LegendEntry> entries, Rect box, ChartStyle s, bool framed)
    {
        using var g = c.Group("legend");
        if (framed)
        {
            c.Rectangle(box, Color.White.WithOpacity(0.88), new Stroke(new Color(0xCC, 0xCC, 0xCC), 0.8));
        }

        double pad = s.FontSize * 0.6;
        double swatch = s.FontSize * 2.2;
        double y = box.Y + pad + (RowHeight(s) / 2) - (s.FontSize * 0.15);
        foreach (var e in entries)
        {
            double x0 = box.X + pad, x1 = x0 + swatch, xm = (x0 + x1) / 2;
            if (e.Box)
            {
                double h = s.FontSize * 0.8;
                c.Rectangle(new Rect(x0 + (swatch * 0.15), y - (h / 2), swatch * 0.7, h), e.Color, e.Line);
            }
            else if (e.Line is { } line)
            {
                c.Line(x0, y, x1, y, line);
            }

            if (e.Marker is { } m)
            {
                c.Marker(xm, y, m, s.FontSize * 0.6, e.Color, new Stroke(Color.White, 0.8));
            }

            c.Text(x1 + (s.FontSize * 0.5), y, e.Name, new TextStyle(s.FontSize, ChartStyle.Text, TextAnchor.Start, TextBaseline.Middle), "legend-label");
            y += RowHeight(s);
        }
    }
}
