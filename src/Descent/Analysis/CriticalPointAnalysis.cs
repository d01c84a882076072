namespace Descent.Analysis;

/// <summary>The second-order analysis of a point: value, gradient, Hessian, its eigen-decomposition, and the verdict.</summary>
/// <param name="Point">The point analysed.</param>
/// <param name="Value">f at the point.</param>
/// <param name="Gradient">∇f at the point.</param>
/// <param name="GradientNorm">‖∇f‖₂.</param>
/// <param name="Hessian">∇²f at the point, as double backward gives it (symmetric up to rounding).</param>
/// <param name="Eigenvalues">The Hessian's eigenvalues, ascending.</param>
/// <param name="Eigenvectors">Unit eigenvectors, one per eigenvalue, largest-magnitude component positive.</param>
/// <param name="Kind">The verdict.</param>
/// <param name="Tolerance">The tolerance used for the gradient norm and for calling an eigenvalue zero.</param>
public sealed record CriticalPointAnalysis(
    double[] Point,
    double Value,
    double[] Gradient,
    double GradientNorm,
    double[,] Hessian,
    double[] Eigenvalues,
    double[][] Eigenvectors,
    CriticalPointKind Kind,
    double Tolerance)
{
    /// <summary>
    /// A unit direction along which f decreases to second order from a critical point: the eigenvector of the most negative
    /// eigenvalue (the escape direction from a saddle; the steepest way down from a maximum); for a non-critical point, the
    /// normalised negative gradient. Null when no eigenvalue is below −tolerance at a critical point.
    /// </summary>
    public double[]? DescentDirection
    {
        get
        {
            if (Kind == CriticalPointKind.NotCritical)
            {
                return Gradient.Select(g => -g / GradientNorm).ToArray();
            }

            return Eigenvalues.Length > 0 && Eigenvalues[0] < -Tolerance ? (double[])Eigenvectors[0].Clone() : null;
        }
    }

    /// <summary>One or two sentences explaining the verdict, for people (see <see cref="CriticalPoints.Explain"/>).</summary>
    public string Explanation => CriticalPoints.Explain(this);
}
