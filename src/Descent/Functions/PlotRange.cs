using System.Globalization;

namespace Descent.Functions;

/// <summary>
/// A rectangle worth plotting: x ∈ [<paramref name="XMin"/>, <paramref name="XMax"/>], y ∈ [<paramref name="YMin"/>,
/// <paramref name="YMax"/>]. For a 2-D (or higher) objective x and y are the first two coordinates; for a 1-D objective y is
/// the range of function values.
/// </summary>
public readonly record struct PlotRange(double XMin, double XMax, double YMin, double YMax)
{
    /// <summary>Formats as <c>x ∈ [-2, 2], y ∈ [-1, 3]</c>.</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture, $"x ∈ [{XMin:R}, {XMax:R}], y ∈ [{YMin:R}, {YMax:R}]");
}
