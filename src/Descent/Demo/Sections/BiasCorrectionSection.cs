using Descent.Analysis;
using Descent.Functions;
using Descent.Plotting;

namespace Descent.Demo;

/// <summary>
/// Section 6: Adam's bias correction (lecture 000). The moving averages start at zero, so early on m_t = (1 − β₁ᵗ)·g for a constant
/// gradient g: too small. Dividing by 1 − β₁ᵗ (0.1, 0.19, 0.271, 0.6513, 0.99997 at t = 1, 2, 3, 10, 100) undoes it. The second
/// moment has the same bias with β₂ = 0.999, and it is larger, so an uncorrected Adam takes larger first steps, not smaller ones.
/// </summary>
public sealed class BiasCorrectionSection : DemoSection
{
    /// <summary>β₁.</summary>
    public const double Beta1 = 0.9;

    /// <summary>β₂.</summary>
    public const double Beta2 = 0.999;

    /// <summary>The lecture's example gradient.</summary>
    public const double Gradient = 0.5;

    /// <summary>The learning rate of the step comparison.</summary>
    public const double LearningRate = 0.01;

    /// <summary>Steps of the step comparison.</summary>
    public const int Steps = 200;

    private BiasCorrectionSection(IReadOnlyList<double> corrected, IReadOnlyList<double> uncorrected)
    {
        CorrectedSteps = corrected;
        UncorrectedSteps = uncorrected;
    }

    /// <summary>The t of the lecture's table.</summary>
    public static IReadOnlyList<int> TableSteps { get; } = [1, 2, 3, 10, 100];

    /// <summary>Adam's step sizes |Δx_t| with bias correction (the library's <c>adam</c>) on f(x) = 0.5·x, t = 1 … <see cref="Steps"/>.</summary>
    public IReadOnlyList<double> CorrectedSteps { get; }

    /// <summary>The same without bias correction (<c>adam:bias_correction=false</c>, the lectures' simplified form).</summary>
    public IReadOnlyList<double> UncorrectedSteps { get; }

    /// <inheritdoc/>
    public override int Number => 6;

    /// <inheritdoc/>
    public override string Title => "Adam's bias correction: 1 − β₁ᵗ";

    /// <inheritdoc/>
    public override IReadOnlyList<Lecture> Sources => [Lecture.L000, Lecture.L003];

    /// <inheritdoc/>
    public override string Summary =>
        $"1 − 0.9ᵗ = {string.Join(", ", TableSteps.Select(t => $"{DemoText.G(1 - Math.Pow(Beta1, t), 6)} (t={t})"))}; m₁ = 0.05 uncorrected vs 0.5 corrected; " +
        $"first Adam step {DemoText.G(CorrectedSteps[0] / LearningRate, 3)}·lr with correction, {DemoText.G(UncorrectedSteps[0] / LearningRate, 3)}·lr without";

    /// <summary>1 − β₁ᵗ.</summary>
    public static double Correction(int t, double beta = Beta1) => 1 - Math.Pow(beta, t);

    /// <summary>Runs Adam with and without bias correction on a constant gradient.</summary>
    public static BiasCorrectionSection Compute()
    {
        // f(x) = 0.5·x: the gradient is the lecture's 0.5 everywhere, so every difference between the runs comes from the averages.
        var f = Objectives.Resolve("0.5*x");
        double[] StepsOf(string spec)
        {
            var points = Trajectories.Record(f, [0.0], spec, null, Steps).Points;
            return Enumerable.Range(1, Steps).Select(t => Math.Abs(points[t].Point[0] - points[t - 1].Point[0])).ToArray();
        }

        return new BiasCorrectionSection(StepsOf($"adam:lr={DemoText.R(LearningRate)}"), StepsOf($"adam:lr={DemoText.R(LearningRate)},bias_correction=false"));
    }

    /// <inheritdoc/>
    public override void Render(ReportSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        section.AddParagraph(SourceText(
            "Adam keeps m_t = β₁·m_{t−1} + (1 − β₁)·g_t and v_t = β₂·v_{t−1} + (1 − β₂)·g_t², both starting at 0, and divides them by " +
            "1 − β₁ᵗ and 1 − β₂ᵗ: m̂_t = m_t/(1 − β₁ᵗ), v̂_t = v_t/(1 − β₂ᵗ), θ_t = θ_{t−1} − α·m̂_t/(√v̂_t + ε). The lecture's example (訓練初期的問題): with β₁ = 0.9 " +
            "and a gradient of 0.5, the first average is m₁ = 0.1 × 0.5 = 0.05 — a tenth of the gradient — and the corrected m̂₁ = 0.05/0.1 = 0.5."));
        section.AddTable(
            ["t", "β₁ᵗ", "correction 1 − β₁ᵗ", "m_t (g = 0.5)", "m̂_t = m_t/(1 − β₁ᵗ)", "1 − β₂ᵗ (β₂ = 0.999)"],
            TableSteps.Select(t =>
            {
                double m = Gradient * Correction(t);
                return new[] { DemoText.I(t), DemoText.G(Math.Pow(Beta1, t), 6), DemoText.G(Correction(t), 6), DemoText.G(m, 6), DemoText.G(m / Correction(t), 6), DemoText.G(Correction(t, Beta2), 6) };
            }),
            "Lecture 000's table (β₁ = 0.9): 0.9, 0.81, 0.729, 0.3487, 0.000026, and the correction 0.1, 0.19, 0.271, 0.6513, 0.999974 approaching 1 — the longer training runs, the less correction is needed. " +
            "For a constant gradient m_t = (1 − β₁ᵗ)·g exactly, so m̂_t = g from the first step.");

        var ts = Enumerable.Range(1, 60).Select(t => (double)t).ToArray();
        var moments = new LineChart { Title = "First moment for a constant gradient 0.5", XLabel = "step t", YLabel = "value", Legend = LegendPosition.LowerRight };
        moments.Add("m_t (uncorrected)", ts, ts.Select(t => Gradient * Correction((int)t)).ToArray()).Color = Palette.Vermillion;
        moments.Add("m̂_t = m_t/(1 − β₁ᵗ)", ts, ts.Select(_ => Gradient).ToArray()).Color = Palette.Blue;
        var first = moments.Add("t = 1: 0.05 vs 0.5", [1.0, 1.0], [Gradient * Correction(1), Gradient]);
        first.Color = Palette.Black;
        first.Marker = MarkerShape.Circle;
        first.Dashed = true;

        var steps = Enumerable.Range(1, Steps).Select(t => (double)t).ToArray();
        var size = new LineChart { Title = "Adam's step size, in units of the learning rate", XLabel = "step t", YLabel = "|Δθ_t| / α", LogX = true, Legend = LegendPosition.UpperRight };
        size.Add("adam (bias-corrected)", steps, CorrectedSteps.Select(s => s / LearningRate).ToArray()).Color = Palette.Blue;
        size.Add("adam:bias_correction=false", steps, UncorrectedSteps.Select(s => s / LearningRate).ToArray()).Color = Palette.Vermillion;
        size.AddHorizontalLine(1, "α");
        double peak = UncorrectedSteps.Max();
        int peakAt = UncorrectedSteps.ToList().IndexOf(peak) + 1;
        var grid = new SmallMultiples(columns: 2) { Title = "Why Adam divides by 1 − βᵗ", CellWidth = 460, CellHeight = 340 };
        grid.Add(moments);
        grid.Add(size);
        section.AddFigure(grid,
            "Left: the lecture's point — the uncorrected average starts at a tenth of the gradient and needs tens of steps to catch up. Right: Descent's `adam` " +
            $"with and without correction on f(x) = 0.5·x (a constant gradient), lr = {DemoText.G(LearningRate)}. Corrected, every step is exactly α. Uncorrected, the steps " +
            "are too large, not too small: the second moment is biased even more (1 − β₂ᵗ = 0.001 at t = 1), and dividing by its square root " +
            $"more than makes up for the small m. The uncorrected step is (1 − β₁ᵗ)/√(1 − β₂ᵗ)·α: {DemoText.G(UncorrectedSteps[0] / LearningRate, 3)}α at t = 1, " +
            $"peaking at {DemoText.G(peak / LearningRate, 3)}α at t = {peakAt}, and back to α only after thousands of steps.");
        var rows = new[] { 1, 2, 3, 10, 100, Steps }.Select(t => new[]
        {
            DemoText.I(t), DemoText.G(CorrectedSteps[t - 1] / LearningRate, 6), DemoText.G(UncorrectedSteps[t - 1] / LearningRate, 6),
            DemoText.G(Correction(t) / Math.Sqrt(Correction(t, Beta2)), 6),
        });
        section.AddTable(["t", "|Δθ_t|/α corrected", "|Δθ_t|/α uncorrected", "(1 − β₁ᵗ)/√(1 − β₂ᵗ)"], rows,
            "The library's steps against the closed form for a constant gradient (ε is negligible here).");
    }
}
