namespace Descent.Plotting;

/// <summary>A continuous vertical colour bar with numeric ticks, shared by heat maps.</summary>
internal static class ColorBar
{
    public static double Width(ChartStyle s, double min, double max, string? label)
    {
        var axis = new Axis(min, max, false) { P0 = 300, P1 = 0 };
        var ticks = TickPlanner.Plan(axis, s.FontSize * 4, _ => s.FontSize * 1.3);
        double labelW = ticks.Labels.Length == 0 ? 0 : ticks.Labels.Max(l => s.TextWidth(l, s.FontSize));
        return (s.Pad * 1.2) + (s.FontSize * 1.2) + s.TickLength + (s.FontSize * 0.4) + labelW + (label is null ? 0 : s.LabelSize * 1.6);
    }

    public static void Draw(Canvas c, Rect area, double min, double max, Colormap map, string? label, ChartStyle s)
    {
        double barW = s.FontSize * 1.2;
        var bar = new Rect(area.X, area.Y, barW, area.Height);
        var img = new RgbaImage(1, 256);
        for (int k = 0; k < 256; k++)
        {
            img.Set(0, 255 - k, map.Map(k / 255.0));
        }

        using var g = c.Group("colorbar");
        c.Image(bar, img, smooth: true);
        c.Rectangle(bar, null, new Stroke(ChartStyle.Frame, 0.8));
        var axis = new Axis(min, max, false) { P0 = bar.Bottom, P1 = bar.Y };
        var ticks = TickPlanner.Plan(axis, s.FontSize * 4, _ => s.FontSize * 1.3);
        var tick = new Stroke(ChartStyle.Frame, 0.8);
        for (int i = 0; i < ticks.Major.Length; i++)
        {
            double py = axis.Map(ticks.Major[i]);
            c.Line(bar.Right, py, bar.Right + s.TickLength, py, tick);
            c.Text(bar.Right + s.TickLength + (s.FontSize * 0.35), py, ticks.Labels[i], s.Tick(TextAnchor.Start, TextBaseline.Middle), "tick-label");
        }

        if (label is not null)
        {
            c.Text(area.Right, bar.CenterY, label, s.Label(TextAnchor.Middle, TextBaseline.Bottom, -90), "axis-label");
        }
    }
}
