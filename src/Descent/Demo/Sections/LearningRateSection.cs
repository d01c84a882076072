using Descent.Analysis;
using Descent.Functions;
using Descent.Plotting;

namespace Descent.Demo;

/// <summary>
/// Section 1: gradient descent on f(x) = ½x² with learning rates too small, about right, too large and divergent (lecture 000).
/// Since f′(x) = x, each step multiplies x by 1 − η: it converges for 0 &lt; η &lt; 2, fastest at η = 1, and diverges beyond 2.
/// </summary>
public sealed class LearningRateSection : DemoSection
{
    /// <summary>The start point x₀.</summary>
    public const double Start = 2;

    /// <summary>The steps each rate takes.</summary>
    public const int Steps = 20;

    private LearningRateSection(IReadOnlyList<LearningRateRun> runs) => Runs = runs;

    /// <summary>The learning rates shown, with the verdict on each.</summary>
    public static IReadOnlyList<(double Rate, string Verdict)> Rates { get; } =
    [
        (0.1, "too small"),
        (0.5, "about right"),
        (1.0, "exact: η = 1/f″ lands on the minimum in one step"),
        (1.8, "too large: overshoots and oscillates"),
        (2.1, "divergent"),
    ];

    /// <summary>One run per rate in <see cref="Rates"/>.</summary>
    public IReadOnlyList<LearningRateRun> Runs { get; }

    /// <inheritdoc/>
    public override int Number => 1;

    /// <inheritdoc/>
    public override string Title => "The learning rate: too small, right, too large, divergent";

    /// <inheritdoc/>
    public override IReadOnlyList<Lecture> Sources => [Lecture.L000, Lecture.L002];

    /// <inheritdoc/>
    public override string Summary =>
        "½x² from x = 2, 20 steps: " + string.Join(", ", Runs.Where(r => r.Rate != 1.0).Select(r => $"η = {DemoText.G(r.Rate)} gives f = {DemoText.G(r.FinalLoss, 3)} ({r.Verdict.Split(':')[0]})"));

    /// <summary>Runs plain gradient descent (<c>gd</c>) for every rate.</summary>
    public static LearningRateSection Compute()
    {
        var f = TestFunctions.Get("quadratic", 1);
        var runs = Rates.Select(r =>
        {
            var path = Trajectories.Record(f, [Start], $"gd:lr={DemoText.R(r.Rate)}", null, Steps);
            return new LearningRateRun(r.Rate, r.Verdict, path.Points.Select(p => p.Point[0]).ToArray(), path.Points.Select(p => p.Loss).ToArray());
        }).ToList();
        return new LearningRateSection(runs);
    }

    /// <inheritdoc/>
    public override void Render(ReportSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        section.AddParagraph(SourceText(
            "gradient descent x′ = x − η∇f(x) on the lecture's example f(x) = ½x². The learning rate η sets the size of each step: " +
            "a small rate converges slowly, a large one overshoots the minimum (lecture 002: 小學習率可以使迭代收斂，大學習率可能超過最小值)."));
        section.AddParagraph(
            "Here f′(x) = x, so one step is x ← (1 − η)·x: the distance to the minimum shrinks by |1 − η| per step. " +
            "For 0 < η < 1 the iterates creep down one side, at η = 1 (one over the curvature f″ = 1) they land on 0 in one step, " +
            "for 1 < η < 2 they jump across the minimum and back, and for η > 2 every jump lands higher than the last: divergence.");

        var grid = new SmallMultiples(columns: 2) { Title = "Gradient descent on f(x) = ½x² from x₀ = 2 (first 8 steps)", CellWidth = 440, CellHeight = 300 };
        int colour = 0;
        foreach (var run in Runs.Where(r => r.Rate != 1.0))
        {
            grid.Add(Panel(run, Palette.ForSeries(colour++), 8));
        }

        section.AddFigure(grid, "The iterates (x_t, f(x_t)) on the parabola, joined in order. Too small: tiny steps down one side. " +
            "About right: most of the way in a few steps. Too large: it jumps across the minimum each step. Divergent: each jump lands higher.");

        var loss = new LineChart { Title = "f(x_t) against the step", XLabel = "step t", YLabel = "f(x_t) = ½x_t²", LogY = true, Width = 720, Height = 400 };
        colour = 0;
        foreach (var run in Runs.Where(r => r.Rate != 1.0))
        {
            loss.Add($"η = {DemoText.G(run.Rate)} ({run.Verdict.Split(':')[0]})", Enumerable.Range(0, run.X.Count).Select(i => (double)i).ToArray(), run.Loss.ToArray())
                .Color = Palette.ForSeries(colour++);
        }

        section.AddFigure(loss, "On a log scale the convergent runs are straight lines with slope log (1 − η)²; the divergent one climbs.");
        section.AddTable(
            ["η", "factor 1 − η", "x after 20 steps", "f after 20 steps", "behaviour"],
            Runs.Select(r => new[] { DemoText.G(r.Rate), DemoText.G(1 - r.Rate), DemoText.G(r.X[^1], 4), DemoText.G(r.FinalLoss, 4), r.Verdict }),
            "Every run starts at x₀ = 2 with the `gd` optimizer (x ← x − η·∇f).");
        section.AddCode("descent optimize --function quadratic --start=2 --optimizer gd:lr=0.5 --steps 20");
    }

    private static LineChart Panel(LearningRateRun run, Color color, int steps)
    {
        var xs = run.X.Take(steps + 1).ToArray();
        double reach = Math.Max(2.2, xs.Max(Math.Abs) * 1.08);
        var curveX = Enumerable.Range(0, 201).Select(i => -reach + (2 * reach * i / 200)).ToArray();
        var chart = new LineChart
        {
            Title = $"η = {DemoText.G(run.Rate)}: {run.Verdict}",
            XLabel = "x",
            YLabel = "f(x)",
            Legend = LegendPosition.None,
        };
        chart.Add("f(x) = ½x²", curveX, curveX.Select(x => 0.5 * x * x).ToArray()).Color = new Color(0x99, 0x99, 0x99);
        var path = chart.Add($"η = {DemoText.G(run.Rate)}", xs, xs.Select(x => 0.5 * x * x).ToArray());
        path.Color = color;
        path.Marker = MarkerShape.Circle;
        return chart;
    }
}

/// <summary>One learning rate's run in <see cref="LearningRateSection"/>.</summary>
/// <param name="Rate">η.</param>
/// <param name="Verdict">too small, about right, …</param>
/// <param name="X">x_t for t = 0 … <see cref="LearningRateSection.Steps"/>.</param>
/// <param name="Loss">f(x_t).</param>
public sealed record LearningRateRun(double Rate, string Verdict, IReadOnlyList<double> X, IReadOnlyList<double> Loss)
{
    /// <summary>f after the last step.</summary>
    public double FinalLoss => Loss[^1];
}
