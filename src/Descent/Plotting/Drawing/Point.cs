namespace Descent.Plotting;

/// <summary>A position on a canvas, in canvas units (pixels at scale 1); y grows downwards.</summary>
/// <param name="X">Horizontal position.</param>
/// <param name="Y">Vertical position, from the top.</param>
public readonly record struct Point(double X, double Y)
{
    /// <summary>Componentwise sum.</summary>
    public static Point operator +(Point a, Point b) => new(a.X + b.X, a.Y + b.Y);

    /// <summary>Componentwise difference.</summary>
    public static Point operator -(Point a, Point b) => new(a.X - b.X, a.Y - b.Y);

    /// <summary>Scaling by a number.</summary>
    public static Point operator *(Point a, double s) => new(a.X * s, a.Y * s);

    /// <summary>Euclidean length of the point seen as a vector.</summary>
    public double Length => Math.Sqrt((X * X) + (Y * Y));

    /// <summary>Whether both coordinates are finite numbers.</summary>
    public bool IsFinite => double.IsFinite(X) && double.IsFinite(Y);
}
