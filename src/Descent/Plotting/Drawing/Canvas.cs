namespace Descent.Plotting;

/// <summary>
/// A vector drawing: lines, polygons, circles, markers, arrows and text, grouped and clipped, that renders to SVG or PNG.
/// Charts draw onto a canvas; you can also draw on one directly, or add to the canvas a chart renders.
/// </summary>
/// <remarks>
/// Coordinates are canvas units with the origin at the top left and y growing downwards; one unit is one pixel in SVG and
/// <c>scale</c> pixels in PNG. Non-finite coordinates are never written: a polyline breaks at them, other shapes with them are skipped.
/// </remarks>
public sealed class Canvas
{
    private readonly GroupElement _root = new();
    private readonly Stack<GroupElement> _open = new();

    /// <summary>Creates an empty canvas of the given size.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive and finite.</exception>
    public Canvas(double width, double height)
    {
        if (!(width > 0) || !(height > 0) || !double.IsFinite(width) || !double.IsFinite(height))
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"Canvas size {width} x {height} must be positive and finite.");
        }

        Width = width;
        Height = height;
        _open.Push(_root);
    }

    /// <summary>Width in canvas units.</summary>
    public double Width { get; }

    /// <summary>Height in canvas units.</summary>
    public double Height { get; }

    /// <summary>Short accessible title (SVG <c>&lt;title&gt;</c>), usually the chart title.</summary>
    public string? Title { get; set; }

    /// <summary>Longer accessible description (SVG <c>&lt;desc&gt;</c>) saying what the figure shows.</summary>
    public string? Description { get; set; }

    /// <summary>The colour under everything; white by default, <see cref="Color.Transparent"/> for none.</summary>
    public Color Background { get; set; } = Color.White;

    internal GroupElement Root => _root;

    /// <summary>Draws a straight line.</summary>
    public void Line(double x1, double y1, double x2, double y2, Stroke stroke, string? cssClass = null) =>
        Polyline([new Point(x1, y1), new Point(x2, y2)], stroke, cssClass);

    /// <summary>Draws connected line segments; the line breaks at non-finite points.</summary>
    public void Polyline(IReadOnlyList<Point> points, Stroke stroke, string? cssClass = null)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(stroke);
        var runs = FiniteRuns(points, 2);
        if (runs.Count > 0)
        {
            Add(new PathElement { Rings = runs, Closed = false, Stroke = stroke, Class = cssClass });
        }
    }

    /// <summary>Draws several polylines with one stroke as a single shape (one SVG element); each breaks at non-finite points.</summary>
    public void Polylines(IEnumerable<IReadOnlyList<Point>> lines, Stroke stroke, string? cssClass = null)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(stroke);
        var runs = lines.SelectMany(l => FiniteRuns(l, 2)).ToList();
        if (runs.Count > 0)
        {
            Add(new PathElement { Rings = runs, Closed = false, Stroke = stroke, Class = cssClass });
        }
    }

    /// <summary>Draws a closed polygon, filled and/or outlined.</summary>
    public void Polygon(IReadOnlyList<Point> points, Color? fill, Stroke? stroke = null, string? cssClass = null)
    {
        ArgumentNullException.ThrowIfNull(points);
        Path([points], fill, stroke, evenOdd: false, cssClass);
    }

    /// <summary>
    /// Draws a shape made of several closed rings; with <paramref name="evenOdd"/> a ring inside another is a hole whatever
    /// its orientation, otherwise the non-zero rule applies.
    /// </summary>
    public void Path(IReadOnlyList<IReadOnlyList<Point>> rings, Color? fill, Stroke? stroke = null, bool evenOdd = true, string? cssClass = null)
    {
        ArgumentNullException.ThrowIfNull(rings);
        var clean = new List<Point[]>(rings.Count);
        foreach (var ring in rings)
        {
            if (ring.Count >= 2 && ring.All(p => p.IsFinite))
            {
                clean.Add([.. ring]);
            }
        }

        if (clean.Count > 0 && (fill is not null || stroke is not null))
        {
            Add(new PathElement { Rings = clean, Closed = true, Fill = fill, Stroke = stroke, EvenOdd = evenOdd, Class = cssClass });
        }
    }

    /// <summary>Draws an axis-aligned rectangle.</summary>
    public void Rectangle(Rect bounds, Color? fill, Stroke? stroke = null, string? cssClass = null)
    {
        if (IsFinite(bounds) && (fill is not null || stroke is not null))
        {
            Add(new RectElement { Bounds = bounds, Fill = fill, Stroke = stroke, Class = cssClass });
        }
    }

    /// <summary>Draws a circle.</summary>
    public void Circle(double cx, double cy, double radius, Color? fill, Stroke? stroke = null, string? cssClass = null)
    {
        if (double.IsFinite(cx) && double.IsFinite(cy) && radius > 0 && double.IsFinite(radius) && (fill is not null || stroke is not null))
        {
            Add(new CircleElement { Center = new Point(cx, cy), Radius = radius, Fill = fill, Stroke = stroke, Class = cssClass });
        }
    }

    /// <summary>
    /// Draws a marker centred on a point. <paramref name="size"/> is the marker's width; filled shapes use
    /// <paramref name="fill"/> and an optional outline, the line shapes (cross, plus) are drawn in the fill colour.
    /// </summary>
    public void Marker(double x, double y, MarkerShape shape, double size, Color fill, Stroke? outline = null, string? cssClass = null)
    {
        if (!double.IsFinite(x) || !double.IsFinite(y) || !(size > 0))
        {
            return;
        }

        double r = size / 2;
        switch (shape)
        {
            case MarkerShape.Circle:
                Circle(x, y, r, fill, outline, cssClass);
                break;
            case MarkerShape.Cross:
            case MarkerShape.Plus:
                {
                    var s = new Stroke(fill, outline?.Width is > 0 and var ow ? Math.Max(ow, size / 5) : Math.Max(1.2, size / 5));
                    double d = shape == MarkerShape.Cross ? r * 0.8 : r;
                    Point[][] arms = shape == MarkerShape.Cross
                        ? [[new(x - d, y - d), new(x + d, y + d)], [new(x - d, y + d), new(x + d, y - d)]]
                        : [[new(x - d, y), new(x + d, y)], [new(x, y - d), new(x, y + d)]];
                    Add(new PathElement { Rings = arms, Closed = false, Stroke = s, Class = cssClass });
                    break;
                }

            default:
                Polygon(MarkerOutline(shape, x, y, r), fill, outline, cssClass);
                break;
        }
    }

    /// <summary>
    /// Draws an arrow from (x1, y1) to (x2, y2) with a filled head at the end; <paramref name="headLength"/> is the head's
    /// length (its width is 0.7 of that).
    /// </summary>
    public void Arrow(double x1, double y1, double x2, double y2, Stroke stroke, double headLength = 9, string? cssClass = null)
    {
        ArgumentNullException.ThrowIfNull(stroke);
        var from = new Point(x1, y1);
        var to = new Point(x2, y2);
        var d = to - from;
        double len = d.Length;
        if (!from.IsFinite || !to.IsFinite || len < 1e-9)
        {
            return;
        }

        var u = d * (1 / len);
        var n = new Point(-u.Y, u.X);
        double head = Math.Min(headLength, len);
        var baseCenter = to - (u * head);
        using (Group(cssClass))
        {
            // The shaft stops inside the head so its flat end never pokes past the tip.
            Polyline([from, to - (u * (head * 0.6))], stroke with { Dash = null });
            Polygon([to, baseCenter + (n * (head * 0.35)), baseCenter - (n * (head * 0.35))], stroke.Color);
        }
    }

    /// <summary>Draws a single line of text at an anchor point.</summary>
    public void Text(double x, double y, string text, TextStyle style, string? cssClass = null)
    {
        ArgumentNullException.ThrowIfNull(style);
        if (!string.IsNullOrEmpty(text) && double.IsFinite(x) && double.IsFinite(y))
        {
            Add(new TextElement { Position = new Point(x, y), Text = text, Style = style, Class = cssClass });
        }
    }

    /// <summary>
    /// Opens a group; everything drawn until the returned scope is disposed belongs to it. The group may carry a CSS class,
    /// an accessible label and a clip rectangle outside which nothing of it is visible.
    /// </summary>
    public IDisposable Group(string? cssClass = null, Rect? clip = null, string? label = null)
    {
        var g = new GroupElement { Class = cssClass, Clip = clip, Label = label };
        Add(g);
        _open.Push(g);
        return new Scope(this, g);
    }

    internal void Image(Rect bounds, RgbaImage image, bool smooth, string? cssClass = null)
    {
        if (IsFinite(bounds) && bounds.Width > 0 && bounds.Height > 0)
        {
            Add(new ImageElement { Bounds = bounds, Image = image, Smooth = smooth, Class = cssClass });
        }
    }

    /// <summary>The canvas as a standalone SVG document.</summary>
    public string ToSvg() => SvgWriter.Write(this, standalone: true, idPrefix: "d-");

    /// <summary>The canvas rasterised to a PNG file's bytes; <paramref name="scale"/> pixels per canvas unit (2 suits high-DPI screens).</summary>
    /// <remarks>
    /// PNG text uses a small built-in bitmap font (no font files are read): printable ASCII, superscript and subscript
    /// digits, typographic minus and dashes, and α β ε η θ λ μ σ ∂ ∇ ≈ ≤ ≥ ± °. Any other character is drawn as '?';
    /// SVG output keeps all of Unicode.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">The scale is not in (0, 16] or the image would be too large.</exception>
    public byte[] ToPng(double scale = 2) => PngEncoder.Encode(RasterRenderer.Render(this, scale));

    private static bool IsFinite(Rect r) => double.IsFinite(r.X) && double.IsFinite(r.Y) && double.IsFinite(r.Width) && double.IsFinite(r.Height);

    private static List<Point[]> FiniteRuns(IReadOnlyList<Point> points, int minLength)
    {
        var runs = new List<Point[]>();
        var current = new List<Point>();
        foreach (var p in points)
        {
            if (p.IsFinite)
            {
                current.Add(p);
            }
            else
            {
                Flush();
            }
        }

        Flush();
        return runs;

        void Flush()
        {
            if (current.Count >= minLength)
            {
                runs.Add([.. current]);
            }

            current.Clear();
        }
    }

    private static Point[] MarkerOutline(MarkerShape shape, double x, double y, double r)
    {
        switch (shape)
        {
            case MarkerShape.Square:
                {
                    double s = r * 0.88;
                    return [new(x - s, y - s), new(x + s, y - s), new(x + s, y + s), new(x - s, y + s)];
                }

            case MarkerShape.Diamond:
                return [new(x, y - (r * 1.15)), new(x + (r * 0.9), y), new(x, y + (r * 1.15)), new(x - (r * 0.9), y)];
            case MarkerShape.TriangleUp:
            case MarkerShape.TriangleDown:
                {
                    double sgn = shape == MarkerShape.TriangleUp ? 1 : -1;
                    double t = r * 1.15;
                    return [new(x, y - (sgn * t)), new(x + (t * 0.866), y + (sgn * t * 0.5)), new(x - (t * 0.866), y + (sgn * t * 0.5))];
                }

            case MarkerShape.Star:
                {
                    var pts = new Point[10];
                    double outer = r * 1.25, inner = outer * 0.42;
                    for (int i = 0; i < 10; i++)
                    {
                        double a = (-Math.PI / 2) + (i * Math.PI / 5);
                        double rad = i % 2 == 0 ? outer : inner;
                        pts[i] = new Point(x + (rad * Math.Cos(a)), y + (rad * Math.Sin(a)));
                    }

                    return pts;
                }

            default:
                throw new ArgumentOutOfRangeException(nameof(shape), shape, "Unknown marker shape.");
        }
    }

    private void Add(Element e) => _open.Peek().Children.Add(e);

    private sealed class Scope(Canvas canvas, GroupElement group) : IDisposable
    {
        private bool _closed;

        public void Dispose()
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            if (!ReferenceEquals(canvas._open.Peek(), group))
            {
                throw new InvalidOperationException("Canvas groups must be closed in the reverse order they were opened.");
            }

            canvas._open.Pop();
        }
    }
}
