namespace Descent.Analysis;

/// <summary>Which end of the spectrum <see cref="HessianSpectrum.TopEigenvalues"/> estimates.</summary>
public enum SpectrumEnd
{
    /// <summary>The largest (most positive) eigenvalues: sharpness, the top of the Hessian's spectrum.</summary>
    Largest,

    /// <summary>The smallest (most negative) eigenvalues: directions of negative curvature.</summary>
    Smallest,
}

/// <summary>
/// Matrix-free spectral analysis of a Hessian (or any <see cref="ISymmetricOperator"/>) from Hessian-vector products only, as
/// PyHessian does for networks (Yao et al. 2020, "PyHessian: Neural Networks Through the Lens of the Hessian"): the top-k
/// eigenvalues by Lanczos, the trace by Hutchinson's estimator, and the eigenvalue density by stochastic Lanczos quadrature.
/// </summary>
/// <remarks>
/// Each method costs a number of operator applications independent of n (tens to a few hundred), so a network with 100k
/// parameters takes seconds to minutes, never the n² memory of a dense Hessian. All randomness comes from
/// <see cref="Rng"/> streams derived from the seed, so a seed always gives the same numbers.
/// </remarks>
public static class HessianSpectrum
{
    /// <summary>
    /// The <paramref name="k"/> largest (or smallest) eigenvalues and their eigenvectors, by Lanczos with full
    /// reorthogonalisation from a seeded Gaussian start, stopped when every wanted Ritz pair's residual ‖A·y − θ·y‖ is at most
    /// <paramref name="tolerance"/> × the largest |Ritz value|.
    /// </summary>
    /// <remarks>
    /// PyHessian uses power iteration with deflation for the same quantity; Lanczos needs far fewer products for the same
    /// accuracy and finds all k at once. A residual r bounds the eigenvalue error by r (and by r²/gap once separated).
    /// </remarks>
    /// <param name="op">The operator (e.g. <see cref="IDifferentiableFunction.HessianAt"/>).</param>
    /// <param name="k">How many eigenvalues (at most n).</param>
    /// <param name="end">The largest (default) or the smallest.</param>
    /// <param name="maxSteps">At most this many Lanczos steps (default max(100, 3k), clamped to n).</param>
    /// <param name="tolerance">The relative residual at which a pair counts as converged.</param>
    /// <param name="seed">Seeds the start vector.</param>
    /// <exception cref="ArgumentException">k is not in 1..n, maxSteps is below k, or the tolerance is not positive.</exception>
    public static EigenvalueEstimates TopEigenvalues(
        ISymmetricOperator op, int k, SpectrumEnd end = SpectrumEnd.Largest, int? maxSteps = null, double tolerance = 1e-4, ulong seed = 0)
    {
        ArgumentNullException.ThrowIfNull(op);
        int n = op.Dimension;
        if (k < 1 || k > n)
        {
            throw new ArgumentException($"k must be between 1 and the dimension {n}, got {k}", nameof(k));
        }

        int steps = Math.Min(n, maxSteps ?? Math.Max(100, 3 * k));
        if (steps < k)
        {
            throw new ArgumentException($"maxSteps ({maxSteps}) must be at least k ({k}) to find k eigenvalues", nameof(maxSteps));
        }

        if (!(tolerance > 0) || !double.IsFinite(tolerance))
        {
            throw new ArgumentException($"The tolerance must be a positive number, got {tolerance}", nameof(tolerance));
        }

        var start = new double[n];
        new Rng(seed).FillNormal(start);
        var result = Lanczos.Run(op, start, steps, r => r.Steps >= k && WantedResiduals(r, k, end).All(x => x.Residual <= tolerance * x.Scale));
        var wanted = WantedResiduals(result, k, end);
        bool converged = result.InvariantSubspace || wanted.All(x => x.Residual <= tolerance * x.Scale);
        var eig = result.Tridiagonal();
        int count = Math.Min(k, result.Steps);
        var values = new double[count];
        var vectors = new double[count][];
        var residuals = new double[count];
        for (int i = 0; i < count; i++)
        {
            int idx = end == SpectrumEnd.Largest ? result.Steps - 1 - i : i;
            values[i] = eig.Values[idx];
            var y = result.RitzVector(eig.Vectors[idx]);
            double norm = VectorMath.Norm(y);
            VectorMath.Scale(y, 1 / norm);
            SymmetricEigen.CanonicalSign(y);
            vectors[i] = y;
            residuals[i] = result.InvariantSubspace ? 0 : wanted[i].Residual;
        }

        return new EigenvalueEstimates(values, vectors, residuals, result.Steps, converged);
    }

    /// <summary>
    /// Hutchinson's estimator tr(A) ≈ (1/s)·Σ zᵀAz with Rademacher vectors z (independent ±1 entries, so E[zzᵀ] = I and the
    /// variance 2·Σ_{i≠j} A²ᵢⱼ is the smallest of any distribution): one operator application per sample.
    /// </summary>
    /// <param name="op">The operator.</param>
    /// <param name="samples">How many probe vectors (PyHessian stops at ≤ 100 or when the mean changes by under 0.1%).</param>
    /// <param name="seed">Seeds the probes.</param>
    /// <exception cref="ArgumentOutOfRangeException">samples is not positive.</exception>
    public static TraceEstimate Trace(ISymmetricOperator op, int samples = 100, ulong seed = 0)
    {
        ArgumentNullException.ThrowIfNull(op);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(samples);
        int n = op.Dimension;
        var rng = new Rng(seed);
        var z = new double[n];
        var az = new double[n];
        var values = new double[samples];
        for (int s = 0; s < samples; s++)
        {
            VectorMath.Rademacher(rng, z);
            op.Apply(z, az);
            values[s] = VectorMath.Dot(z, az);
        }

        double mean = values.Average();
        double se = 0;
        if (samples > 1)
        {
            double ss = values.Sum(v => (v - mean) * (v - mean));
            se = Math.Sqrt(ss / (samples - 1) / samples);
        }

        return new TraceEstimate(mean, se, values);
    }

    /// <summary>
    /// The eigenvalue density by stochastic Lanczos quadrature (Lin, Saad &amp; Yang 2016; Ghorbani et al. 2019; PyHessian's
    /// <c>density</c>): for each run, <paramref name="steps"/> Lanczos steps from a normalised Rademacher vector give nodes
    /// (Ritz values) and weights (squared first components of T's eigenvectors); the density is their Gaussian broadening,
    /// averaged over runs.
    /// </summary>
    /// <remarks>
    /// The default variance is PyHessian's, σ² = 10⁻⁵·max(1, λ_max − λ_min). Unlike PyHessian, whose grid stops 0.01 beyond the
    /// extreme nodes and which then rescales the density to integrate to 1, the grid here extends 5σ beyond them and nothing is
    /// rescaled: the weights sum to 1 and each Gaussian integrates to 1, so <see cref="SpectralDensity.Integral"/> ≈ 1 is a check,
    /// not a normalisation.
    /// </remarks>
    /// <param name="op">The operator.</param>
    /// <param name="runs">Independent start vectors to average over (PyHessian's n_v, default 1).</param>
    /// <param name="steps">Lanczos steps per run (PyHessian's iter, default 100; clamped to n).</param>
    /// <param name="seed">Seeds the start vectors (run r uses stream r).</param>
    /// <param name="variance">σ², or null for PyHessian's default.</param>
    /// <param name="gridPoints">How many points to evaluate the density at (PyHessian's num_bins, default 10000).</param>
    /// <exception cref="ArgumentException">A count is not positive, gridPoints is below 2, or the variance is not positive.</exception>
    public static SpectralDensity Density(ISymmetricOperator op, int runs = 1, int steps = 100, ulong seed = 0, double? variance = null, int gridPoints = 10_000)
    {
        ArgumentNullException.ThrowIfNull(op);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(runs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        ArgumentOutOfRangeException.ThrowIfLessThan(gridPoints, 2);
        if (variance is double v0 && (!(v0 > 0) || !double.IsFinite(v0)))
        {
            throw new ArgumentException($"The broadening variance must be a positive number, got {v0}", nameof(variance));
        }

        int n = op.Dimension;
        var nodes = new double[runs][];
        var weights = new double[runs][];
        var start = new double[n];
        for (int r = 0; r < runs; r++)
        {
            VectorMath.Rademacher(Rng.ForStream(seed, (ulong)r), start);
            var lanczos = Lanczos.Run(op, start, steps);
            var eig = lanczos.Tridiagonal();
            nodes[r] = eig.Values;
            weights[r] = eig.Vectors.Select(s => s[0] * s[0]).ToArray();
        }

        double lo = nodes.Min(a => a[0]), hi = nodes.Max(a => a[^1]);
        double var = variance ?? (1e-5 * Math.Max(1, hi - lo));
        double pad = 5 * Math.Sqrt(var);
        double a0 = lo - pad, a1 = hi + pad;
        var grid = new double[gridPoints];
        var density = new double[gridPoints];
        for (int i = 0; i < gridPoints; i++)
        {
            grid[i] = a0 + ((a1 - a0) * i / (gridPoints - 1));
            density[i] = Broaden(nodes, weights, var, grid[i]);
        }

        return new SpectralDensity(grid, density, var, nodes, weights);
    }

    /// <summary>(1/runs)·Σ_runs Σ_j w_j·N(t; θ_j, σ²).</summary>
    internal static double Broaden(double[][] nodes, double[][] weights, double variance, double t)
    {
        double norm = 1 / Math.Sqrt(2 * Math.PI * variance);
        double sum = 0;
        for (int r = 0; r < nodes.Length; r++)
        {
            var x = nodes[r];
            var w = weights[r];
            for (int j = 0; j < x.Length; j++)
            {
                double d = t - x[j];
                double e = d * d / (2 * variance);
                if (e < 700)
                {
                    sum += w[j] * Math.Exp(-e);
                }
            }
        }

        return sum * norm / nodes.Length;
    }

    private static (double Residual, double Scale)[] WantedResiduals(LanczosResult r, int k, SpectrumEnd end)
    {
        var eig = r.Tridiagonal();
        int m = r.Steps;
        double scale = Math.Max(Math.Abs(eig.Values[0]), Math.Abs(eig.Values[^1]));
        var result = new (double, double)[Math.Min(k, m)];
        for (int i = 0; i < result.Length; i++)
        {
            int idx = end == SpectrumEnd.Largest ? m - 1 - i : i;
            result[i] = (r.NextBeta * Math.Abs(eig.Vectors[idx][m - 1]), scale);
        }

        return result;
    }
}
