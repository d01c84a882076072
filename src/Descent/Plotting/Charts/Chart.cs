namespace Descent.Plotting;

/// <summary>
/// A figure that renders to SVG or PNG. Set its properties, then call <see cref="Save(string)"/>, <see cref="ToSvg"/> or
/// <see cref="ToPng"/>. Rendering does not change the chart, so it can be rendered several times.
/// </summary>
/// <remarks>A chart is not thread-safe: render one chart from one thread at a time (different charts may render in parallel).</remarks>
public abstract class Chart
{
    private double _width = 640;
    private double _height = 420;
    private double _fontSize = 12;
    private double _measureScale = double.NaN;

    private protected Chart()
    {
    }

    /// <summary>The title above the figure, or <see langword="null"/> for none.</summary>
    public string? Title { get; set; }

    /// <summary>
    /// An accessible description of what the figure shows (SVG <c>&lt;desc&gt;</c>); when <see langword="null"/> one is
    /// generated from the chart's contents.
    /// </summary>
    public string? Description { get; set; }

    /// <summary>Width in canvas units (pixels in SVG); 640 by default.</summary>
    public double Width
    {
        get => _width;
        set => _width = CheckSize(value, nameof(Width));
    }

    /// <summary>Height in canvas units (pixels in SVG); 420 by default.</summary>
    public double Height
    {
        get => _height;
        set => _height = CheckSize(value, nameof(Height));
    }

    /// <summary>Size of tick labels and legend text; titles and axis labels scale with it. 12 by default.</summary>
    public double FontSize
    {
        get => _fontSize;
        set => _fontSize = value is >= 4 and <= 72 ? value : throw new ArgumentOutOfRangeException(nameof(FontSize), value, "Font size must be between 4 and 72.");
    }

    /// <summary>
    /// Draws the chart onto a new canvas of <see cref="Width"/> × <see cref="Height"/>, laid out so that text fits both as
    /// SVG and as PNG. (<see cref="ToSvg"/> and <see cref="ToPng"/> lay out for their own format.)
    /// </summary>
    public Canvas Render() => Render(double.NaN);

    /// <summary>The chart as a standalone SVG document.</summary>
    public string ToSvg() => Render(0).ToSvg();

    /// <summary>The chart as PNG bytes, <paramref name="scale"/> pixels per canvas unit.</summary>
    /// <remarks>Text outside the PNG font's character set is drawn as '?' (see <see cref="Canvas.ToPng"/>).</remarks>
    /// <exception cref="ArgumentOutOfRangeException">The scale is not in (0, 16] or the image would be too large.</exception>
    public byte[] ToPng(double scale = 2)
    {
        if (!(scale > 0) || scale > 16)
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "PNG scale must be in (0, 16]; 1 gives one pixel per canvas unit, 2 suits high-DPI screens.");
        }

        return Render(scale).ToPng(scale);
    }

    /// <summary>Writes the chart as an SVG file (atomically: a temporary file is renamed over the target).</summary>
    public void SaveSvg(string path) => Descent.IO.AtomicFile.WriteAllText(path, ToSvg());

    /// <summary>Writes the chart as a PNG file, <paramref name="scale"/> pixels per canvas unit (atomically).</summary>
    public void SavePng(string path, double scale = 2) => Descent.IO.AtomicFile.WriteAllBytes(path, ToPng(scale));

    /// <summary>Writes an SVG or PNG file, chosen by the extension of <paramref name="path"/> (.svg or .png, any case).</summary>
    /// <exception cref="ArgumentException">The extension is neither .svg nor .png.</exception>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var ext = Path.GetExtension(path).ToLowerInvariant();
        switch (ext)
        {
            case ".svg":
                SaveSvg(path);
                break;
            case ".png":
                SavePng(path);
                break;
            default:
                throw new ArgumentException(
                    $"Cannot save a chart as '{(ext.Length == 0 ? "(no extension)" : ext)}' ({path}); use a .svg or .png file name.", nameof(path));
        }
    }

    /// <summary>The chart as SVG for inlining in HTML (no XML declaration or namespace; ids prefixed to stay unique).</summary>
    internal string ToInlineSvg(string idPrefix) => SvgWriter.Write(Render(0), standalone: false, idPrefix);

    /// <summary>Renders for a text-measuring mode: 0 for SVG, the pixel scale for PNG, NaN for both.</summary>
    internal Canvas Render(double measureScale)
    {
        BeforeRender();
        var canvas = new Canvas(Width, Height) { Title = Title, Description = Description ?? Describe() };
        DrawInto(canvas, new Rect(0, 0, Width, Height), measureScale);
        return canvas;
    }

    /// <summary>Draws into part of a canvas, measuring text for the given mode (see <see cref="Render(double)"/>).</summary>
    internal void DrawInto(Canvas canvas, Rect area, double measureScale)
    {
        _measureScale = measureScale;
        Draw(canvas, area);
    }

    /// <summary>Lets a chart derive its size from its contents just before rendering.</summary>
    private protected virtual void BeforeRender()
    {
    }

    /// <summary>Draws the chart into <paramref name="area"/> of <paramref name="canvas"/>.</summary>
    internal abstract void Draw(Canvas canvas, Rect area);

    /// <summary>A generated accessible description.</summary>
    internal abstract string Describe();

    private protected ChartStyle Style => new(FontSize, _measureScale);

    private static double CheckSize(double v, string name) =>
        v is >= 50 and <= 20_000 ? v : throw new ArgumentOutOfRangeException(name, v, $"{name} must be between 50 and 20000 canvas units.");
}

/// <summary>Sizes and colours shared by all charts, derived from the base font size.</summary>
/// <param name="FontSize">Base font size.</param>
/// <param name="MeasureScale">How text is measured: 0 for SVG, the pixel scale for PNG, NaN for both.</param>
internal readonly record struct ChartStyle(double FontSize, double MeasureScale = double.NaN)
{
    /// <summary>Width of a line of text in this style's measuring mode.</summary>
    public double TextWidth(string text, double size, bool bold = false) => TextMetrics.Width(text, size, bold, MeasureScale);

    public double TitleSize => FontSize * 1.3;

    public double LabelSize => FontSize * 1.1;

    public double TickLength => FontSize * 0.4;

    public double Pad => FontSize * 0.9;

    public static Color Text => new(0x22, 0x22, 0x22);

    public static Color TickText => new(0x33, 0x33, 0x33);

    public static Color Grid => new(0xE3, 0xE3, 0xE3);

    public static Color MinorGrid => new(0xF1, 0xF1, 0xF1);

    public static Color Frame => new(0x44, 0x44, 0x44);

    public TextStyle Tick(TextAnchor anchor, TextBaseline baseline) => new(FontSize, TickText, anchor, baseline);

    public TextStyle Label(TextAnchor anchor = TextAnchor.Middle, TextBaseline baseline = TextBaseline.Alphabetic, double rotation = 0) =>
        new(LabelSize, Text, anchor, baseline, Rotation: rotation);

    /// <summary>
    /// How a title is set in <paramref name="width"/>: one line at <paramref name="size"/> if it fits, else smaller (down to
    /// the tick-label size), else wrapped at spaces onto several lines.
    /// </summary>
    public (string[] Lines, double Size) TitleLines(string title, double width, double size)
    {
        double room = Math.Max(1, width - (2 * Pad));
        double w = TextWidth(title, size, bold: true);
        if (w <= room)
        {
            return ([title], size);
        }

        size = Math.Max(FontSize, size * room / w);
        if (TextWidth(title, size, bold: true) <= room)
        {
            return ([title], size);
        }

        var lines = new List<string>();
        var line = "";
        foreach (var word in title.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = line.Length == 0 ? word : line + " " + word;
            if (line.Length > 0 && TextWidth(candidate, size, bold: true) > room)
            {
                lines.Add(line);
                line = word;
            }
            else
            {
                line = candidate;
            }
        }

        lines.Add(line);
        return ([.. lines], size);
    }

    /// <summary>Vertical space a title takes above the plot (including the gap under it); 0 without a title.</summary>
    public double TitleBlockHeight(string? title, double width, double size)
    {
        if (title is null)
        {
            return FontSize * 0.4;
        }

        var (lines, sz) = TitleLines(title, width, size);
        return (sz * 1.05) + ((lines.Length - 1) * sz * 1.25) + (Pad * 0.9);
    }

    /// <summary>Draws a title (see <see cref="TitleLines"/>) centred on <paramref name="centerX"/> but kept inside <paramref name="area"/>.</summary>
    public void DrawTitle(Canvas c, string title, double centerX, Rect area, double size, double? top = null)
    {
        double y0 = top ?? area.Y + Pad;
        var (lines, sz) = TitleLines(title, area.Width, size);
        for (int i = 0; i < lines.Length; i++)
        {
            double w = TextWidth(lines[i], sz, bold: true);
            double x = Math.Clamp(centerX, area.X + Pad + (w / 2), Math.Max(area.X + Pad + (w / 2), area.Right - Pad - (w / 2)));
            c.Text(x, y0 + (i * sz * 1.25), lines[i], new TextStyle(sz, Text, TextAnchor.Middle, TextBaseline.Top, Bold: true), "title");
        }
    }
}
