using System.Globalization;

namespace Descent.Data;

/// <summary>
/// Seeded synthetic data sets for demonstrations and tests: the same seed always gives the same samples. Nothing is downloaded.
/// </summary>
/// <remarks>
/// Class sizes are exactly balanced (n/k per class, the first n mod k classes get one more), as in scikit-learn's generators,
/// and the samples are shuffled so that class order carries no information. All randomness comes from one
/// <see cref="Rng"/> seeded with the given seed.
/// </remarks>
public static class Synthetic
{
    /// <summary>
    /// Linear regression data, the lectures' <c>y = w·x + b + ε</c>: features <c>x ~ N(0, 1)</c> of dimension
    /// <paramref name="features"/>, noise <c>ε ~ N(0, noise²)</c>, targets of shape <c>[n, 1]</c>.
    /// </summary>
    /// <remarks>As d2l.ai's <c>synthetic_data(w, b, n)</c> (normal features, additive Gaussian noise).</remarks>
    /// <param name="n">Number of samples (default 3,200, the lectures' example).</param>
    /// <param name="weights">One weight per feature, or a single weight used for all; default 2.</param>
    /// <param name="bias">The intercept b (default −1).</param>
    /// <param name="noise">Standard deviation of the additive noise (default 0.1; 0 gives exact targets).</param>
    /// <param name="features">Number of features (default: the number of weights, or 1).</param>
    /// <param name="seed">The seed.</param>
    /// <param name="dtype">Element type.</param>
    /// <exception cref="ArgumentException">A count is not positive, the noise is negative or not finite, or the weights do not match the feature count.</exception>
    public static TensorDataset Linear(
        int n = 3200, double[]? weights = null, double bias = -1, double noise = 0.1, int features = 0, ulong seed = 0, DType dtype = DType.Float32)
    {
        weights ??= [2.0];
        if (features == 0)
        {
            features = weights.Length;
        }

        CheckCount(n, nameof(n));
        CheckCount(features, nameof(features));
        CheckNoise(noise);
        if (weights.Length != 1 && weights.Length != features)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"Linear: {weights.Length} weights given for {features} features; give one weight per feature or a single weight for all"),
                nameof(weights));
        }

        if (!double.IsFinite(bias) || weights.Any(w => !double.IsFinite(w)))
        {
            throw new ArgumentException("Linear: weights and bias must be finite numbers", nameof(weights));
        }

        var rng = new Rng(seed);
        var x = new double[n * features];
        rng.FillNormal(x);
        var y = new double[n];
        var eps = new double[n];
        if (noise > 0)
        {
            rng.FillNormal(eps, 0, noise);
        }

        for (int i = 0; i < n; i++)
        {
            double s = bias;
            for (int j = 0; j < features; j++)
            {
                s += weights[weights.Length == 1 ? 0 : j] * x[(i * features) + j];
            }

            y[i] = s + eps[i];
        }

        return new TensorDataset(Tensor.FromArray(x, new Shape(n, features), dtype), Tensor.FromArray(y, new Shape(n, 1), dtype));
    }

    /// <summary>
    /// Two interleaving half circles in 2-D (scikit-learn's <c>make_moons</c>): class 0 on the upper arc
    /// <c>(cos t, sin t)</c>, class 1 on the lower arc <c>(1 − cos t, 0.5 − sin t)</c>, t evenly spaced in [0, π], shuffled,
    /// then Gaussian noise of standard deviation <paramref name="noise"/> added to every coordinate.
    /// </summary>
    /// <exception cref="ArgumentException">A non-positive count or a negative noise.</exception>
    public static TensorDataset Moons(int n = 1000, double noise = 0.1, ulong seed = 0, DType dtype = DType.Float32)
    {
        CheckCount(n, nameof(n), min: 2);
        CheckNoise(noise);
        int nOut = n / 2, nIn = n - nOut;
        var x = new double[n * 2];
        var labels = new int[n];
        for (int i = 0; i < nOut; i++)
        {
            double t = Linspace(0, Math.PI, nOut, i);
            x[2 * i] = Math.Cos(t);
            x[(2 * i) + 1] = Math.Sin(t);
        }

        for (int i = 0; i < nIn; i++)
        {
            double t = Linspace(0, Math.PI, nIn, i);
            int k = nOut + i;
            x[2 * k] = 1 - Math.Cos(t);
            x[(2 * k) + 1] = 1 - Math.Sin(t) - 0.5;
            labels[k] = 1;
        }

        var rng = new Rng(seed);
        return Finish(x, labels, 2, 2, noise, rng, dtype, ["upper", "lower"]);
    }

    /// <summary>
    /// Two concentric circles in 2-D (scikit-learn's <c>make_circles</c>): class 0 on the unit circle, class 1 on a circle of
    /// radius <paramref name="factor"/>, angles evenly spaced, shuffled, plus Gaussian noise.
    /// </summary>
    /// <exception cref="ArgumentException">A non-positive count, a negative noise, or a factor outside (0, 1).</exception>
    public static TensorDataset Circles(int n = 1000, double noise = 0.05, double factor = 0.5, ulong seed = 0, DType dtype = DType.Float32)
    {
        CheckCount(n, nameof(n), min: 2);
        CheckNoise(noise);
        if (!(factor > 0 && factor < 1))
        {
            throw new ArgumentException($"Circles: factor (the inner radius) must be in (0, 1), got {factor.ToString("R", CultureInfo.InvariantCulture)}", nameof(factor));
        }

        int nOut = n / 2, nIn = n - nOut;
        var x = new double[n * 2];
        var labels = new int[n];
        for (int i = 0; i < nOut; i++)
        {
            double t = 2 * Math.PI * i / nOut;
            x[2 * i] = Math.Cos(t);
            x[(2 * i) + 1] = Math.Sin(t);
        }

        for (int i = 0; i < nIn; i++)
        {
            double t = 2 * Math.PI * i / nIn;
            int k = nOut + i;
            x[2 * k] = factor * Math.Cos(t);
            x[(2 * k) + 1] = factor * Math.Sin(t);
            labels[k] = 1;
        }

        return Finish(x, labels, 2, 2, noise, new Rng(seed), dtype, ["outer", "inner"]);
    }

    /// <summary>
    /// <paramref name="classes"/> interleaved spiral arms in 2-D (the CS231n spiral): for arm j, radius r evenly spaced in [0, 1]
    /// and angle <c>θ = 4j + 4r + N(0, noise²)</c> (so the noise jitters the angle), point <c>(r sin θ, r cos θ)</c>.
    /// </summary>
    /// <exception cref="ArgumentException">Fewer than 2 classes or fewer samples than classes, or a negative noise.</exception>
    public static TensorDataset Spirals(int n = 900, int classes = 3, double noise = 0.2, ulong seed = 0, DType dtype = DType.Float32)
    {
        if (classes < 2)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Spirals: classes must be at least 2, got {classes}"), nameof(classes));
        }

        CheckCount(n, nameof(n), min: classes);
        CheckNoise(noise);
        var rng = new Rng(seed);
        var x = new double[n * 2];
        var labels = new int[n];
        int k = 0;
        for (int c = 0; c < classes; c++)
        {
            int m = (n / classes) + (c < n % classes ? 1 : 0);
            for (int i = 0; i < m; i++, k++)
            {
                double r = Linspace(0, 1, m, i);
                double theta = (4.0 * c) + (4.0 * r) + (noise > 0 ? noise * rng.NextNormal() : 0);
                x[2 * k] = r * Math.Sin(theta);
                x[(2 * k) + 1] = r * Math.Cos(theta);
                labels[k] = c;
            }
        }

        return Finish(x, labels, 2, classes, 0, rng, dtype, null);
    }

    /// <summary>
    /// Isotropic Gaussian blobs (scikit-learn's <c>make_blobs</c>): <paramref name="centers"/> centres drawn uniformly from
    /// <c>[−box, box]^features</c>, and samples <c>centre + N(0, std²)</c> per coordinate.
    /// </summary>
    /// <exception cref="ArgumentException">A non-positive count, fewer than 2 centres, or a non-positive std or box.</exception>
    public static TensorDataset Blobs(int n = 1000, int centers = 3, int features = 2, double std = 1.0, double box = 10.0, ulong seed = 0, DType dtype = DType.Float32)
    {
        if (centers < 2)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Blobs: centers must be at least 2, got {centers}"), nameof(centers));
        }

        CheckCount(n, nameof(n), min: centers);
        CheckCount(features, nameof(features));
        if (!(std > 0 && double.IsFinite(std)) || !(box > 0 && double.IsFinite(box)))
        {
            throw new ArgumentException($"Blobs: std and box must be positive, got std {std.ToString("R", CultureInfo.InvariantCulture)}, box {box.ToString("R", CultureInfo.InvariantCulture)}", nameof(std));
        }

        var rng = new Rng(seed);
        var c = new double[centers * features];
        rng.FillUniform(c, -box, box);
        var x = new double[n * features];
        var labels = new int[n];
        int k = 0;
        for (int j = 0; j < centers; j++)
        {
            int m = (n / centers) + (j < n % centers ? 1 : 0);
            for (int i = 0; i < m; i++, k++)
            {
                for (int f = 0; f < features; f++)
                {
                    x[(k * features) + f] = c[(j * features) + f] + (std * rng.NextNormal());
                }

                labels[k] = j;
            }
        }

        return Finish(x, labels, features, centers, 0, rng, dtype, null);
    }

    /// <summary>
    /// The XOR problem in 2-D: points uniform in the four quadrants of <c>[−1, 1]²</c> (n/4 per quadrant), class 1 when the two
    /// coordinates have different signs, plus Gaussian noise. Not linearly separable: the classic test for a hidden layer.
    /// </summary>
    /// <exception cref="ArgumentException">Fewer than 4 samples or a negative noise.</exception>
    public static TensorDataset Xor(int n = 1000, double noise = 0.0, ulong seed = 0, DType dtype = DType.Float32)
    {
        CheckCount(n, nameof(n), min: 4);
        CheckNoise(noise);
        var rng = new Rng(seed);
        var x = new double[n * 2];
        var labels = new int[n];
        for (int i = 0; i < n; i++)
        {
            int q = i % 4;
            double sx = (q & 1) == 0 ? 1 : -1, sy = (q & 2) == 0 ? 1 : -1;
            x[2 * i] = sx * rng.NextDouble();
            x[(2 * i) + 1] = sy * rng.NextDouble();
            labels[i] = sx * sy < 0 ? 1 : 0;
        }

        return Finish(x, labels, 2, 2, noise, rng, dtype, ["same sign", "different sign"]);
    }

    /// <summary>Shuffles rows, adds noise, builds the data set.</summary>
    private static TensorDataset Finish(double[] x, int[] labels, int features, int classes, double noise, Rng rng, DType dtype, string[]? names)
    {
        int n = labels.Length;
        var perm = rng.Permutation(n);
        var xs = new double[x.Length];
        var ls = new int[n];
        for (int i = 0; i < n; i++)
        {
            Array.Copy(x, perm[i] * features, xs, i * features, features);
            ls[i] = labels[perm[i]];
        }

        if (noise > 0)
        {
            for (int i = 0; i < xs.Length; i++)
            {
                xs[i] += noise * rng.NextNormal();
            }
        }

        return new TensorDataset(Tensor.FromArray(xs, new Shape(n, features), dtype), ls, classes, names);
    }

    /// <summary>Element <paramref name="i"/> of numpy's <c>linspace(a, b, m)</c> (endpoint included).</summary>
    private static double Linspace(double a, double b, int m, int i) => m == 1 ? a : a + ((b - a) * i / (m - 1));

    private static void CheckCount(int n, string name, int min = 1)
    {
        if (n < min)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{name} must be at least {min}, got {n}"), name);
        }
    }

    private static void CheckNoise(double noise)
    {
        if (!(noise >= 0 && double.IsFinite(noise)))
        {
            throw new ArgumentException($"noise must be a finite number ≥ 0, got {noise.ToString("R", CultureInfo.InvariantCulture)}", nameof(noise));
        }
    }
}
