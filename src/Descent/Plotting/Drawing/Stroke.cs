namespace Descent.Plotting;

/// <summary>How a line is drawn: colour, width and an optional dash pattern.</summary>
/// <param name="Color">Line colour (its alpha is the line's opacity).</param>
/// <param name="Width">Line width in canvas units.</param>
/// <param name="Dash">Alternating dash and gap lengths in canvas units, or <see langword="null"/> for a solid line.</param>
/// <param name="RoundCaps">Round line ends instead of flat ones cut at the end points.</param>
public sealed record Stroke(Color Color, double Width = 1, double[]? Dash = null, bool RoundCaps = false)
{
    /// <summary>A dash pattern that reads as "dashed" at any line width (5 on, 3 off, scaled by the width).</summary>
    public static double[] Dashed(double width) => [5 * Math.Max(1, width), 3 * Math.Max(1, width)];

    /// <summary>A dotted pattern scaled by the line width.</summary>
    public static double[] Dotted(double width) => [1.2 * Math.Max(1, width), 2.2 * Math.Max(1, width)];
}
