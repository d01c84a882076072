using System.Globalization;
using Descent.Functions;

namespace Descent.Analysis;

/// <summary>
/// The second-derivative test of lecture 001: at a point where the gradient vanishes, the signs of the Hessian's eigenvalues
/// tell a minimum (all positive) from a maximum (all negative) from a saddle (both signs); a zero eigenvalue leaves the test
/// undecided. The eigenvector of the most negative eigenvalue is the direction that escapes a saddle.
/// </summary>
public static class CriticalPoints
{
    /// <summary>The default tolerance for ‖∇f‖ and for calling an eigenvalue zero.</summary>
    public const double DefaultTolerance = 1e-6;

    /// <summary>Analyses <paramref name="function"/> at <paramref name="point"/> with the dense Hessian (n ≤ <see cref="Hessians.MaxDenseDimension"/>).</summary>
    /// <param name="function">f.</param>
    /// <param name="point">The point.</param>
    /// <param name="tolerance">‖∇f‖ above it is not critical; |λ| at or below it counts as zero.</param>
    /// <exception cref="ArgumentException">The point has the wrong length or a non-finite coordinate, the tolerance is negative or
    /// not finite, n is too large for a dense Hessian, or f is not finite at the point.</exception>
    public static CriticalPointAnalysis Analyze(IDifferentiableFunction function, IReadOnlyList<double> point, double tolerance = DefaultTolerance)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(point);
        if (!(tolerance >= 0) || !double.IsFinite(tolerance))
        {
            throw new ArgumentException($"The tolerance must be a non-negative number, got {tolerance}", nameof(tolerance));
        }

        var x = point.ToArray();
        OperatorChecks.CheckPoint("Analyze", function.Dimension, x.Length, nameof(point));
        OperatorChecks.CheckFinite(x, "The point", nameof(point));
        var gradient = new double[x.Length];
        double value = function.ValueAndGradient(x, gradient);
        var hessian = Hessians.Dense(function, x);
        if (!double.IsFinite(value) || gradient.Any(g => !double.IsFinite(g)) || hessian.Cast<double>().Any(h => !double.IsFinite(h)))
        {
            throw new ArgumentException($"The function is not finite (or not twice differentiable) at ({string.Join(", ", x.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))}): f = {value.ToString("R", CultureInfo.InvariantCulture)}", nameof(point));
        }

        var eigen = SymmetricEigen.Decompose(hessian);
        double norm = VectorMath.Norm(gradient);
        return new CriticalPointAnalysis(x, value, gradient, norm, hessian, eigen.Values, eigen.Vectors, Classify(norm, eigen.Values, tolerance), tolerance);
    }

    /// <summary>Analyses an objective (a test function or expression) at <paramref name="point"/>.</summary>
    /// <exception cref="ArgumentException">See <see cref="Analyze(IDifferentiableFunction, IReadOnlyList{double}, double)"/>.</exception>
    public static CriticalPointAnalysis Analyze(IObjective objective, IReadOnlyList<double> point, double tolerance = DefaultTolerance) =>
        Analyze(new ObjectiveFunction(objective), point, tolerance);

    /// <summary>
    /// The verdict from the gradient norm and the eigenvalues: not critical when ‖∇f‖ &gt; tolerance; otherwise a saddle when
    /// some λ &gt; tolerance and some λ &lt; −tolerance (zero eigenvalues cannot undo that), degenerate when some |λ| ≤ tolerance,
    /// else a minimum (all λ &gt; tolerance) or a maximum (all λ &lt; −tolerance).
    /// </summary>
    public static CriticalPointKind Classify(double gradientNorm, IReadOnlyList<double> eigenvalues, double tolerance = DefaultTolerance)
    {
        ArgumentNullException.ThrowIfNull(eigenvalues);
        if (!(gradientNorm <= tolerance))
        {
            return CriticalPointKind.NotCritical;
        }

        bool positive = eigenvalues.Any(l => l > tolerance);
        bool negative = eigenvalues.Any(l => l < -tolerance);
        if (positive && negative)
        {
            return CriticalPointKind.Saddle;
        }

        if (eigenvalues.Count == 0 || eigenvalues.Any(l => Math.Abs(l) <= tolerance))
        {
            return CriticalPointKind.Degenerate;
        }

        return positive ? CriticalPointKind.Minimum : CriticalPointKind.Maximum;
    }

    /// <summary>
    /// Explains the verdict in one or two sentences, such as "The gradient vanishes and the Hessian has eigenvalues of both signs
    /// (−2 and 2): a saddle point. Moving along (0.707, 0.707) decreases f."
    /// </summary>
    public static string Explain(CriticalPointAnalysis analysis)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        var eig = ListNumbers(analysis.Eigenvalues);
        string tol = Number(analysis.Tolerance);
        switch (analysis.Kind)
        {
            case CriticalPointKind.NotCritical:
                return $"The gradient does not vanish (‖∇f‖ = {Number(analysis.GradientNorm)} > {tol}): not a critical point. " +
                    $"Moving along −∇f/‖∇f‖ = {Vector(analysis.DescentDirection!)} decreases f.";
            case CriticalPointKind.Minimum:
                return $"The gradient vanishes and every eigenvalue of the Hessian is positive ({eig}): a local minimum. " +
                    "f increases in every direction.";
            case CriticalPointKind.Maximum:
                return $"The gradient vanishes and every eigenvalue of the Hessian is negative ({eig}): a local maximum. " +
                    $"f decreases in every direction, fastest along {Vector(analysis.DescentDirection!)}.";
            case CriticalPointKind.Saddle:
                return $"The gradient vanishes and the Hessian has eigenvalues of both signs ({eig}): a saddle point. " +
                    $"Moving along {Vector(analysis.DescentDirection!)} decreases f.";
            default:
                var down = analysis.DescentDirection;
                return $"The gradient vanishes but the Hessian has a zero eigenvalue ({eig}; |λ| ≤ {tol} counts as zero): a degenerate " +
                    "critical point, where the second-derivative test decides nothing and higher-order terms do" +
                    (down != null ? $". Moving along {Vector(down)} decreases f." : ".");
        }
    }

    private static string ListNumbers(IReadOnlyList<double> raw)
    {
        // Rounding noise around an exact zero eigenvalue (1e-17) is shown as 0.
        double scale = raw.Count == 0 ? 0 : raw.Max(Math.Abs);
        var values = raw.Select(l => Math.Abs(l) <= Math.Max(1e-15, 1e-12 * scale) ? 0 : l).ToArray();
        if (values.Length == 0)
        {
            return "none";
        }

        if (values.Length == 1)
        {
            return Number(values[0]);
        }

        if (values.Length <= 6)
        {
            return string.Join(", ", values.Take(values.Length - 1).Select(Number)) + " and " + Number(values[^1]);
        }

        return $"{values.Length} eigenvalues from {Number(values[0])} to {Number(values[^1])}";
    }

    private static string Vector(IReadOnlyList<double> v)
    {
        var shown = v.Take(6).Select(c => Number(Math.Round(c, 3)));
        return "(" + string.Join(", ", shown) + (v.Count > 6 ? ", …" : "") + ")";
    }

    // Readable, not round-trip: six significant digits, a true minus sign, and no "-0".
    private static string Number(double v)
    {
        if (v == 0)
        {
            v = 0;
        }

        var s = v.ToString("G6", CultureInfo.InvariantCulture);
        int e = s.IndexOf('E', StringComparison.Ordinal);
        if (e >= 0)
        {
            // 1E-06 → 1e-6
            s = s[..e] + "e" + int.Parse(s[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
        }

        return s.StartsWith('-') ? "−" + s[1..] : s;
    }
}
