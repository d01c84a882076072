namespace Descent.Plotting;

// The drawing model: a tree of simple elements that both back ends (SVG, raster) walk. Coordinates are canvas units.
internal abstract class Element
{
    public string? Class { get; init; }
}

/// <summary>One or more subpaths (rings). Closed rings are filled and stroked as polygons; open ones are polylines.</summary>
internal sealed class PathElement : Element
{
    public required IReadOnlyList<Point[]> Rings { get; init; }

    public bool Closed { get; init; }

    public Color? Fill { get; init; }

    public Stroke? Stroke { get; init; }

    /// <summary>Even-odd fill rule (holes are rings inside rings, whatever their orientation); otherwise non-zero.</summary>
    public bool EvenOdd { get; init; }
}

internal sealed class CircleElement : Element
{
    public Point Center { get; init; }

    public double Radius { get; init; }

    public Color? Fill { get; init; }

    public Stroke? Stroke { get; init; }
}

internal sealed class RectElement : Element
{
    public Rect Bounds { get; init; }

    public Color? Fill { get; init; }

    public Stroke? Stroke { get; init; }
}

internal sealed class TextElement : Element
{
    public Point Position { get; init; }

    public required string Text { get; init; }

    public required TextStyle Style { get; init; }
}

internal sealed class ImageElement : Element
{
    public Rect Bounds { get; init; }

    public required RgbaImage Image { get; init; }

    /// <summary>Bilinear smoothing when scaled; otherwise each source pixel is a crisp block.</summary>
    public bool Smooth { get; init; }
}

internal sealed class GroupElement : Element
{
    public List<Element> Children { get; } = [];

    public Rect? Clip { get; init; }

    /// <summary>A short accessible label (SVG <c>aria-label</c>), e.g. a series name.</summary>
    public string? Label { get; init; }
}
