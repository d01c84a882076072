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

    private static string Percent(double f) => (100 * f).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + "%";
}
