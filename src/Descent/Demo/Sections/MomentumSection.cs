using Descent.Analysis;
using Descent.Functions;
using Descent.Optim;
using Descent.Plotting;

namespace Descent.Demo;

/// <summary>
/// Section 4: momentum (lecture 000: v_t = γv_{t−1} + η∇f(x_t), x_{t+1} = x_t − v_t). Its worked example — gradients −3.5, 0
/// and 1 at three points, past velocities −4, −2 and −2 — as a table of the gradient-descent step, the momentum step and the
/// total, with γ = 0.9 and η = 1; and momentum coasting through a flat region where plain gradient descent stalls.
/// </summary>
public sealed class MomentumSection : DemoSection
{
    /// <summary>The momentum term γ of the worked example (the lecture's usual value).</summary>
    public const double Gamma = 0.9;

    /// <summary>The learning rate η of the worked example.</summary>
    public const double Eta = 1;

    /// <summary>The learning rate of the flat-region race.</summary>
    public const double FlatRate = 0.05;

    /// <summary>Steps of the flat-region race.</summary>
    public const int FlatSteps = 150;

    /// <summary>The flat-region function: f′(x) = x²(x + 2) is zero at the flat inflection x = 0 and at the minimum x = −2.</summary>
    public const string FlatFunction = "x^4/4 + 2*x^3/3";

    /// <summary>The start of the flat-region race.</summary>
    public const double FlatStart = 1;

    private MomentumSection(IReadOnlyList<MomentumExampleRow> rows, IReadOnlyList<double> gdPath, IReadOnlyList<double> momentumPath)
    {
        Rows = rows;
        GdPath = gdPath;
        MomentumPath = momentumPath;
    }

    /// <summary>The lecture's three points: (gradient, past velocity).</summary>
    public static IReadOnlyList<(string Point, double Gradient, double Past)> Example { get; } =
    [
        ("P1", -3.5, -4),
        ("P2", 0, -2),
        ("P3", 1, -2),
    ];

    /// <summary>The worked example, one row per point.</summary>
    public IReadOnlyList<MomentumExampleRow> Rows { get; }

    /// <summary>Plain gradient descent's x_t on <see cref="FlatFunction"/>.</summary>
    public IReadOnlyList<double> GdPath { get; }

    /// <summary>Momentum's x_t on <see cref="FlatFunction"/>.</summary>
    public IReadOnlyList<double> MomentumPath { get; }

    /// <inheritdoc/>
    public override int Number => 4;

    /// <inheritdoc/>
    public override string Title => "Momentum: the worked example, and coasting through a flat region";

    /// <inheritdoc/>
    public override IReadOnlyList<Lecture> Sources => [Lecture.L000, Lecture.L001];

    /// <inheritdoc/>
    public override string Summary =>
        $"γ = 0.9, η = 1: total steps {string.Join(", ", Rows.Select(r => $"{r.Point} {DemoText.G(r.TotalStep)}"))} (all to the right); " +
        $"on x⁴/4 + 2x³/3 from x = 1, gd stalls at x = {DemoText.G(GdPath[^1], 3)}, momentum reaches x = {DemoText.G(MomentumPath[^1], 4)}";

    /// <summary>Computes the table (by the formula and by the library's <c>momentum</c> optimizer) and the flat-region race.</summary>
    public static MomentumSection Compute()
    {
        var rows = Example.Select(e => new MomentumExampleRow(e.Point, e.Gradient, e.Past, -Eta * e.Gradient, -Gamma * e.Past, -((Gamma * e.Past) + (Eta * e.Gradient)),
            LibraryStep(e.Gradient, e.Past))).ToList();
        var f = Objectives.Resolve(FlatFunction);
        var gd = Trajectories.Record(f, [FlatStart], $"gd:lr={DemoText.R(FlatRate)}", null, FlatSteps);
        var momentum = Trajectories.Record(f, [FlatStart], $"momentum:lr={DemoText.R(FlatRate)},gamma={DemoText.R(Gamma)}", null, FlatSteps);
        return new MomentumSection(rows, gd.Points.Select(p => p.Point[0]).ToArray(), momentum.Points.Select(p => p.Point[0]).ToArray());
    }

    /// <summary>
    /// The step the library's <c>momentum</c> optimizer takes at a point with gradient <paramref name="gradient"/> when its
    /// velocity is <paramref name="past"/>. The velocity is set up honestly, by a first step: on f(x) = (p/η)x + kx²/2 the first
    /// gradient is p/η, so v₁ = p; the curvature k is chosen so that the gradient at x₁ = −p is the wanted g.
    /// </summary>
    public static double LibraryStep(double gradient, double past)
    {
        double k = (gradient - (past / Eta)) / -past;
        var x = Tensor.FromArray([0.0], new Shape(1), DType.Float64).RequireGrad();
        var optimizer = OptimizerRegistry.Create($"momentum:lr={DemoText.R(Eta)},gamma={DemoText.R(Gamma)}", [x]);
        double x1 = 0;
        for (int step = 0; step < 2; step++)
        {
            optimizer.ZeroGrad();
            var loss = ((x * (past / Eta)) + (x.Pow(2) * (k / 2))).Sum();
            loss.Backward();
            x1 = x.ToArray()[0];
            optimizer.Step();
        }

        return x.ToArray()[0] - x1;
    }

    /// <inheritdoc/>
    public override void Render(ReportSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        section.AddParagraph(SourceText(
            "momentum records the past: v_t = γ·v_{t−1} + η·∇f(x_t), then x_{t+1} = x_t − v_t. When the new gradient points the same way as " +
            "the past, the step grows; when it points the other way, the step shrinks (同方向 → 參數改變幅度大一點；不同方向 → 參數改變幅度小一點). " +
            "The lecture walks through three points; it leaves γ and η open, so here γ = 0.9 (its usual value) and η = 1."));
        section.AddTable(
            ["", "gradient g", "past v_{t−1}", "GD step −η·g", "momentum step −γ·v_{t−1}", "total step −v_t", "library's momentum step"],
            Rows.Select(r => new[]
            {
                r.Point, DemoText.G(r.Gradient), DemoText.G(r.Past), $"{DemoText.G(r.GdStep)} {Arrow(r.GdStep)}", $"{DemoText.G(r.MomentumStep)} {Arrow(r.MomentumStep)}",
                $"{DemoText.G(r.TotalStep)} {Arrow(r.TotalStep)}", DemoText.G(r.LibraryStep, 12),
            }),
            "Lecture 000's example (P1 → P2 → P3), γ = 0.9, η = 1. Positive steps move x right (→). The last column is the step Descent's `momentum:lr=1,gamma=0.9` optimizer takes after a first step has built up the same velocity.");
        section.AddParagraph(
            "At P1 both terms push right. At P2 the gradient is zero — plain gradient descent would not move at all — but the velocity " +
            "carries x on. At P3 the gradient points back (GD alone would step left), yet the past wins and x still moves right, by less. " +
            "That is how momentum gets through flat stretches and saddle points (lecture 000: 逃離鞍點; lecture 001: 即使在某個點梯度為 0 …仍然繼續往前走).");

        section.AddParagraph(
            $"A flat region: f(x) = x⁴/4 + 2x³/3 has f′(x) = x²(x + 2), zero at the flat inflection x = 0 (not a minimum) and at the real minimum " +
            $"x = −2. From x = 1 with η = {DemoText.G(FlatRate)}, plain gradient descent slides into the flat spot and stalls: near 0 the gradient " +
            $"x²(x + 2) ≈ 2x² vanishes faster than x, so each step is smaller than the last. Momentum (γ = {DemoText.G(Gamma)}) arrives with speed and coasts across.");
        var xs = Enumerable.Range(0, 301).Select(i => -2.6 + (3.9 * i / 300)).ToArray();
        var curve = new LineChart { Title = "f(x) = x⁴/4 + 2x³/3 and where each run ends", XLabel = "x", YLabel = "f(x)", Legend = LegendPosition.UpperLeft };
        curve.Add("f(x)", xs, xs.Select(F).ToArray()).Color = new Color(0x99, 0x99, 0x99);
        var gdMarks = curve.Add($"gd: x₁₅₀ = {DemoText.G(GdPath[^1], 3)}", [GdPath[^1]], [F(GdPath[^1])]);
        gdMarks.Color = Palette.Blue;
        gdMarks.Marker = MarkerShape.Circle;
        gdMarks.MarkerSize = 9;
        var momentumMarks = curve.Add($"momentum: x₁₅₀ = {DemoText.G(MomentumPath[^1], 4)}", [MomentumPath[^1]], [F(MomentumPath[^1])]);
        momentumMarks.Color = Palette.Vermillion;
        momentumMarks.Marker = MarkerShape.Square;
        momentumMarks.MarkerSize = 9;
        var start = curve.Add("start x₀ = 1", [FlatStart], [F(FlatStart)]);
        start.Color = Palette.Black;
        start.Marker = MarkerShape.Diamond;
        start.MarkerSize = 8;

        var path = new LineChart { Title = "x_t against the step", XLabel = "step t", YLabel = "x_t", Legend = LegendPosition.UpperRight };
        var steps = Enumerable.Range(0, GdPath.Count).Select(i => (double)i).ToArray();
        path.Add($"gd:lr={DemoText.G(FlatRate)}", steps, GdPath.ToArray()).Color = Palette.Blue;
        path.Add($"momentum:lr={DemoText.G(FlatRate)},gamma={DemoText.G(Gamma)}", steps, MomentumPath.ToArray()).Color = Palette.Vermillion;
        path.AddHorizontalLine(0, "flat point x = 0");
        path.AddHorizontalLine(-2, "minimum x = −2");
        var grid = new SmallMultiples(columns: 2) { Title = "Plain gradient descent stalls on a flat stretch; momentum coasts through", CellWidth = 460, CellHeight = 340 };
        grid.Add(curve);
        grid.Add(path);
        section.AddFigure(grid, $"Left: the function and where each run is after {FlatSteps} steps. Right: gradient descent creeps towards the flat point x = 0 ever more slowly; momentum overshoots it, rolls down to the minimum at −2, swings a little and settles.");
    }

    private static double F(double x) => (Math.Pow(x, 4) / 4) + (2 * Math.Pow(x, 3) / 3);

    private static string Arrow(double step) => step > 0 ? "→" : step < 0 ? "←" : "·";
}

/// <summary>One point of lecture 000's momentum example.</summary>
/// <param name="Point">P1, P2 or P3.</param>
/// <param name="Gradient">g = ∇f(x_t).</param>
/// <param name="Past">The past velocity v_{t−1}.</param>
/// <param name="GdStep">The gradient-descent part of the step, −η·g.</param>
/// <param name="MomentumStep">The momentum part, −γ·v_{t−1}.</param>
/// <param name="TotalStep">x_{t+1} − x_t = −v_t = −(γ·v_{t−1} + η·g).</param>
/// <param name="LibraryStep">The same step taken by the library's <c>momentum</c> optimizer.</param>
public sealed record MomentumExampleRow(string Point, double Gradient, double Past, double GdStep, double MomentumStep, double TotalStep, double LibraryStep);
