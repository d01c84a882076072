namespace Descent.Plotting;

/// <summary>
/// A matrix of values as coloured cells with a colour bar: Hessians, confusion matrices, hyperparameter sweeps. Row 0 is at
/// the top, as when a matrix is printed. NaN cells are drawn light grey.
/// </summary>
/// <example>
/// <code>
/// var map = new Heatmap(hessian) { Title = "Hessian at the minimum", Colormap = Colormap.BlueWhiteRed, Symmetric = true };
/// map.Save("hessian.svg");
/// </code>
/// </example>
public sealed class Heatmap : Chart
{
    private readonly double[,] _values;

    /// <summary>Creates a heat map of <paramref name="values"/> (<c>values[row, column]</c>), copied.</summary>
    /// <exception cref="ArgumentException">The matrix is empty.</exception>
    public Heatmap(double[,] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.GetLength(0) == 0 || values.GetLength(1) == 0)
        {
            throw new ArgumentException($"A heat map needs at least one cell, got {values.GetLength(0)}x{values.GetLength(1)}.", nameof(values));
        }

        _values = (double[,])values.Clone();
    }

    /// <summary>Names of the rows (top to bottom), or <see langword="null"/> for row numbers.</summary>
    public IReadOnlyList<string>? RowLabels { get; set; }

    /// <summary>Names of the columns (left to right), or <see langword="null"/> for column numbers.</summary>
    public IReadOnlyList<string>? ColumnLabels { get; set; }

    /// <summary>Label under the columns, or <see langword="null"/>.</summary>
    public string? XLabel { get; set; }

    /// <summary>Label beside the rows, or <see langword="null"/>.</summary>
    public string? YLabel { get; set; }

    /// <summary>The colour map; <see cref="Colormap.Viridis"/> by default (use <see cref="Colormap.BlueWhiteRed"/> for signed data).</summary>
    public Colormap Colormap { get; set; } = Colormap.Viridis;

    /// <summary>Value mapped to the low end of the colour map, or <see langword="null"/> for the smallest value.</summary>
    public double? Min { get; set; }

    /// <summary>Value mapped to the high end of the colour map, or <see langword="null"/> for the largest value.</summary>
    public double? Max { get; set; }

    /// <summary>Centre the colour range on zero (−m to m with m the largest magnitude), for diverging colour maps.</summary>
    public bool Symmetric { get; set; }

    /// <summary>Write each value in its cell; <see langword="null"/> (default) does so when cells are large enough to read.</summary>
    public bool? ShowValues { get; set; }

    /// <summary>Keep cells square; on by default.</summary>
    public bool SquareCells { get; set; } = true;

    /// <summary>Show the colour bar; on by default.</summary>
    public bool ShowColorBar { get; set; } = true;

    /// <summary>Label of the colour bar, or <see langword="null"/>.</summary>
    public string? ColorBarLabel { get; set; }

    internal override string Describe()
    {
        var (lo, hi) = Range();
        return $"Heat map of a {_values.GetLength(0)}x{_values.GetLength(1)} matrix with values from {NumberFormat.Compact(lo)} to {NumberFormat.Compact(hi)}.";
    }

    internal override void Draw(Canvas c, Rect area)
    {
        var s = Style;
        int rows = _values.GetLength(0), cols = _values.GetLength(1);
        CheckLabels(RowLabels, rows, nameof(RowLabels));
        CheckLabels(ColumnLabels, cols, nameof(ColumnLabels));
        var (lo, hi) = Range();
        var rowNames = RowLabels ?? [.. Enumerable.Range(0, rows).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))];
        var colNames = ColumnLabels ?? [.. Enumerable.Range(0, cols).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))];
        double fs = s.FontSize;

        double top = area.Y + s.Pad + s.TitleBlockHeight(Title, area.Width, s.TitleSize);
        double rowLabelW = rowNames.Max(n => s.TextWidth(n, fs));
        double colLabelW = colNames.Max(n => s.TextWidth(n, fs));
        double left = area.X + s.Pad + (YLabel is null ? 0 : s.LabelSize * 1.55) + rowLabelW + (fs * 0.5);
        double right = area.Right - s.Pad - (ShowColorBar ? ColorBar.Width(s, lo, hi, ColorBarLabel) : 0);
        double cellW0 = (right - left) / cols;
        bool rotate = ColumnLabels is not null && colLabelW + (fs * 0.4) > cellW0;
        if (ColumnLabels is null)
        {
            // Index labels are thinned to round steps instead of slanted.
            int stride = LabelStride(true, colLabelW + (fs * 0.8), cellW0);
            colNames = [.. colNames.Select((n, i) => i % stride == 0 ? n : "")];
        }

        double colLabelH = rotate ? (colLabelW * 0.72) + fs : fs * 1.2;
        double bottom = area.Bottom - s.Pad - colLabelH - (XLabel is null ? 0 : s.LabelSize * 1.55);
        var plot = new Rect(left, top, Math.Max(10, right - left), Math.Max(10, bottom - top));
        if (SquareCells)
        {
            // Square cells leave spare room on one side; centre the matrix with its labels and colour bar.
            double cell = Math.Min(plot.Width / cols, plot.Height / rows);
            double spareX = plot.Width - (cell * cols), spareY = plot.Height - (cell * rows);
            plot = new Rect(plot.X + (spareX / 2), plot.Y + (spareY / 2), cell * cols, cell * rows);
        }

        double cw = plot.Width / cols, ch = plot.Height / rows;
        using (c.Group("cells"))
        {
            if (rows * cols <= 4096)
            {
                for (int r = 0; r < rows; r++)
                {
                    for (int k = 0; k < cols; k++)
                    {
                        // Cells overlap their right and lower neighbours by a hair so anti-aliasing leaves no seams.
                        double ow = k + 1 < cols ? 0.4 : 0, oh = r + 1 < rows ? 0.4 : 0;
                        c.Rectangle(new Rect(plot.X + (k * cw), plot.Y + (r * ch), cw + ow, ch + oh), CellColor(_values[r, k], lo, hi));
                    }
                }
            }
            else
            {
                var img = new RgbaImage(cols, rows);
                for (int r = 0; r < rows; r++)
                {
                    for (int k = 0; k < cols; k++)
                    {
                        img.Set(k, r, CellColor(_values[r, k], lo, hi));
                    }
                }

                // Viewers that ignore image-rendering:pixelated would blur cells together; blocks of several pixels per cell
                // stay crisp under any smoothing.
                int factor = Math.Clamp((int)Math.Ceiling(2 * Math.Max(plot.Width / cols, plot.Height / rows)), 1, 8);
                c.Image(plot, factor > 1 ? Upscale(img, factor) : img, smooth: false);
            }
        }

        bool values = ShowValues ?? (rows * cols <= 225 && cw >= fs * 2.6 && ch >= fs * 1.5);
        if (values)
        {
            double vfs = Math.Min(fs, ch * 0.45);
            using var g = c.Group("cell-values");
            for (int r = 0; r < rows; r++)
            {
                for (int k = 0; k < cols; k++)
                {
                    double v = _values[r, k];
                    var bg = CellColor(v, lo, hi);
                    var ink = bg.Luminance > 0.4 ? ChartStyle.Text : Color.White;
                    c.Text(plot.X + ((k + 0.5) * cw), plot.Y + ((r + 0.5) * ch), NumberFormat.Compact(v, 2), new TextStyle(vfs, ink, TextAnchor.Middle, TextBaseline.Middle));
                }
            }
        }

        c.Rectangle(plot, null, new Stroke(ChartStyle.Frame, 0.8), "frame");
        int rowStride = LabelStride(RowLabels is null, fs * 1.3, ch);
        int colStride = rotate ? LabelStride(ColumnLabels is null, fs * 1.3, cw) : 1;
        using (c.Group("axis y"))
        {
            for (int r = 0; r < rows; r += rowStride)
            {
                c.Text(plot.X - (fs * 0.5), plot.Y + ((r + 0.5) * ch), rowNames[r], s.Tick(TextAnchor.End, TextBaseline.Middle), "tick-label");
            }

            if (YLabel is not null)
            {
                c.Text(plot.X - rowLabelW - (fs * 0.5) - (s.LabelSize * 1.55), plot.CenterY, YLabel, s.Label(TextAnchor.Middle, TextBaseline.Top, -90), "axis-label");
            }
        }

        using (c.Group("axis x"))
        {
            for (int k = 0; k < cols; k += colStride)
            {
                if (colNames[k].Length == 0)
                {
                    continue;
                }

                double px = plot.X + ((k + 0.5) * cw);
                if (rotate)
                {
                    c.Text(px + (fs * 0.3), plot.Bottom + (fs * 0.5), colNames[k], s.Tick(TextAnchor.End, TextBaseline.Middle) with { Rotation = -45 }, "tick-label");
                }
                else
                {
                    c.Text(px, plot.Bottom + (fs * 0.4), colNames[k], s.Tick(TextAnchor.Middle, TextBaseline.Top), "tick-label");
                }
            }

            if (XLabel is not null)
            {
                c.Text(plot.CenterX, plot.Bottom + colLabelH + (s.LabelSize * 0.3), XLabel, s.Label(baseline: TextBaseline.Top), "axis-label");
            }
        }

        if (Title is not null)
        {
            s.DrawTitle(c, Title, plot.CenterX, area, s.TitleSize);
        }

        if (ShowColorBar)
        {
            double x0 = plot.Right + (s.Pad * 1.2);
            ColorBar.Draw(c, new Rect(x0, plot.Y, ColorBar.Width(s, lo, hi, ColorBarLabel) - (s.Pad * 1.2), plot.Height), lo, hi, Colormap, ColorBarLabel, s);
        }
    }

    /// <summary>Every how many rows or columns a label fits; index labels use round steps (1, 2, 5, 10, …).</summary>
    private static int LabelStride(bool indices, double needed, double cell)
    {
        int raw = Math.Max(1, (int)Math.Ceiling(needed / Math.Max(cell, 1e-9)));
        return indices && raw > 1 ? (int)Ticks.NiceStep(raw, 1) : raw;
    }

    private static RgbaImage Upscale(RgbaImage img, int factor)
    {
        var big = new RgbaImage(img.Width * factor, img.Height * factor);
        for (int y = 0; y < big.Height; y++)
        {
            for (int x = 0; x < big.Width; x++)
            {
                big.Set(x, y, img.Get(x / factor, y / factor));
            }
        }

        return big;
    }

    private Color CellColor(double v, double lo, double hi) =>
        double.IsNaN(v) ? new Color(0xDD, 0xDD, 0xDD) : Colormap.Map((v - lo) / (hi - lo));

    private (double Lo, double Hi) Range()
    {
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        foreach (double v in _values)
        {
            if (double.IsFinite(v))
            {
                lo = Math.Min(lo, v);
                hi = Math.Max(hi, v);
            }
        }

        if (!double.IsFinite(lo))
        {
            (lo, hi) = (0, 1);
        }

        if (Symmetric)
        {
            double m = Math.Max(Math.Abs(lo), Math.Abs(hi));
            (lo, hi) = (-m, m);
        }

        lo = Min ?? lo;
        hi = Max ?? hi;
        if (!(hi > lo))
        {
            double d = Math.Max(Math.Abs(lo) * 0.1, 1e-12);
            (lo, hi) = (lo - d, hi + d);
        }

        return (lo, hi);
    }

    private static void CheckLabels(IReadOnlyList<string>? labels, int count, string name)
    {
        if (labels is not null && labels.Count != count)
        {
            throw new ArgumentException($"{name} has {labels.Count} entries but the matrix has {count}; give one label per {(name == nameof(RowLabels) ? "row" : "column")}.", name);
        }
    }
}
