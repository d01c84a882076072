namespace Descent.Analysis;

/// <summary>
/// A path of parameter vectors projected onto the plane of its two principal directions (<see cref="PathProjection.Pca"/>).
/// </summary>
/// <param name="Origin">The plane's origin θ* (by default the path's last point, the trained model).</param>
/// <param name="Direction1">The first principal direction (unit length).</param>
/// <param name="Direction2">The second principal direction (unit length, orthogonal to the first).</param>
/// <param name="ExplainedVariance1">The fraction of the path's variance along <see cref="Direction1"/>.</param>
/// <param name="ExplainedVariance2">The fraction along <see cref="Direction2"/> (0 when the path is a straight line).</param>
/// <param name="X">Each point's coordinate ⟨θᵢ − θ*, d₁⟩.</param>
/// <param name="Y">Each point's coordinate ⟨θᵢ − θ*, d₂⟩.</param>
public sealed record PlaneProjection(
    double[] Origin,
    double[] Direction1,
    double[] Direction2,
    double ExplainedVariance1,
    double ExplainedVariance2,
    double[] X,
    double[] Y)
{
    /// <summary>An honest axis label: "1st PCA direction (83.1% of variance)".</summary>
    public string AxisLabel(int axis) => axis switch
    {
        1 => $"1st PCA direction ({Percent(ExplainedVariance1)} of variance)",
        2 => $"2nd PCA direction ({Percent(ExplainedVariance2)} of variance)",
        _ => throw new ArgumentOutOfRangeException(nameof(axis), axis, "axis is 1 or 2"),
    };

    /// <summary>
    /// A box for a landscape grid around the path: the bounding box of the projected points and the origin, widened by
    /// <paramref name="margin"/> of its size on each side (the β side by at least 5% of the α extent, so a nearly straight path
    /// still gets a usable plane).
    /// </summary>
    public (double XMin, double XMax, double YMin, double YMax) Bounds(double margin = 0.25)
    {
        double x0 = Math.Min(0, X.Min()), x1 = Math.Max(0, X.Max());
        double y0 = Math.Min(0, Y.Min()), y1 = Math.Max(0, Y.Max());
        double mx = Math.Max(margin * (x1 - x0), 1e-3);
        double my = Math.Max(margin * (y1 - y0), Math.Max(1e-3, 0.05 * (x1 - x0)));
        return (x0 - mx, x1 + mx, y0 - my, y1 + my);
    }

    private static string Percent(double f) => (100 * f).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + "%";
}
