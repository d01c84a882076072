namespace Descent.Analysis;

/// <summary>
/// Exact first and second derivatives of any <see cref="IDifferentiableFunction"/> as plain arrays: the gradient, Hessian-vector
/// products without forming the Hessian, and the dense Hessian (one product per column, for small n).
/// </summary>
public static class Hessians
{
    /// <summary>The largest n for which <see cref="Dense(IDifferentiableFunction, ReadOnlySpan{double})"/> forms the matrix.</summary>
    public const int MaxDenseDimension = 10_000;

    /// <summary>∇f(<paramref name="point"/>).</summary>
    /// <exception cref="ArgumentException">The point has the wrong length.</exception>
    public static double[] Gradient(IDifferentiableFunction function, ReadOnlySpan<double> point)
    {
        ArgumentNullException.ThrowIfNull(function);
        var g = new double[function.Dimension];
        function.ValueAndGradient(point, g);
        return g;
    }

    /// <summary>
    /// The Hessian-vector product ∇²f(<paramref name="point"/>)·<paramref name="vector"/>, exactly, by double backward: the gradient
    /// with <c>createGraph: true</c>, then the gradient of g·v. Costs about two gradient evaluations; the Hessian is never formed.
    /// To multiply many vectors at one point, keep <see cref="IDifferentiableFunction.HessianAt"/> instead.
    /// </summary>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    public static double[] Hvp(IDifferentiableFunction function, ReadOnlySpan<double> point, ReadOnlySpan<double> vector)
    {
        ArgumentNullException.ThrowIfNull(function);
        var op = function.HessianAt(point);
        var r = new double[op.Dimension];
        op.Apply(vector, r);
        return r;
    }

    /// <summary>
    /// The central-difference approximation (∇f(x + εv) − ∇f(x − εv)) / 2ε of the Hessian-vector product, with error O(ε²):
    /// the check for <see cref="Hvp"/>, and a fallback for functions whose second derivative autograd cannot record.
    /// </summary>
    /// <param name="function">f.</param>
    /// <param name="point">x.</param>
    /// <param name="vector">v.</param>
    /// <param name="epsilon">The step ε (default 1e-5 relative to the scale of x and v).</param>
    /// <exception cref="ArgumentException">A span has the wrong length, or ε is not positive.</exception>
    public static double[] FiniteDifferenceHvp(IDifferentiableFunction function, ReadOnlySpan<double> point, ReadOnlySpan<double> vector, double? epsilon = null)
    {
        ArgumentNullException.ThrowIfNull(function);
        int n = function.Dimension;
        OperatorChecks.CheckPoint("FiniteDifferenceHvp", n, point.Length, nameof(point));
        OperatorChecks.CheckPoint("FiniteDifferenceHvp", n, vector.Length, nameof(vector));
        double vNorm = Math.Sqrt(VectorMath.Dot(vector, vector));
        if (vNorm == 0)
        {
            return new double[n];
        }

        double xNorm = Math.Sqrt(VectorMath.Dot(point, point));
        double eps = epsilon ?? (1e-5 * Math.Max(1, xNorm) / vNorm);
        if (!(eps > 0) || !double.IsFinite(eps))
        {
            throw new ArgumentException($"FiniteDifferenceHvp: the step must be a positive number, got {eps}", nameof(epsilon));
        }

        var plus = new double[n];
        var minus = new double[n];
        for (int i = 0; i < n; i++)
        {
            plus[i] = point[i] + (eps * vector[i]);
            minus[i] = point[i] - (eps * vector[i]);
        }

        var gPlus = Gradient(function, plus);
        var gMinus = Gradient(function, minus);
        var r = new double[n];
        for (int i = 0; i < n; i++)
        {
            r[i] = (gPlus[i] - gMinus[i]) / (2 * eps);
        }

        return r;
    }

    /// <summary>
    /// The dense Hessian ∇²f(<paramref name="point"/>), column j being H·eⱼ from one Hessian-vector product (n products on one
    /// recorded gradient graph). Entry [i, j] is ∂²f/∂xᵢ∂xⱼ exactly as double backward gives it, not symmetrised.
    /// </summary>
    /// <exception cref="ArgumentException">The point has the wrong length, or n exceeds <see cref="MaxDenseDimension"/> (use the
    /// matrix-free <see cref="HessianSpectrum"/> methods instead).</exception>
    public static double[,] Dense(IDifferentiableFunction function, ReadOnlySpan<double> point)
    {
        ArgumentNullException.ThrowIfNull(function);
        CheckDenseSize(function.Dimension);
        return Dense(function.HessianAt(point));
    }

    /// <summary>The matrix of a symmetric operator, column by column (n products).</summary>
    /// <exception cref="ArgumentException">n exceeds <see cref="MaxDenseDimension"/>.</exception>
    public static double[,] Dense(ISymmetricOperator op)
    {
        ArgumentNullException.ThrowIfNull(op);
        int n = op.Dimension;
        CheckDenseSize(n);
        var h = new double[n, n];
        var e = new double[n];
        var column = new double[n];
        for (int j = 0; j < n; j++)
        {
            e[j] = 1;
            op.Apply(e, column);
            e[j] = 0;
            for (int i = 0; i < n; i++)
            {
                h[i, j] = column[i];
            }
        }

        return h;
    }

    private static void CheckDenseSize(int n)
    {
        if (n > MaxDenseDimension)
        {
            throw new ArgumentException(
                $"A dense Hessian of {n} × {n} would hold {(double)n * n:0.###e0} numbers (limit {MaxDenseDimension} × {MaxDenseDimension}); " +
                "use HessianSpectrum.TopEigenvalues, Trace or Density, which need only Hessian-vector products");
        }
    }
}
