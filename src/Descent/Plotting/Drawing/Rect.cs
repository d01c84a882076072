namespace Descent.Plotting;

/// <summary>An axis-aligned rectangle on a canvas (y grows downwards).</summary>
/// <param name="X">Left edge.</param>
/// <param name="Y">Top edge.</param>
/// <param name="Width">Width (non-negative).</param>
/// <param name="Height">Height (non-negative).</param>
public readonly record struct Rect(double X, double Y, double Width, double Height)
{
    /// <summary>Right edge.</summary>
    public double Right => X + Width;

    /// <summary>Bottom edge.</summary>
    public double Bottom => Y + Height;

    /// <summary>Horizontal centre.</summary>
    public double CenterX => X + (Width / 2);

    /// <summary>Vertical centre.</summary>
    public double CenterY => Y + (Height / 2);

    /// <summary>Whether the point lies inside or on the border.</summary>
    public bool Contains(Point p) => p.X >= X && p.X <= Right && p.Y >= Y && p.Y <= Bottom;

    /// <summary>Whether the two rectangles overlap (touching edges do not count).</summary>
    public bool Intersects(Rect o) => X < o.Right && o.X < Right && Y < o.Bottom && o.Y < Bottom;

    /// <summary>The rectangle grown by <paramref name="d"/> on every side (shrunk when negative).</summary>
    public Rect Inflate(double d) => new(X - d, Y - d, Math.Max(0, Width + (2 * d)), Math.Max(0, Height + (2 * d)));

    /// <summary>The overlap of two rectangles (zero-sized when they do not overlap).</summary>
    public Rect Intersect(Rect o)
    {
        double x0 = Math.Max(X, o.X), y0 = Math.Max(Y, o.Y);
        double x1 = Math.Min(Right, o.Right), y1 = Math.Min(Bottom, o.Bottom);
        return new Rect(x0, y0, Math.Max(0, x1 - x0), Math.Max(0, y1 - y0));
    }
}
