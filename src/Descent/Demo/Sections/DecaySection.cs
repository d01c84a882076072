using Descent.Plotting;
using Descent.Schedules;

namespace Descent.Demo;

/// <summary>
/// Section 7: learning-rate decay. Lecture 002's four TensorFlow decays (exponential, natural exponential, inverse time, polynomial),
/// plus PyTorch's step decay, cosine annealing and a linear warmup (lecture 001), each simulated by the library's schedules.
/// </summary>
public sealed class DecaySection : DemoSection
{
    /// <summary>The starting learning rate.</summary>
    public const double BaseRate = 0.1;

    /// <summary>Steps simulated.</summary>
    public const int Steps = 100;

    private DecaySection(IReadOnlyList<DecayCurve> curves) => Curves = curves;

    /// <summary>The schedules shown: a label, the spec, the formula and where the idea comes from.</summary>
    public static IReadOnlyList<(string Label, string Spec, string Formula, string Source)> Schedules { get; } =
    [
        ("exponential decay", "exp_decay:decay_rate=0.5,decay_steps=25", "lr · decay_rate^(step / decay_steps)", "lecture 002"),
        ("natural exponential decay", "natural_exp_decay:decay_rate=0.03", "lr · exp(−decay_rate · step)", "lecture 002"),
        ("inverse time decay", "inverse_time_decay:decay_rate=0.1,decay_steps=1", "lr / (1 + decay_rate · step / decay_steps)", "lecture 002"),
        ("polynomial decay", "polynomial_decay:decay_steps=100,end_lr=0.001,power=2", "(lr − end_lr) · (1 − step/decay_steps)^power + end_lr", "lecture 002"),
        ("step decay", "step:step_size=30,gamma=0.5", "lr · gamma^⌊step / step_size⌋", "lecture 001; PyTorch StepLR"),
        ("cosine annealing", "cosine:t_max=100", "lr · (1 + cos(π · step / t_max)) / 2", "PyTorch CosineAnnealingLR"),
        ("warmup, then cosine", "cosine:t_max=90,warmup=10", "lr · step / 10 for 10 steps, then cosine", "lecture 001 (學習率預熱)"),
    ];

    /// <summary>Each schedule's values after 0 … <see cref="Steps"/> steps.</summary>
    public IReadOnlyList<DecayCurve> Curves { get; }

    /// <inheritdoc/>
    public override int Number => 7;

    /// <inheritdoc/>
    public override string Title => "Learning-rate decay and warmup";

    /// <inheritdoc/>
    public override IReadOnlyList<Lecture> Sources => [Lecture.L002, Lecture.L001];

    /// <inheritdoc/>
    public override string Summary => $"from lr 0.1, after 50 steps: " + string.Join(", ", Curves.Select(c => $"{c.Label} {DemoText.G(c.Values[50], 3)}"));

    /// <summary>Simulates every schedule.</summary>
    public static DecaySection Compute() =>
        new(Schedules.Select(s => new DecayCurve(s.Label, s.Spec, s.Source, ScheduleRegistry.Create(s.Spec).Simulate(BaseRate, Steps))).ToList());

    private static string FormulaOf(string spec) => Schedules.First(s => s.Spec == spec).Formula;

    /// <inheritdoc/>
    public override void Render(ReportSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        section.AddParagraph(SourceText(
            "a popular and simple idea — reduce the learning rate by some factor every few epochs: start with a large rate and lower it as " +
            "training goes on (在訓練剛開始的時候使用較大的 learning rate，隨著訓練的進行，我們會慢慢的減小 learning rate). Lecture 002 lists TensorFlow's four decay " +
            "formulas; lecture 001 adds decay by a factor at fixed steps, and warmup: start small and raise the rate, so that the first updates, " +
            "made while the statistics are still unsettled, do not throw the parameters around."));
        var chart = new LineChart
        {
            Title = $"Seven schedules from a learning rate of {DemoText.G(BaseRate)}",
            XLabel = "step (global_step)",
            YLabel = "learning rate",
            Width = 760,
            Height = 460,
            Legend = LegendPosition.OutsideRight,
            YMin = 0,
        };
        var steps = Enumerable.Range(0, Steps + 1).Select(i => (double)i).ToArray();
        for (int i = 0; i < Curves.Count; i++)
        {
            var s = chart.Add(Curves[i].Label, steps, Curves[i].Values.ToArray());
            s.Color = Palette.ForSeries(i);
            if (Curves[i].Spec.StartsWith("step:", StringComparison.Ordinal))
            {
                s.Step = StepMode.Post;
            }

            s.Dashed = i >= 4;
        }

        section.AddFigure(chart, "Solid: lecture 002's four decays. Dashed: step decay (a staircase), cosine annealing and warmup followed by cosine. Each curve is the value the optimizer uses at that step.");
        section.AddTable(
            ["schedule", "formula", "from", "step 0", "step 10", "step 50", "step 99"],
            Curves.Select(c => new[] { c.Label, FormulaOf(c.Spec), c.Source, DemoText.G(c.Values[0], 3), DemoText.G(c.Values[10], 3), DemoText.G(c.Values[50], 3), DemoText.G(c.Values[99], 3) }),
            "Values from `Schedule.Simulate(0.1, 100)` (lr = 0.1). The specs: " + string.Join("; ", Curves.Select(c => $"`{c.Spec}`")) +
            ". Pass any of them to `--schedule` in `descent optimize` or `descent compare`, or print one with `descent schedule`.");
        section.AddCode("descent schedule --schedule exp_decay:decay_rate=0.5,decay_steps=25 --lr 0.1 --steps 100 --plot decay.svg");
    }
}

/// <summary>One schedule's curve in <see cref="DecaySection"/>.</summary>
/// <param name="Label">What the schedule is called.</param>
/// <param name="Spec">The schedule spec.</param>
/// <param name="Source">Where it comes from.</param>
/// <param name="Values">The learning rate after 0 … n steps.</param>
public sealed record DecayCurve(string Label, string Spec, string Source, IReadOnlyList<double> Values);
