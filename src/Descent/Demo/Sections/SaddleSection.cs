using Descent.Analysis;
using Descent.Functions;
using Descent.Plotting;

namespace Descent.Demo;

/// <summary>
/// Section 8: the saddle point of f(x, y) = (1 − xy)² at the origin (lecture 001, the book's example 3.6): the gradient is zero,
/// the Hessian is [[0, −2], [−2, 0]] with eigenvalues ±2, so the point is a saddle; then gd, momentum, Adam and RMSProp race away
/// from a start just off the origin.
/// </summary>
public sealed class SaddleSection : DemoSection
{
    /// <summary>The start, slightly off the saddle.</summary>
    public static IReadOnlyList<double> Start { get; } = [0.001, 0.002];

    /// <summary>A start exactly on the saddle's attracting line y = −x, where no gradient method can leave it.</summary>
    public static IReadOnlyList<double> StableStart { get; } = [0.5, -0.5];

    /// <summary>Steps per optimizer.</summary>
    public const int Steps = 200;

    /// <summary>f below this counts as having left the saddle (f = 1 there).</summary>
    public const double EscapeLevel = 0.5;

    /// <summary>The optimizers raced.</summary>
    public static IReadOnlyList<string> Specs { get; } = ["gd:lr=0.05", "momentum:lr=0.05,gamma=0.9", "adam:lr=0.05", "rmsprop:lr=0.05,alpha=0.9"];

    private SaddleSection(double[,] hessian, double[] gradient, CriticalPoint analysis, FunctionRaceResult race, FunctionRaceResult stuck)
    {
        Hessian = hessian;
        Gradient = gradient;
        Analysis = analysis;
        Race = race;
        Stuck = stuck;
    }

    /// <summary>∇²f at the origin, by autograd (double backward).</summary>
    public double[,] Hessian { get; }

    /// <summary>∇f at the origin.</summary>
    public IReadOnlyList<double> Gradient { get; }

    /// <summary>The eigen-decomposition of the Hessian and the verdict.</summary>
    public CriticalPoint Analysis { get; }

    /// <summary>The race from <see cref="Start"/>.</summary>
    public FunctionRaceResult Race { get; }

    /// <summary>The same optimizers from <see cref="StableStart"/>.</summary>
    public FunctionRaceResult Stuck { get; }

    /// <inheritdoc/>
    public override int Number => 8;

    /// <inheritdoc/>
    public override string Title => "The saddle point of (1 − xy)²: Hessian, eigenvalues, and who escapes";

    /// <inheritdoc/>
    public override IReadOnlyList<Lecture> Sources => [Lecture.L001, Lecture.L000];

    /// <inheritdoc/>
    public override string Summary =>
        $"H(0, 0) = [[{DemoText.G(Hessian[0, 0])}, {DemoText.G(Hessian[0, 1])}], [{DemoText.G(Hessian[1, 0])}, {DemoText.G(Hessian[1, 1])}]], eigenvalues " +
        $"{DemoText.G(Analysis.Eigenvalues[0])} and {DemoText.G(Analysis.Eigenvalues[1])}: {Analysis.Verdict}; steps to leave (f < 0.5) from (0.001, 0.002): " +
        string.Join(", ", Race.Entries.Select(e => $"{e.Spec.Split(':')[0]} {EscapeStep(e)?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "never"}"));

    /// <summary>The first step with f &lt; <see cref="EscapeLevel"/>, or null.</summary>
    public static int? EscapeStep(FunctionRaceEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry.Trajectory.Points.FirstOrDefault(p => p.Loss < EscapeLevel)?.Step;
    }

    /// <summary>Computes the Hessian analysis and both races.</summary>
    public static SaddleSection Compute()
    {
        var f = TestFunctions.Get("product-saddle");
        var h = f.Hessian([0.0, 0.0]);
        var g = f.Gradient([0.0, 0.0]);
        return new SaddleSection(h, g, CriticalPoint.Classify(h, g), FunctionRace.Run(f, Start, Specs, null, Steps), FunctionRace.Run(f, StableStart, Specs, null, Steps));
    }

    /// <inheritdoc/>
    public override void Render(ReportSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        section.AddParagraph(SourceText(
            "at a critical point the gradient is zero, but that does not make it a minimum. Expand the loss to second order around it: the " +
            "Hessian H decides. All eigenvalues positive: a bowl, a local minimum; all negative: a local maximum; mixed signs: a saddle " +
            "(Hessian 有正有负 → 马鞍形 → 鞍点). The notes' example (the book's 3.6) is f(x, y) = (1 − xy)² at the origin, where " +
            "det(H − λI) = λ² − 4 = 0 gives λ = ±2. Gradient descent slows to a crawl near such points because it only sees the gradient (lecture 000: SGD Problem #2)."));
        var heat = new Heatmap(Hessian)
        {
            Title = "H = ∇²f(0, 0)",
            RowLabels = ["∂/∂x", "∂/∂y"],
            ColumnLabels = ["∂/∂x", "∂/∂y"],
            Colormap = Colormap.BlueWhiteRed,
            Symmetric = true,
            ShowValues = true,
            ColorBarLabel = "second derivative",
            Width = 420,
            Height = 340,
        };
        section.AddFigure(heat, "The Hessian at the origin, from Descent's autograd (the gradient of the gradient). Off-diagonal −2, diagonal 0.");
        section.AddTable(
            ["quantity", "value"],
            [
                ["gradient ∇f(0, 0)", DemoText.Point(Gradient)],
                ["Hessian", $"[[{DemoText.G(Hessian[0, 0])}, {DemoText.G(Hessian[0, 1])}], [{DemoText.G(Hessian[1, 0])}, {DemoText.G(Hessian[1, 1])}]]"],
                ["characteristic polynomial", "det(H − λI) = λ² − 4"],
                ["eigenvalue λ₁, eigenvector", $"{DemoText.G(Analysis.Eigenvalues[0])}, {DemoText.Point(Analysis.Eigenvectors[0], 4)}"],
                ["eigenvalue λ₂, eigenvector", $"{DemoText.G(Analysis.Eigenvalues[1])}, {DemoText.Point(Analysis.Eigenvectors[1], 4)}"],
                ["verdict", Analysis.Verdict],
            ],
            "The curvature is negative (−2) along (1, 1)/√2 — downhill both ways, towards the minima on the hyperbola xy = 1 — and positive (+2) along (1, −1)/√2.");

        var paths = FunctionRace.PathsFigure(Race, $"Leaving the saddle: {Steps} steps from (0.001, 0.002)");
        paths.AddPoint(0, 0, "saddle", MarkerShape.Cross);
        section.AddFigure(paths, "All four start next to the saddle (the cross) and leave along the downhill direction (1, 1) towards the minimum (1, 1) on the valley xy = 1. " +
            "Their paths overlap almost completely; the difference is in the timing, below.");
        var loss = FunctionRace.LossFigure(Race, "f against the step: the plateau at f ≈ 1 is the time spent at the saddle");
        loss.YMin = 1e-10;
        section.AddFigure(loss, "Near the saddle the gradient is tiny (|∇f| ≈ 2·|(y, x)| ≈ 0.004 at the start) and proportional to the distance from the saddle, so plain gradient descent's distance " +
            "grows only by the factor 1 + 2η = 1.1 per step: dozens of steps to get away. RMSProp and Adam divide the gradient by its own recent size, so their first steps are full-sized; momentum builds up speed as it goes.");
        var rows = Race.Entries.Select(e => new[]
        {
            e.Spec, EscapeStep(e) is int s ? DemoText.I(s) : "never", e.StepsToTolerance is int t ? DemoText.I(t) : $"not within {Steps}",
            DemoText.G(e.FinalLoss, 3), DemoText.Point(e.FinalPoint),
        });
        section.AddTable(["optimizer", "steps to leave (f < 0.5)", "steps to f ≤ 1e-6", "final f", "final point"], rows,
            "Race from (0.001, 0.002), learning rate 0.05 for all.");
        var stuck = Stuck.Entries.Select(e => new[] { e.Spec, DemoText.G(e.FinalLoss, 6), DemoText.Point(e.FinalPoint, 3) });
        double farthest = Stuck.Entries.Max(e => Math.Sqrt((e.FinalPoint[0] * e.FinalPoint[0]) + (e.FinalPoint[1] * e.FinalPoint[1])));
        section.AddTable(["optimizer", $"f after {Steps} steps", "final point"], stuck,
            "From (0.5, −0.5), exactly on the line y = −x along which the saddle attracts: every gradient points along that line, so no gradient method ever leaves it. " +
            $"All four end within {DemoText.G(farthest, 2)} of the saddle with f ≈ 1 (the normalised steps of RMSProp and Adam keep them hopping around it rather than settling). " +
            "In practice rounding or stochastic gradients push an optimizer off the line eventually; the lecture's point stands: a zero gradient can hold an optimizer at a point that is not a minimum.");
        section.AddCode("descent compare --function \"(1 - x*y)^2\" --start=0.001,0.002 --optimizers \"" + string.Join(";", Specs) + $"\" --steps {Steps}");
    }
}
