using Descent.Functions;
using Descent.Plotting;

namespace Descent.Demo;

/// <summary>
/// Section 5: AdaGrad, RMSProp and Adam on the ellipse x²/20 + y² (lectures 000, 001 and 004): one learning rate per parameter,
/// from the history of that parameter's gradients. The per-parameter rates are computed from the gradients along each recorded
/// path with the optimizers' formulas, and checked against the steps actually taken.
/// </summary>
public sealed class AdaptiveRatesSection : DemoSection
{
    /// <summary>Steps per optimizer.</summary>
    public const int Steps = 100;

    /// <summary>AdaGrad's learning rate η.</summary>
    public const double AdaGradRate = 1.5;

    /// <summary>RMSProp's learning rate η.</summary>
    public const double RmsPropRate = 0.1;

    /// <summary>RMSProp's decay p (the lecture's usual 0.9; PyTorch's default is 0.99).</summary>
    public const double RmsPropDecay = 0.9;

    /// <summary>Adam's learning rate α.</summary>
    public const double AdamRate = 0.3;

    /// <summary>The optimizers raced, plain gradient descent first for reference.</summary>
    public static IReadOnlyList<string> Specs { get; } =
    [
        "gd:lr=0.9",
        $"adagrad:lr={DemoText.R(AdaGradRate)}",
        $"rmsprop:lr={DemoText.R(RmsPropRate)},alpha={DemoText.R(RmsPropDecay)}",
        $"adam:lr={DemoText.R(AdamRate)}",
    ];

    /// <summary>Steps of the constant-slope comparison.</summary>
    public const int SlopeSteps = 1000;

    /// <summary>The learning rate of the constant-slope comparison.</summary>
    public const double SlopeRate = 0.1;

    /// <summary>The region the path figures show.</summary>
    public static PlotRange View { get; } = new(-9, 1.5, -2, 2.5);

    /// <summary>The optimizers of the constant-slope comparison.</summary>
    public static IReadOnlyList<string> SlopeSpecs { get; } =
    [
        $"adagrad:lr={DemoText.R(SlopeRate)}",
        $"rmsprop:lr={DemoText.R(SlopeRate)},alpha={DemoText.R(RmsPropDecay)}",
        $"adam:lr={DemoText.R(SlopeRate)}",
    ];

    private AdaptiveRatesSection(FunctionRaceResult race, IReadOnlyList<PerParameterRates> rates, IReadOnlyList<IReadOnlyList<double>> slopeSteps)
    {
        Race = race;
        Rates = rates;
        SlopeStepLengths = slopeSteps;
    }

    /// <summary>
    /// |Δx_t| for t = 1 … <see cref="SlopeSteps"/> of each of <see cref="SlopeSpecs"/> on the constant slope f(x) = x: AdaGrad's is
    /// η/√t, since its sum of squared gradients is t.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<double>> SlopeStepLengths { get; }

    /// <summary>The race on the ellipse.</summary>
    public FunctionRaceResult Race { get; }

    /// <summary>The per-parameter learning rates of AdaGrad, RMSProp and Adam along their paths.</summary>
    public IReadOnlyList<PerParameterRates> Rates { get; }

    /// <inheritdoc/>
    public override int Number => 5;

    /// <inheritdoc/>
    public override string Title => "AdaGrad, RMSProp and Adam on the ellipse x²/20 + y²: a learning rate per parameter";

    /// <inheritdoc/>
    public override IReadOnlyList<Lecture> Sources => [Lecture.L000, Lecture.L004];

    /// <inheritdoc/>
    public override string Summary
    {
        get
        {
            var ada = Rates[0];
            return $"after 1 step AdaGrad's rate is {DemoText.G(ada.X[0], 3)} for x and {DemoText.G(ada.Y[0], 3)} for y (ratio {DemoText.G(ada.X[0] / ada.Y[0], 3)}); " +
                $"on a constant slope its step falls to {DemoText.G(SlopeStepLengths[0][^1] / SlopeStepLengths[0][0], 3)} of the first by step {SlopeSteps} (RMSProp's: {DemoText.G(SlopeStepLengths[1][^1] / SlopeRate, 3)}·η); final losses " +
                string.Join(", ", Race.Entries.Select(e => $"{e.Spec.Split(':')[0]} {DemoText.G(e.FinalLoss, 2)}"));
        }
    }

    /// <summary>Runs the race and derives the per-parameter rates.</summary>
    public static AdaptiveRatesSection Compute()
    {
        var f = TestFunctions.Get("ellipse");
        var race = FunctionRace.Run(f, f.DefaultStart, Specs, null, Steps);
        var rates = new List<PerParameterRates>
        {
            Derive("AdaGrad", race.Entries[1], f, (r, g, _) => r + (g * g), (r, _) => AdaGradRate / (Math.Sqrt(r) + 1e-10)),
            Derive("RMSProp", race.Entries[2], f, (r, g, _) => (RmsPropDecay * r) + ((1 - RmsPropDecay) * g * g), (r, _) => RmsPropRate / (Math.Sqrt(r) + 1e-8)),
            Derive("Adam", race.Entries[3], f, (r, g, _) => (0.999 * r) + (0.001 * g * g), (r, t) => AdamRate / (Math.Sqrt(r / (1 - Math.Pow(0.999, t))) + 1e-8)),
        };
        var slope = Objectives.Resolve("x");
        var slopeSteps = SlopeSpecs.Select(spec =>
        {
            var points = Analysis.Trajectories.Record(slope, [0.0], spec, null, SlopeSteps).Points;
            return (IReadOnlyList<double>)Enumerable.Range(1, SlopeSteps).Select(t => Math.Abs(points[t].Point[0] - points[t - 1].Point[0])).ToArray();
        }).ToList();
        return new AdaptiveRatesSection(race, rates, slopeSteps);
    }

    /// <summary>
    /// The rate η_i(t) each coordinate gets at step t, from the running statistic r of its squared gradients
    /// (<paramref name="accumulate"/>) and the optimizer's formula (<paramref name="rate"/>), plus the step actually taken divided by
    /// the gradient, −Δθᵢ/gᵢ (equal to the rate for AdaGrad and RMSProp; Adam's step also carries momentum).
    /// </summary>
    private static PerParameterRates Derive(string name, FunctionRaceEntry entry, IObjective f, Func<double, double, int, double> accumulate, Func<double, int, double> rate)
    {
        var points = entry.Trajectory.Points;
        double rx = 0, ry = 0;
        var x = new List<double>();
        var y = new List<double>();
        var observedX = new List<double>();
        var observedY = new List<double>();
        var length = new List<double>();
        for (int t = 1; t < points.Count; t++)
        {
            var before = points[t - 1].Point;
            var after = points[t].Point;
            var g = f.Gradient(before);
            rx = accumulate(rx, g[0], t);
            ry = accumulate(ry, g[1], t);
            x.Add(rate(rx, t));
            y.Add(rate(ry, t));
            observedX.Add(-(after[0] - before[0]) / g[0]);
            observedY.Add(-(after[1] - before[1]) / g[1]);
            length.Add(Math.Sqrt(Math.Pow(after[0] - before[0], 2) + Math.Pow(after[1] - before[1], 2)));
        }

        return new PerParameterRates(name, entry.Spec, x, y, observedX, observedY, length);
    }

    /// <inheritdoc/>
    public override void Render(ReportSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        section.AddParagraph(SourceText(
            "a learning rate should differ per parameter: on an elongated bowl the gradient along one axis (w1) is usually large and along " +
            "the other (w2) small (lecture 000: Learning rate 應該依據不同參數而不同). AdaGrad divides by the root of the summed squared gradients, " +
            "r_t = r_{t−1} + g⊙g, x ← x − η/(δ + √r_t)·g; RMSProp by a running average, r_t = p·r_{t−1} + (1 − p)·g⊙g; Adam combines RMSProp's " +
            "average with momentum (lecture 004: Adam = RMSProp + Momentum)."));
        section.AddParagraph(
            "The ellipse f = x²/20 + y² has gradient (x/10, 2y): twenty times steeper across (y) than along (x). Plain gradient descent must keep " +
            "η < 1 for y to stay stable, and then x crawls at 9% per step — it zig-zags across the valley. The adaptive methods see that x's gradients " +
            $"are small and give x a larger rate. Every run: {Steps} steps from (−8, 2).");
        section.AddFigure(FunctionRace.PanelsFigure(Race, $"Plain GD and three adaptive methods on x²/20 + y², {Steps} steps from (−8, 2)", View),
            "Gradient descent zig-zags across the narrow direction. The adaptive methods' first steps are diagonal: each coordinate moves by about η whatever the size of its gradient. " +
            "AdaGrad and RMSProp then settle y quickly and walk along the valley; Adam's momentum carries it past the minimum and back.");
        section.AddFigure(FunctionRace.LossFigure(Race, "f against the step"), "The same runs' losses. The dashed line is f = 1e-6.");

        var grid = new SmallMultiples(columns: 3) { Title = "Per-parameter learning rates η_i(t) along each path", CellWidth = 320, CellHeight = 300 };
        foreach (var r in Rates)
        {
            var chart = new LineChart { Title = r.Spec, XLabel = "step", YLabel = "η_i(t)", LogY = true, Legend = LegendPosition.UpperRight };
            var steps = Enumerable.Range(1, r.X.Count).Select(i => (double)i).ToArray();
            chart.Add("x (gentle axis)", steps, r.X.ToArray()).Color = Palette.Blue;
            chart.Add("y (steep axis)", steps, r.Y.ToArray()).Color = Palette.Vermillion;
            grid.Add(chart);
        }

        var ada = Rates[0];
        section.AddFigure(grid, "AdaGrad: η/(δ + √Σg²); RMSProp: η/(δ + √r) with r a running average; Adam: α/(√v̂ + ε). " +
            $"At the first step every method gives the gentle coordinate x a rate {DemoText.G(ada.X[0] / ada.Y[0], 2)} times y's (its gradient is that much smaller). " +
            "AdaGrad's rates can only fall (the sum only grows) and freeze once the gradients vanish; RMSProp's and Adam's averages forget, so their rates rise again as the gradients shrink near the minimum — " +
            "RMSProp's y rate overtakes x's once y has converged.");

        var slopeX = Enumerable.Range(1, SlopeSteps).Select(i => (double)i).ToArray();
        var shrink = new LineChart { Title = "Step length on a constant slope f(x) = x", XLabel = "step t", YLabel = "|Δx_t|", LogX = true, LogY = true, Width = 680, Height = 400, Legend = LegendPosition.LowerLeft };
        for (int i = 0; i < SlopeSpecs.Count; i++)
        {
            shrink.Add(SlopeSpecs[i], slopeX, SlopeStepLengths[i].ToArray()).Color = Palette.ForSeries(i + 1);
        }

        var reference = shrink.Add("η/√t", slopeX, slopeX.Select(t => SlopeRate / Math.Sqrt(t)).ToArray());
        reference.Color = new Color(0x88, 0x88, 0x88);
        reference.Dashed = true;
        section.AddFigure(shrink, "AdaGrad's weakness, isolated: on a slope whose gradient never changes, its sum of squares is t·g², so its step is η/√t — a tenth of the first after 100 steps, " +
            $"{DemoText.G(SlopeStepLengths[0][^1] / SlopeStepLengths[0][0], 2)} after {SlopeSteps} — although nothing about the problem has changed " +
            "(lecture 000: Learning rate 或許會下降太快; lecture 001: 有效学习率 η/σ 会越来越小). RMSProp's running average keeps its step at η (after a few large first steps while its average fills up); Adam's is η from the start.");

        var rows = new List<string[]>();
        foreach (var r in Rates)
        {
            foreach (int t in new[] { 1, 10, 50, Steps })
            {
                rows.Add([r.Name, DemoText.I(t), DemoText.G(r.X[t - 1], 4), DemoText.G(r.Y[t - 1], 4), DemoText.G(r.X[t - 1] / r.Y[t - 1], 3), DemoText.G(r.StepLength[t - 1], 3)]);
            }
        }

        section.AddTable(["optimizer", "step", "η_x", "η_y", "η_x / η_y", "step length"], rows,
            "Per-parameter rates from the formulas, evaluated on the gradients along each path. For AdaGrad and RMSProp the step actually taken, −Δθᵢ/gᵢ, equals the rate to rounding.");
        var (header, race) = FunctionRace.Table(Race, includeTime: false);
        section.AddTable(header, race, "The race's result.");
        section.AddCode("descent compare --function ellipse --optimizers \"" + string.Join(";", Specs) + $"\" --steps {Steps}");
    }
}

/// <summary>Per-parameter learning rates along one path on the ellipse.</summary>
/// <param name="Name">AdaGrad, RMSProp or Adam.</param>
/// <param name="Spec">The optimizer spec.</param>
/// <param name="X">x's rate at steps 1 … n.</param>
/// <param name="Y">y's rate at steps 1 … n.</param>
/// <param name="ObservedX">−Δx/g_x at steps 1 … n: the rate actually applied (includes momentum for Adam).</param>
/// <param name="ObservedY">−Δy/g_y at steps 1 … n.</param>
/// <param name="StepLength">‖Δθ‖ at steps 1 … n.</param>
public sealed record PerParameterRates(string Name, string Spec, IReadOnlyList<double> X, IReadOnlyList<double> Y, IReadOnlyList<double> ObservedX, IReadOnlyList<double> ObservedY, IReadOnlyList<double> StepLength);
