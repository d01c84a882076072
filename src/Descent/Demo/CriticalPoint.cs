namespace Descent.Demo;

/// <summary>
/// The second-derivative test at a point of a 2-variable function: the eigenvalues and eigenvectors of its 2×2 Hessian (closed form,
/// no linear-algebra library) and what they say — minimum, maximum, saddle, or inconclusive.
/// </summary>
/// <param name="Eigenvalues">λ₁ ≤ λ₂.</param>
/// <param name="Eigenvectors">Unit eigenvectors, in the order of <paramref name="Eigenvalues"/>.</param>
/// <param name="Verdict">A one-line classification.</param>
public sealed record CriticalPoint(IReadOnlyList<double> Eigenvalues, IReadOnlyList<IReadOnlyList<double>> Eigenvectors, string Verdict)
{
    /// <summary>Classifies the point with Hessian <paramref name="hessian"/> (symmetrised) and gradient <paramref name="gradient"/>.</summary>
    /// <exception cref="ArgumentException">The Hessian is not 2×2 or the gradient does not have two entries.</exception>
    public static CriticalPoint Classify(double[,] hessian, IReadOnlyList<double> gradient, double tolerance = 1e-9)
    {
        ArgumentNullException.ThrowIfNull(hessian);
        ArgumentNullException.ThrowIfNull(gradient);
        if (hessian.GetLength(0) != 2 || hessian.GetLength(1) != 2 || gradient.Count != 2)
        {
            throw new ArgumentException($"the closed-form test needs a 2×2 Hessian and a gradient of 2 entries, got {hessian.GetLength(0)}×{hessian.GetLength(1)} and {gradient.Count}");
        }

        double a = hessian[0, 0], d = hessian[1, 1], b = (hessian[0, 1] + hessian[1, 0]) / 2;

        // λ = mean ± √(half-difference² + b²): real for a symmetric matrix, computed without cancellation in the radius.
        double mean = (a + d) / 2, radius = Math.Sqrt((((a - d) / 2) * ((a - d) / 2)) + (b * b));
        double l1 = mean - radius, l2 = mean + radius;
        var v1 = Eigenvector(a, b, d, l1, other: null);
        var v2 = Eigenvector(a, b, d, l2, v1);
        double gradientNorm = Math.Sqrt((gradient[0] * gradient[0]) + (gradient[1] * gradient[1]));
        string kind = l1 > tolerance ? "local minimum (both eigenvalues positive)"
            : l2 < -tolerance ? "local maximum (both eigenvalues negative)"
            : l1 < -tolerance && l2 > tolerance ? "saddle point (eigenvalues of both signs)"
            : "inconclusive (an eigenvalue is zero: look at higher derivatives)";
        string verdict = gradientNorm > tolerance ? $"not a critical point (|∇f| = {DemoText.G(gradientNorm, 3)}); the curvature there would make it a {kind}" : kind;
        return new CriticalPoint([l1, l2], [v1, v2], verdict);
    }

    private static double[] Eigenvector(double a, double b, double d, double lambda, double[]? other)
    {
        if (other != null)
        {
            // Symmetric: the second eigenvector is perpendicular to the first.
            return [-other[1], other[0]];
        }

        // (H − λI)v = 0: v = (b, λ − a) or (λ − d, b), whichever is longer (both vanish only for a multiple of I).
        double[] u = [b, lambda - a], w = [lambda - d, b];
        var v = Norm(u) >= Norm(w) ? u : w;
        double n = Norm(v);
        if (n == 0)
        {
            return [1, 0];
        }

        // A sign convention, so the output is stable: first non-zero coordinate positive.
        double sign = v[0] < 0 || (v[0] == 0 && v[1] < 0) ? -1 : 1;
        return [sign * v[0] / n, sign * v[1] / n];
    }

    private static double Norm(double[] v) => Math.Sqrt((v[0] * v[0]) + (v[1] * v[1]));
}
