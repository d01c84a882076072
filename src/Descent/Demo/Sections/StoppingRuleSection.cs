using Descent.Analysis;
using Descent.Functions;
using Descent.Plotting;

namespace Descent.Demo;

/// <summary>
/// Section 2: lecture 002's loop on y = (x + 5)² from x = 3 with learning rate 0.01, stopping when the step |Δx| falls below the
/// precision 1e-6 or after 10 000 iterations. It stops after 595 iterations at x = −4.9999518490318176.
/// </summary>
public sealed class StoppingRuleSection : DemoSection
{
    /// <summary>The lecture's start point.</summary>
    public const double Start = 3;

    /// <summary>The lecture's learning rate.</summary>
    public const double LearningRate = 0.01;

    /// <summary>The lecture's precision: stop when |Δx| ≤ this.</summary>
    public const double Precision = 0.000001;

    /// <summary>The lecture's iteration cap.</summary>
    public const int MaxIterations = 10000;

    private StoppingRuleSection(StoppingRun run, IReadOnlyList<StoppingRun> otherRates, double libraryDifference)
    {
        Run = run;
        OtherRates = otherRates;
        LibraryDifference = libraryDifference;
    }

    /// <summary>The lecture's run.</summary>
    public StoppingRun Run { get; }

    /// <summary>The same loop with other learning rates (how many iterations each needs, or whether the cap stops it).</summary>
    public IReadOnlyList<StoppingRun> OtherRates { get; }

    /// <summary>The largest |x| difference between the lecture's loop and the library's <c>gd</c> optimizer over the same iterations.</summary>
    public double LibraryDifference { get; }

    /// <inheritdoc/>
    public override int Number => 2;

    /// <inheritdoc/>
    public override string Title => "When to stop: (x + 5)² from x = 3, precision and maximum iterations";

    /// <inheritdoc/>
    public override IReadOnlyList<Lecture> Sources => [Lecture.L002];

    /// <inheritdoc/>
    public override string Summary =>
        $"(x + 5)² from 3 with lr 0.01 stops after {Run.Iterations} iterations at x = {DemoText.R(Run.FinalX)} (last |Δx| = {DemoText.G(Run.LastStep, 3)} < 1e-6; the library's gd agrees to {DemoText.G(LibraryDifference, 2)})";

    /// <summary>The learning rates of the "other rates" table.</summary>
    public static IReadOnlyList<double> ComparedRates { get; } = [0.001, 0.01, 0.1, 0.5, 0.9, 1.0];

    /// <summary>Runs the lecture's loop, the comparison rates and the library check.</summary>
    public static StoppingRuleSection Compute()
    {
        var run = LectureLoop(Start, LearningRate, Precision, MaxIterations);
        var others = ComparedRates.Select(lr => LectureLoop(Start, lr, Precision, MaxIterations)).ToList();
        var library = Trajectories.Record(TestFunctions.Get("shifted"), [Start], $"gd:lr={DemoText.R(LearningRate)}", null, run.Iterations);
        double difference = 0;
        for (int k = 0; k <= run.Iterations; k++)
        {
            difference = Math.Max(difference, Math.Abs(library.Points[k].Point[0] - run.X[k]));
        }

        return new StoppingRuleSection(run, others, difference);
    }

    /// <summary>
    /// The lecture's Python loop, line for line in double arithmetic: <c>while previous_step_size &gt; precision and iters &lt;
    /// max_iters: prev_x = cur_x; cur_x = cur_x − lr·df(prev_x); previous_step_size = |cur_x − prev_x|; iters += 1</c> with
    /// <c>df = 2(x + 5)</c>.
    /// </summary>
    public static StoppingRun LectureLoop(double start, double learningRate, double precision, int maxIterations)
    {
        var xs = new List<double> { start };
        var steps = new List<double>();
        double curX = start, previousStepSize = 1;
        int iterations = 0;
        static double Df(double x) => 2 * (x + 5);
        while (previousStepSize > precision && iterations < maxIterations)
        {
            double prevX = curX;
            curX -= learningRate * Df(prevX);
            previousStepSize = Math.Abs(curX - prevX);
            iterations++;
            xs.Add(curX);
            steps.Add(previousStepSize);
            if (!double.IsFinite(curX))
            {
                break;
            }
        }

        string reason = previousStepSize <= precision ? "precision" : iterations >= maxIterations ? "max_iters" : "overflow";
        return new StoppingRun(learningRate, iterations, xs, steps, reason);
    }

    /// <inheritdoc/>
    public override void Render(ReportSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        section.AddParagraph(SourceText(
            "\"Find the local minima of the function y = (x + 5)² starting from the point x = 3\" with learning rate 0.01, and the " +
            "question the lecture leaves open: how many iterations should we perform? Its answer is a stopping rule: stop when a step " +
            "moves x by less than the precision 0.000001, or after max_iters = 10000 iterations."));
        section.AddCode("""
            # lecture 002's loop (Python), reproduced line for line in C# doubles
            cur_x = 3; lr = 0.01; precision = 0.000001; previous_step_size = 1; max_iters = 10000; iters = 0
            df = lambda x: 2*(x+5)
            while previous_step_size > precision and iters < max_iters:
                prev_x = cur_x
                cur_x = cur_x - lr * df(prev_x)
                previous_step_size = abs(cur_x - prev_x)
                iters = iters + 1
            """);
        var rows = new List<string[]>();
        for (int k = 1; k <= 8; k++)
        {
            rows.Add([DemoText.I(k), DemoText.R(Run.X[k]), DemoText.R(Run.Steps[k - 1])]);
        }

        rows.Add(["…", "…", "…"]);
        for (int k = Run.Iterations - 2; k <= Run.Iterations; k++)
        {
            rows.Add([DemoText.I(k), DemoText.R(Run.X[k]), DemoText.R(Run.Steps[k - 1])]);
        }

        section.AddTable(["iteration", "x (\"X value is\")", "|Δx| = previous_step_size"], rows,
            $"The first and last iterations, printed with Python's repr digits. The loop stops after {Run.Iterations} iterations, when |Δx| first drops below 1e-6.");
        section.AddParagraph(
            $"It converges to −5: the loop ends at x = {DemoText.R(Run.FinalX)} after {Run.Iterations} iterations. " +
            $"Note what the rule measures: each step is |Δx| = 2η·|x + 5| = 0.02·|x + 5|, so when the step is below 1e-6 the distance " +
            $"to the minimum is still about 50 times that, {DemoText.G(Math.Abs(Run.FinalX + 5), 3)}. A small step is evidence of " +
            "convergence, not a bound on the error. " +
            $"The library's `gd:lr=0.01` optimizer on the `shifted` test function takes the same path" +
            (LibraryDifference == 0 ? $", digit for digit, over all {Run.Iterations} iterations." : $" to within rounding (largest difference over the {Run.Iterations} iterations: {DemoText.G(LibraryDifference, 2)})."));

        var path = new LineChart { Title = "x against the iteration", XLabel = "iteration", YLabel = "x", Width = 460, Height = 340, Legend = LegendPosition.None };
        path.Add("x", Enumerable.Range(0, Run.X.Count).Select(i => (double)i).ToArray(), Run.X.ToArray()).Color = Palette.Blue;
        path.AddHorizontalLine(-5, "minimum x = −5");
        var step = new LineChart { Title = "Step size |Δx| and the precision", XLabel = "iteration", YLabel = "|Δx|", LogY = true, Width = 460, Height = 340, Legend = LegendPosition.None };
        step.Add("|Δx|", Enumerable.Range(1, Run.Steps.Count).Select(i => (double)i).ToArray(), Run.Steps.ToArray()).Color = Palette.Vermillion;
        step.AddHorizontalLine(Precision, "precision 1e-6");
        step.AddVerticalLine(Run.Iterations, $"stop at {Run.Iterations}");
        var grid = new SmallMultiples(columns: 2) { Title = "Gradient descent on (x + 5)² from x = 3, learning rate 0.01", CellWidth = 460, CellHeight = 340 };
        grid.Add(path);
        grid.Add(step);
        section.AddFigure(grid, "Left: x walks from 3 down to −5, fast at first and then ever slower. Right: the step shrinks by the factor 0.98 per iteration; the loop stops where it crosses the precision.");

        section.AddTable(
            ["learning rate", "iterations", "stopped by", "final x"],
            OtherRates.Select(r => new[] { DemoText.G(r.LearningRate), DemoText.I(r.Iterations), r.StoppedBy, DemoText.G(r.FinalX, 8) }),
            "The same loop with other learning rates. The factor per step is 1 − 2·lr: at lr = 1 it is −1, so x jumps between 3 and −13 forever and only max_iters ends the loop.");
    }
}

/// <summary>One run of lecture 002's loop.</summary>
/// <param name="LearningRate">lr.</param>
/// <param name="Iterations">Iterations performed.</param>
/// <param name="X">x after 0, 1, …, <paramref name="Iterations"/> iterations.</param>
/// <param name="Steps">|Δx| of iterations 1 … <paramref name="Iterations"/>.</param>
/// <param name="StoppedBy"><c>precision</c>, <c>max_iters</c> or <c>overflow</c>.</param>
public sealed record StoppingRun(double LearningRate, int Iterations, IReadOnlyList<double> X, IReadOnlyList<double> Steps, string StoppedBy)
{
    /// <summary>x when the loop ended.</summary>
    public double FinalX => X[^1];

    /// <summary>The last step's |Δx|.</summary>
    public double LastStep => Steps[^1];
}
