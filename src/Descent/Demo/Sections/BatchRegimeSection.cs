using Descent.Data;
using Descent.NN;
using Descent.Optim;
using Descent.Plotting;

namespace Descent.Demo;

/// <summary>
/// Section 3: linear regression y = wx + b with mean-squared error, trained by full-batch gradient descent, stochastic gradient
/// descent (one sample per update) and mini-batch SGD (32 per update) with the same learning rate for the same number of epochs
/// (lectures 000 and 003): how many updates each makes, how stable each is, and how close each gets.
/// </summary>
public sealed class BatchRegimeSection : DemoSection
{
    /// <summary>Training samples (the lecture's example: 3,200 samples in batches of 32 give 100 steps per epoch).</summary>
    public const int Samples = 3200;

    /// <summary>Epochs for every regime.</summary>
    public const int Epochs = 5;

    /// <summary>The common learning rate.</summary>
    public const double LearningRate = 0.02;

    /// <summary>The true slope of the data.</summary>
    public const double TrueW = 2;

    /// <summary>The true intercept of the data.</summary>
    public const double TrueB = -1;

    /// <summary>The standard deviation of the noise on y.</summary>
    public const double Noise = 0.5;

    private readonly Moments _moments;

    private BatchRegimeSection(IReadOnlyList<BatchRegimeRun> runs, LinearFit best, Moments moments)
    {
        Runs = runs;
        Best = best;
        _moments = moments;
    }

    /// <summary>Full batch, mini-batch, stochastic: in that order.</summary>
    public IReadOnlyList<BatchRegimeRun> Runs { get; }

    /// <summary>The least-squares solution (w*, b*) and its loss L*, in closed form.</summary>
    public LinearFit Best { get; }

    /// <inheritdoc/>
    public override int Number => 3;

    /// <inheritdoc/>
    public override string Title => "Full-batch GD, SGD and mini-batch SGD on linear regression";

    /// <inheritdoc/>
    public override IReadOnlyList<Lecture> Sources => [Lecture.L000, Lecture.L003];

    /// <inheritdoc/>
    public override string Summary =>
        $"y = 2x − 1 + noise, {Samples} samples, lr {DemoText.G(LearningRate)}, {Epochs} epochs: " +
        string.Join("; ", Runs.Select(r => $"{r.Name} {r.Updates} updates, L − L* = {DemoText.G(r.FinalExcess, 2)}, {DemoText.Percent(r.IncreaseFraction, 0)} of updates raised L"));

    /// <summary>The full-data loss L(w, b) = mean (y − wx − b)², from the data's moments.</summary>
    public double LossAt(double w, double b) => _moments.Loss(w, b);

    /// <summary>Trains the three regimes from w = b = 0.</summary>
    public static BatchRegimeSection Compute()
    {
        var data = Synthetic.Linear(Samples, [TrueW], TrueB, Noise, seed: 3, dtype: DType.Float64);
        var x = data.Features.ToArray();
        var y = data.Targets.ToArray();
        double n = x.Length;
        var m = new Moments(x.Sum() / n, y.Sum() / n, x.Sum(v => v * v) / n, x.Zip(y, (a, b) => a * b).Sum() / n, y.Sum(v => v * v) / n);
        double wStar = (m.Sxy - (m.Sx * m.Sy)) / (m.Sxx - (m.Sx * m.Sx));
        double bStar = m.Sy - (wStar * m.Sx);
        var best = new LinearFit(wStar, bStar, m.Loss(wStar, bStar));
        var runs = new List<BatchRegimeRun>
        {
            Train(m, best.Loss, data, "full batch (GD)", Samples),
            Train(m, best.Loss, data, "mini-batch (32)", 32),
            Train(m, best.Loss, data, "stochastic (1)", 1),
        };
        return new BatchRegimeSection(runs, best, m);
    }

    private static BatchRegimeRun Train(Moments moments, double bestLoss, TensorDataset data, string name, int batchSize)
    {
        // The lecture's starting point: w = b = 0 (lecture 002: 通常情況下將初值設為零).
        var model = new Linear(1, 1, new Rng(0), dtype: DType.Float64);
        Init.Constant(model.Weight, 0);
        Init.Constant(model.Bias!, 0);
        var optimizer = OptimizerRegistry.Create($"gd:lr={DemoText.R(LearningRate)}", model.Parameters());
        var ws = new List<double> { 0 };
        var bs = new List<double> { 0 };
        var losses = new List<double> { moments.Loss(0, 0) };
        TrainingLoop.Run(model, optimizer, data, null, new TrainingOptions
        {
            Epochs = Epochs,
            BatchSize = batchSize,
            Seed = 1,
            AfterUpdate = _ =>
            {
                double w = model.Weight.Item(), b = model.Bias!.Item();
                ws.Add(w);
                bs.Add(b);
                losses.Add(moments.Loss(w, b));
            },
        });
        return new BatchRegimeRun(name, batchSize, DataLoader.StepsPerEpoch(Samples, batchSize), ws, bs, losses, bestLoss);
    }

    /// <inheritdoc/>
    public override void Render(ReportSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        section.AddParagraph(SourceText(
            "gradient descent computes the gradient of L = (1/n)Σ(yᵢ − (wxᵢ + b))² over all n samples before each update; stochastic " +
            "gradient descent uses one sample, and mini-batch SGD a batch of m ≪ n (lecture 003: 用小批量的梯度平均值代替全局梯度平均值). " +
            "An epoch is one pass over the data; a step is one update. With 3,200 samples and batch size 32, one epoch is 100 steps (lecture 000)."));
        section.AddParagraph(
            $"Here: {Samples} samples of y = {DemoText.G(TrueW)}x − {DemoText.G(-TrueB)} + ε, x ~ N(0, 1), ε ~ N(0, {DemoText.G(Noise)}²); the model starts at " +
            $"w = b = 0 and every regime uses the same learning rate {DemoText.G(LearningRate)} for {Epochs} epochs. The least-squares fit is " +
            $"w* = {DemoText.G(Best.W, 6)}, b* = {DemoText.G(Best.B, 6)} with loss L* = {DemoText.G(Best.Loss, 6)} (the noise): no line does better, so the contour plot shows the excess L − L* and the loss charts mark L*.");

        var contour = new ContourPlot((w, b) => Math.Max(LossAt(w, b) - Best.Loss, 1e-12), -0.4, 2.6, -1.7, 0.5)
        {
            Title = "The three paths through (w, b) over the contours of L − L*",
            XLabel = "w",
            YLabel = "b",
            ColorBarLabel = "L(w, b) − L*",
            Width = 720,
            Height = 500,
        };
        contour.AddMinimum(Best.W, Best.B, "least squares (w*, b*)");
        for (int i = 0; i < Runs.Count; i++)
        {
            var r = Runs[i];
            int every = Math.Max(1, r.W.Count / 1500);
            var idx = Enumerable.Range(0, r.W.Count).Where(k => k % every == 0 || k == r.W.Count - 1).ToArray();
            var t = contour.AddTrajectory($"{r.Name}: {r.Updates} updates", idx.Select(k => r.W[k]).ToArray(), idx.Select(k => r.B[k]).ToArray(), Palette.ForSeries(i));
            t.ShowPoints = r.Updates <= 100;
            t.LineWidth = i == 2 ? 1.1 : 1.8;
        }

        section.AddFigure(contour, "Full batch: five straight, even steps (one per epoch), still far from the fit. Mini-batch: 500 small steps, " +
            "slightly wobbly, arrives. Stochastic: 16,000 steps whose direction changes with every sample (路径弯弯曲曲, lecture 003); it gets there first and then keeps jittering around the fit.");

        var perUpdate = new LineChart { Title = "Against updates", XLabel = "updates (log scale)", YLabel = "L(w, b)", LogX = true, LogY = true };
        var perEpoch = new LineChart { Title = "Against epochs", XLabel = "epoch", YLabel = "L(w, b)", LogY = true };

        // The stochastic run first, so the smoother curves are drawn on top of its noise.
        foreach (int i in new[] { 2, 1, 0 })
        {
            var r = Runs[i];
            var u = Enumerable.Range(0, r.Loss.Count).Select(k => (double)k).ToArray();
            var a = perUpdate.Add(r.Name, u.Skip(1).ToArray(), r.Loss.Skip(1).ToArray());
            var b = perEpoch.Add(r.Name, u.Select(k => k / r.UpdatesPerEpoch).ToArray(), r.Loss.ToArray());
            a.Color = b.Color = Palette.ForSeries(i);
            a.LineWidth = b.LineWidth = i == 2 ? 1.0 : 2.0;
            a.Marker = b.Marker = i == 0 ? MarkerShape.Circle : null;
        }

        perUpdate.AddHorizontalLine(Best.Loss, "L* (noise)");
        perEpoch.AddHorizontalLine(Best.Loss, "L* (noise)");
        var grid = new SmallMultiples(columns: 2) { Title = "Loss on all 3,200 samples after every update", CellWidth = 460, CellHeight = 340 };
        grid.Add(perUpdate);
        grid.Add(perEpoch);
        section.AddFigure(grid, "Left, per update: per update all three make similar progress at first, but the stochastic one wanders and never settles " +
            "on L*: each sample pulls the line its own way. Right, per epoch: the full batch makes one update per pass over the data, so per epoch it is by far the slowest.");

        section.AddTable(
            ["regime", "batch", "updates per epoch", "updates", "final (w, b)", "final L − L*", "updates that raised L"],
            Runs.Select(r => new[]
            {
                r.Name, DemoText.I(r.BatchSize), DemoText.I(r.UpdatesPerEpoch), DemoText.I(r.Updates), $"({DemoText.G(r.W[^1], 4)}, {DemoText.G(r.B[^1], 4)})",
                DemoText.G(r.FinalExcess, 3), DemoText.Percent(r.IncreaseFraction, 1),
            }),
            "\"Updates that raised L\" measures stability: the share of updates after which the loss on the whole data set went up.");
        section.AddTable(
            ["", "Batch gradient descent", "Stochastic gradient descent", "Mini-batch SGD"],
            [
                ["samples per update (lecture)", "entire training set", "1", "mini_batch_size"],
                ["stability (lecture)", "stable", "low", "medium"],
                ["updates (lecture)", "1 per epoch", "1 per sample", "1 per mini-batch"],
                ["updates that raised L (measured)", DemoText.Percent(Runs[0].IncreaseFraction, 1), DemoText.Percent(Runs[2].IncreaseFraction, 1), DemoText.Percent(Runs[1].IncreaseFraction, 1)],
                ["L − L* after 5 epochs (measured)", DemoText.G(Runs[0].FinalExcess, 3), DemoText.G(Runs[2].FinalExcess, 3), DemoText.G(Runs[1].FinalExcess, 3)],
            ],
            "Lecture 000's comparison table, with this run's measurements beneath it.");
    }
}

/// <summary>The means of x, y, x², xy and y² over a data set: enough to evaluate the mean-squared error of any line in O(1).</summary>
internal readonly record struct Moments(double Sx, double Sy, double Sxx, double Sxy, double Syy)
{
    /// <summary>L(w, b) = mean (y − wx − b)², expanded.</summary>
    public double Loss(double w, double b) => Syy - (2 * w * Sxy) - (2 * b * Sy) + (w * w * Sxx) + (2 * w * b * Sx) + (b * b);
}

/// <summary>A linear fit y ≈ wx + b and its mean-squared error.</summary>
/// <param name="W">Slope.</param>
/// <param name="B">Intercept.</param>
/// <param name="Loss">Mean-squared error on the data.</param>
public sealed record LinearFit(double W, double B, double Loss);

/// <summary>One batch regime's run in <see cref="BatchRegimeSection"/>.</summary>
/// <param name="Name">The regime.</param>
/// <param name="BatchSize">Samples per update.</param>
/// <param name="UpdatesPerEpoch">Updates per epoch.</param>
/// <param name="W">w after 0, 1, … updates.</param>
/// <param name="B">b after 0, 1, … updates.</param>
/// <param name="Loss">The full-data loss after 0, 1, … updates.</param>
/// <param name="BestLoss">The least-squares loss L*.</param>
public sealed record BatchRegimeRun(string Name, int BatchSize, int UpdatesPerEpoch, IReadOnlyList<double> W, IReadOnlyList<double> B, IReadOnlyList<double> Loss, double BestLoss)
{
    /// <summary>Updates made.</summary>
    public int Updates => Loss.Count - 1;

    /// <summary>The full-data loss after the last update minus the least-squares loss L*.</summary>
    public double FinalExcess => Loss[^1] - BestLoss;

    /// <summary>The fraction of updates after which the full-data loss was higher than before.</summary>
    public double IncreaseFraction => Updates == 0 ? 0 : Enumerable.Range(1, Updates).Count(k => Loss[k] > Loss[k - 1]) / (double)Updates;
}
