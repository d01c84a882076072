namespace Descent.Analysis;

/// <summary>
/// Loss landscapes: the loss along the straight line between two parameter vectors (Goodfellow, Vinyals &amp; Saxe 2015) and on a
/// plane through a point spanned by two directions (Li et al. 2018), evaluated on a grid.
/// </summary>
/// <remarks>
/// Each grid point is one evaluation of f over its fixed data. For a network the points are evaluated one after another: its
/// forward pass is already spread over all cores by the matrix products, a second level of parallelism would only oversubscribe
/// them, and a <see cref="ModelLoss"/> has one set of parameter tensors (the methods write the centre back before returning).
/// Grids of the built-in test functions and expressions, which are pure, are split by rows over the cores once they are large
/// enough to pay for it (about 8 000 points per thread).
/// </remarks>
public static class LossLandscape
{
    /// <summary>The largest number of points per axis.</summary>
    public const int MaxPoints = 1001;

    // Grid points per thread below which splitting a pure function's grid costs more than it saves.
    private const int ParallelGrain = 8192;

    /// <summary>
    /// f((1 − α)·θ₀ + α·θ₁) for <paramref name="points"/> values of α evenly spaced from <paramref name="alphaMin"/> to
    /// <paramref name="alphaMax"/> (defaults −0.5 to 1.5, so both ends are seen from outside the segment).
    /// </summary>
    /// <exception cref="ArgumentException">The vectors do not have f's dimension, the range is empty or not finite, or points is
    /// outside 2..<see cref="MaxPoints"/>.</exception>
    public static LandscapeLine Interpolate(IDifferentiableFunction function, IReadOnlyList<double> from, IReadOnlyList<double> to, int points = 41, double alphaMin = -0.5, double alphaMax = 1.5)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        int n = function.Dimension;
        OperatorChecks.CheckPoint("Interpolate", n, from.Count, nameof(from));
        OperatorChecks.CheckPoint("Interpolate", n, to.Count, nameof(to));
        CheckRange(alphaMin, alphaMax, points, "alpha");
        var alpha = Linspace(alphaMin, alphaMax, points);
        var loss = new double[points];
        var model = function as ModelLoss;
        var accuracy = model is { IsClassification: true } ? new double[points] : null;
        var a = from.ToArray();
        var b = to.ToArray();
        var theta = new double[n];
        for (int k = 0; k < points; k++)
        {
            for (int i = 0; i < n; i++)
            {
                theta[i] = a[i] + (alpha[k] * (b[i] - a[i]));
            }

            (loss[k], double acc) = Evaluate(function, model, theta);
            if (accuracy != null)
            {
                accuracy[k] = acc;
            }
        }

        model?.SetParameters(b);
        return new LandscapeLine(alpha, loss, accuracy);
    }

    /// <summary>
    /// f(θ + α·d₁ + β·d₂) on a <paramref name="points"/> × <paramref name="points"/> grid with α, β from −<paramref name="span"/>
    /// to <paramref name="span"/> (Li et al. use 51 × 51 over [−1, 1] with filter-normalised directions, see <see cref="Directions"/>).
    /// </summary>
    /// <exception cref="ArgumentException">A vector has the wrong length, the span is not positive, or points is outside 2..<see cref="MaxPoints"/>.</exception>
    public static LandscapeSurface Surface(IDifferentiableFunction function, IReadOnlyList<double> center, IReadOnlyList<double> direction1, IReadOnlyList<double> direction2, int points = 41, double span = 1.0)
    {
        if (!(span > 0) || !double.IsFinite(span))
        {
            throw new ArgumentException($"The span must be a positive number, got {span}", nameof(span));
        }

        return Surface(function, center, direction1, direction2, -span, span, -span, span, points, points);
    }

    /// <summary>f(θ + α·d₁ + β·d₂) on a grid over [αmin, αmax] × [βmin, βmax] (e.g. around a projected training path).</summary>
    /// <exception cref="ArgumentException">A vector has the wrong length, a range is empty or not finite, or a count is outside 2..<see cref="MaxPoints"/>.</exception>
    public static LandscapeSurface Surface(
        IDifferentiableFunction function,
        IReadOnlyList<double> center,
        IReadOnlyList<double> direction1,
        IReadOnlyList<double> direction2,
        double alphaMin,
        double alphaMax,
        double betaMin,
        double betaMax,
        int alphaPoints,
        int betaPoints)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(center);
        ArgumentNullException.ThrowIfNull(direction1);
        ArgumentNullException.ThrowIfNull(direction2);
        int n = function.Dimension;
        OperatorChecks.CheckPoint("Surface", n, center.Count, nameof(center));
        OperatorChecks.CheckPoint("Surface", n, direction1.Count, nameof(direction1));
        OperatorChecks.CheckPoint("Surface", n, direction2.Count, nameof(direction2));
        CheckRange(alphaMin, alphaMax, alphaPoints, "alpha");
        CheckRange(betaMin, betaMax, betaPoints, "beta");
        var alpha = Linspace(alphaMin, alphaMax, alphaPoints);
        var beta = Linspace(betaMin, betaMax, betaPoints);
        var c = center.ToArray();
        var d1 = direction1.ToArray();
        var d2 = direction2.ToArray();
        var model = function as ModelLoss;
        var loss = new double[betaPoints, alphaPoints];
        var accuracy = model is { IsClassification: true } ? new double[betaPoints, alphaPoints] : null;
        void Rows(int from, int to)
        {
            var theta = new double[n];
            for (int j = from; j < to; j++)
            {
                for (int i = 0; i < alphaPoints; i++)
                {
                    for (int k = 0; k < n; k++)
                    {
                        theta[k] = c[k] + (alpha[i] * d1[k]) + (beta[j] * d2[k]);
                    }

                    (loss[j, i], double acc) = Evaluate(function, model, theta);
                    if (accuracy != null)
                    {
                        accuracy[j, i] = acc;
                    }
                }
            }
        }

        if (function is ObjectiveFunction { IsThreadSafe: true })
        {
            Kernels.Parallelism.For(betaPoints, Math.Max(1, ParallelGrain / alphaPoints), Rows);
        }
        else
        {
            Rows(0, betaPoints);
        }

        model?.SetParameters(c);
        return new LandscapeSurface(alpha, beta, loss, accuracy);
    }

    private static (double Loss, double Accuracy) Evaluate(IDifferentiableFunction function, ModelLoss? model, double[] theta) =>
        model != null ? model.Evaluate(theta) : (function.Value(theta), double.NaN);

    private static void CheckRange(double min, double max, int points, string name)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max) || !(max > min))
        {
            throw new ArgumentException($"The {name} range must be finite with min < max, got [{min}, {max}]", name);
        }

        if (points < 2 || points > MaxPoints)
        {
            throw new ArgumentException($"The number of {name} points must be from 2 to {MaxPoints}, got {points}", name);
        }
    }

    private static double[] Linspace(double a, double b, int n)
    {
        var r = new double[n];
        for (int i = 0; i < n; i++)
        {
            // (a·(n−1−i) + b·i)/(n−1) hits round values exactly: −1..1 in 40 steps gives −0.05, not −0.050000000000000044.
            r[i] = ((a * (n - 1 - i)) + (b * i)) / (n - 1);
        }

        return r;
    }
}
