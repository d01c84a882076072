using Descent.Text;

namespace Descent.Functions;

/// <summary>
/// The named test functions of optimisation, from the lectures (the ½x² bowl, the shifted parabola, the ill-conditioned
/// ellipse) and the usual benchmarks (Rosenbrock, Beale, Himmelblau, Booth, saddles, Rastrigin, Ackley).
/// </summary>
/// <remarks>
/// <para>Each is written with differentiable tensor ops, so autograd gives exact gradients and Hessians; each also has a plain
/// double form for contour grids. <see cref="IObjective.KnownMinima"/> lists the global minimisers (all four of Himmelblau's).</para>
/// <para>Formulas and constants follow the usual references (Surjanovic &amp; Bingham's Virtual Library of Simulation
/// Experiments; Wikipedia's "Test functions for optimization"). Start points and plot ranges for Rosenbrock and Rastrigin are
/// those of torch-optimizer's <c>examples/visualize_optimizers.py</c>, so its pictures can be reproduced.</para>
/// </remarks>
public static class TestFunctions
{
    private const int MaxDimension = 1_000_000;
    private static readonly double TwoPi = 2 * Math.PI;

    private static readonly Entry[] Entries =
    [
        new("quadratic", 2, 1, true, Quadratic),
        new("shifted", 1, 1, false, _ => Shifted()),
        new("ellipse", 2, 2, false, _ => Ellipse()),
        new("rosenbrock", 2, 2, true, Rosenbrock),
        new("beale", 2, 2, false, _ => Beale()),
        new("himmelblau", 2, 2, false, _ => Himmelblau()),
        new("booth", 2, 2, false, _ => Booth()),
        new("saddle", 2, 2, false, _ => Saddle()),
        new("monkey-saddle", 2, 2, false, _ => MonkeySaddle()),
        new("product-saddle", 2, 2, false, _ => ProductSaddle()),
        new("rastrigin", 2, 1, true, Rastrigin),
        new("ackley", 2, 1, true, Ackley),
    ];

    /// <summary>Every name, in a teaching order: bowls, valleys, multi-minimum, saddles, multimodal.</summary>
    public static IReadOnlyList<string> Names { get; } = Entries.Select(e => e.Name).ToArray();

    /// <summary>Whether <paramref name="name"/> is a test function's name (case-insensitive, surrounding spaces ignored).</summary>
    public static bool Contains(string name) => name != null && Find(name) != null;

    /// <summary>
    /// The test function called <paramref name="name"/> (case-insensitive). <c>quadratic</c>, <c>rosenbrock</c>,
    /// <c>rastrigin</c> and <c>ackley</c> take any <paramref name="dimension"/> (default 2; Rosenbrock needs at least 2); the
    /// others have a fixed dimension, which <paramref name="dimension"/> may repeat.
    /// </summary>
    /// <exception cref="ArgumentException">The name is unknown (the message suggests the closest and lists all), or the
    /// dimension is not supported by this function.</exception>
    public static TestFunction Get(string name, int? dimension = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        var entry = Find(name);
        if (entry == null)
        {
            throw new ArgumentException($"Unknown test function \"{name}\"" + Spelling.DidYouMean(name.Trim(), Names, "valid names"));
        }

        int n = dimension ?? entry.DefaultDimension;
        if (!entry.AnyDimension && n != entry.DefaultDimension)
        {
            throw new ArgumentException(
                $"Test function \"{entry.Name}\" is defined in {entry.DefaultDimension} dimension{(entry.DefaultDimension == 1 ? "" : "s")} only, got dimension {n}");
        }

        if (n < entry.MinDimension || n > MaxDimension)
        {
            throw new ArgumentException(
                $"Test function \"{entry.Name}\" needs a dimension from {entry.MinDimension} to {MaxDimension}, got {n}");
        }

        return entry.Create(n);
    }

    private static Entry? Find(string name)
    {
        var key = name.Trim();
        return Entries.FirstOrDefault(e => string.Equals(e.Name, key, StringComparison.OrdinalIgnoreCase));
    }

    private static Tensor At(Tensor x, int i) => VectorSlicing.Select(x, i);

    private static double[] Alternating(int n, double even, double odd)
    {
        var r = new double[n];
        for (int i = 0; i < n; i++)
        {
            r[i] = i % 2 == 0 ? even : odd;
        }

        return r;
    }

    private static double[] Filled(int n, double value)
    {
        var r = new double[n];
        Array.Fill(r, value);
        return r;
    }

    private static TestFunction Quadratic(int n) => new(
        "quadratic",
        n,
        anyDimension: true,
        n switch
        {
            1 => "½x²",
            2 => "½(x² + y²)",
            _ => "½ Σᵢ xᵢ²",
        },
        "The lectures' first example ½x² (lecture 000), in any dimension: a round bowl whose gradient is x itself.",
        x => x.Pow(2).Sum() * 0.5,
        x =>
        {
            double s = 0;
            foreach (var v in x)
            {
                s += v * v;
            }

            return 0.5 * s;
        },
        Alternating(n, 2, -1.5),
        [new double[n]],
        0,
        n == 1 ? new PlotRange(-3, 3, 0, 4.5) : new PlotRange(-3, 3, -3, 3));

    private static TestFunction Shifted() => new(
        "shifted",
        1,
        anyDimension: false,
        "(x + 5)²",
        "Lecture 002's parabola: from x = 3, gradient descent walks down to the minimum at x = −5.",
        x => (x + 5.0).Pow(2).Sum(),
        x => (x[0] + 5) * (x[0] + 5),
        [3],
        [[-5]],
        0,
        new PlotRange(-13, 3, 0, 64));

    private static TestFunction Ellipse() => new(
        "ellipse",
        2,
        anyDimension: false,
        "x²/20 + y²",
        "Lectures 003/004's ill-conditioned bowl: curvatures 0.1 and 2 (condition number 20), so plain gradient descent zig-zags across y while crawling along x.",
        x => (At(x, 0).Pow(2) / 20.0) + At(x, 1).Pow(2),
        x => (x[0] * x[0] / 20) + (x[1] * x[1]),
        [-8, 2],
        [[0, 0]],
        0,
        new PlotRange(-10, 10, -4, 4));

    private static TestFunction Rosenbrock(int n) => new(
        "rosenbrock",
        n,
        anyDimension: true,
        n == 2 ? "(1 − x)² + 100(y − x²)²" : "Σᵢ [(1 − xᵢ)² + 100(xᵢ₊₁ − xᵢ²)²], i = 0 … n−2",
        "A curved, flat-bottomed valley (the banana): easy to fall into, slow to follow to the minimum at (1, …, 1). Starts at (−2, 2), as torch-optimizer's visualisations.",
        x =>
        {
            var head = VectorSlicing.Slice(x, 0, n - 1);
            var tail = VectorSlicing.Slice(x, 1, n - 1);
            return ((1.0 - head).Pow(2) + ((tail - head.Pow(2)).Pow(2) * 100.0)).Sum();
        },
        x =>
        {
            double s = 0;
            for (int i = 0; i + 1 < x.Length; i++)
            {
                double a = 1 - x[i], b = x[i + 1] - (x[i] * x[i]);
                s += (a * a) + (100 * b * b);
            }

            return s;
        },
        Alternating(n, -2, 2),
        [Filled(n, 1)],
        0,
        new PlotRange(-2, 2, -1, 3));

    private static TestFunction Beale() => new(
        "beale",
        2,
        anyDimension: false,
        "(1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²",
        "Flat plateaus and steep ridges around a narrow valley that ends at the minimum (3, 0.5).",
        p =>
        {
            var x = At(p, 0);
            var y = At(p, 1);
            return (1.5 - x + (x * y)).Pow(2) + (2.25 - x + (x * y.Pow(2))).Pow(2) + (2.625 - x + (x * y.Pow(3))).Pow(2);
        },
        p =>
        {
            double x = p[0], y = p[1];
            double a = 1.5 - x + (x * y), b = 2.25 - x + (x * y * y), c = 2.625 - x + (x * y * y * y);
            return (a * a) + (b * b) + (c * c);
        },
        [1, 1.5],
        [[3, 0.5]],
        0,
        new PlotRange(-4.5, 4.5, -4.5, 4.5));

    private static TestFunction Himmelblau() => new(
        "himmelblau",
        2,
        anyDimension: false,
        "(x² + y − 11)² + (x + y² − 7)²",
        "Four global minima of value 0 (and a local maximum near (−0.27, −0.92)): where you end up depends on where you start.",
        p =>
        {
            var x = At(p, 0);
            var y = At(p, 1);
            return (x.Pow(2) + y - 11.0).Pow(2) + (x + y.Pow(2) - 7.0).Pow(2);
        },
        p =>
        {
            double a = (p[0] * p[0]) + p[1] - 11, b = p[0] + (p[1] * p[1]) - 7;
            return (a * a) + (b * b);
        },
        [0, 0],
        [
            [3, 2],
            [-2.805118086952745, 3.131312518250573],
            [-3.779310253377747, -3.2831859912861696],
            [3.5844283403304917, -1.8481265269644036],
        ],
        0,
        new PlotRange(-5, 5, -5, 5));

    private static TestFunction Booth() => new(
        "booth",
        2,
        anyDimension: false,
        "(x + 2y − 7)² + (2x + y − 5)²",
        "A convex quadratic: a tilted, stretched bowl (Hessian [[10, 8], [8, 10]], condition number 9) with minimum 0 at (1, 3).",
        p =>
        {
            var x = At(p, 0);
            var y = At(p, 1);
            return (x + (y * 2.0) - 7.0).Pow(2) + ((x * 2.0) + y - 5.0).Pow(2);
        },
        p =>
        {
            double a = p[0] + (2 * p[1]) - 7, b = (2 * p[0]) + p[1] - 5;
            return (a * a) + (b * b);
        },
        [0, 0],
        [[1, 3]],
        0,
        new PlotRange(-10, 10, -10, 10));

    private static TestFunction Saddle() => new(
        "saddle",
        2,
        anyDimension: false,
        "x² − y²",
        "The simplest saddle: the origin is a minimum along x and a maximum along y; unbounded below, so there is no minimum. Starting near the x-axis, descent stalls by the saddle before escaping along y.",
        p => At(p, 0).Pow(2) - At(p, 1).Pow(2),
        p => (p[0] * p[0]) - (p[1] * p[1]),
        [1.5, 0.01],
        [],
        null,
        new PlotRange(-2, 2, -2, 2));

    private static TestFunction MonkeySaddle() => new(
        "monkey-saddle",
        2,
        anyDimension: false,
        "x³ − 3xy²",
        "A degenerate saddle at the origin (gradient and Hessian both zero) with three valleys going down; unbounded below, no minimum.",
        p =>
        {
            var x = At(p, 0);
            var y = At(p, 1);
            return x.Pow(3) - (x * y.Pow(2) * 3.0);
        },
        p => (p[0] * p[0] * p[0]) - (3 * p[0] * p[1] * p[1]),
        [1, 0.1],
        [],
        null,
        new PlotRange(-1.5, 1.5, -1.5, 1.5));

    private static TestFunction ProductSaddle() => new(
        "product-saddle",
        2,
        anyDimension: false,
        "(1 − xy)²",
        "The textbook saddle: Hessian [[0, −2], [−2, 0]] at the origin. Every point of the hyperbola xy = 1 is a minimum (value 0); (1, 1) and (−1, −1), the ones nearest the saddle, are listed.",
        p => (1.0 - (At(p, 0) * At(p, 1))).Pow(2),
        p => (1 - (p[0] * p[1])) * (1 - (p[0] * p[1])),
        [-1.5, 1.4],
        [[1, 1], [-1, -1]],
        0,
        new PlotRange(-2, 2, -2, 2));

    private static TestFunction Rastrigin(int n) => new(
        "rastrigin",
        n,
        anyDimension: true,
        n == 2 ? "20 + (x² − 10 cos 2πx) + (y² − 10 cos 2πy)" : "10n + Σᵢ (xᵢ² − 10 cos 2πxᵢ)",
        "A bowl covered in cosine bumps: a local minimum near every integer point, the global minimum 0 at the origin. Starts at (−2, 3.5), as torch-optimizer's visualisations.",
        x => (x.Pow(2) - ((x * TwoPi).Cos() * 10.0)).Sum() + (10.0 * n),
        x =>
        {
            double s = 10.0 * x.Length;
            foreach (var v in x)
            {
                s += (v * v) - (10 * Math.Cos(TwoPi * v));
            }

            return s;
        },
        Alternating(n, -2, 3.5),
        [new double[n]],
        0,
        new PlotRange(-3.6, 3.6, -3.6, 3.6));

    private static TestFunction Ackley(int n) => new(
        "ackley",
        n,
        anyDimension: true,
        n == 2
            ? "−20 exp(−0.2 √(½(x² + y²))) − exp(½(cos 2πx + cos 2πy)) + 20 + e"
            : "−20 exp(−0.2 √(Σᵢ xᵢ²/n)) − exp(Σᵢ cos(2πxᵢ)/n) + 20 + e",
        "A nearly flat plateau of small local minima around a deep funnel to 0 at the origin, where it is not differentiable (a cone tip: autograd gives NaN there, as PyTorch does). Constants a = 20, b = 0.2, c = 2π.",
        x =>
        {
            var radius = x.Pow(2).Mean().Sqrt();
            var waves = (x * TwoPi).Cos().Mean();
            return ((radius * -0.2).Exp() * -20.0) - waves.Exp() + (20.0 + Math.E);
        },
        x =>
        {
            double squares = 0, cosines = 0;
            foreach (var v in x)
            {
                squares += v * v;
                cosines += Math.Cos(TwoPi * v);
            }

            return (-20 * Math.Exp(-0.2 * Math.Sqrt(squares / x.Length))) - Math.Exp(cosines / x.Length) + 20 + Math.E;
        },
        Alternating(n, -3.2, 2.8),
        [new double[n]],
        0,
        new PlotRange(-5, 5, -5, 5));

    private sealed record Entry(string Name, int DefaultDimension, int MinDimension, bool AnyDimension, Func<int, TestFunction> Create);
}
