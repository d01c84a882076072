using Descent.Data;
using Descent.NN;
using Descent.Optim;
using Descent.Plotting;

namespace Descent.Demo;

/// <summary>
/// Section 9: small against large batches (lectures 000 and 001, quoting Keskar et al. 2017's table) measured on a small network,
/// and a softmax classifier with its training curves; optionally a softmax classifier on Fashion-MNIST when it is installed.
/// </summary>
public sealed class BatchSizeSection : DemoSection
{
    /// <summary>The classifier's data set (built in, 4 overlapping Gaussian clusters, standardised).</summary>
    public const string SoftmaxData = "blobs:n=1000,centers=4,std=2.5,seed=4,val=0.2,standardize=feature";

    /// <summary>The classifier's optimizer.</summary>
    public const string SoftmaxOptimizer = "sgd:lr=0.05";

    /// <summary>The classifier's epochs.</summary>
    public const int SoftmaxEpochs = 30;

    /// <summary>The batch experiment's data set.</summary>
    public const string BatchData = "moons:n=3000,noise=0.3,seed=2,val=0.2,standardize=feature";

    /// <summary>The batch experiment's model.</summary>
    public const string BatchModel = "mlp:2-64-64-2";

    /// <summary>The batch experiment's optimizer (Keskar et al. used Adam for the table the lecture quotes).</summary>
    public const string BatchOptimizer = "adam:lr=0.01";

    /// <summary>The batch experiment's epochs (the same for both batch sizes).</summary>
    public const int BatchEpochs = 30;

    /// <summary>The small batch size.</summary>
    public const int SmallBatch = 16;

    /// <summary>Seeds of the batch experiment (initial weights and shuffling).</summary>
    public static IReadOnlyList<ulong> Seeds { get; } = [0, 1, 2];

    private BatchSizeSection(TrainingHistory softmax, int largeBatch, IReadOnlyList<TrainingHistory> small, IReadOnlyList<TrainingHistory> large, FashionResult? fashion, string fashionNote)
    {
        Softmax = softmax;
        LargeBatch = largeBatch;
        SmallRuns = small;
        LargeRuns = large;
        Fashion = fashion;
        FashionNote = fashionNote;
    }

    /// <summary>The softmax classifier's training history.</summary>
    public TrainingHistory Softmax { get; }

    /// <summary>The large batch size: 10% of the training set, the lecture's "LB".</summary>
    public int LargeBatch { get; }

    /// <summary>One run per seed with <see cref="SmallBatch"/>.</summary>
    public IReadOnlyList<TrainingHistory> SmallRuns { get; }

    /// <summary>One run per seed with <see cref="LargeBatch"/>.</summary>
    public IReadOnlyList<TrainingHistory> LargeRuns { get; }

    /// <summary>The Fashion-MNIST run, or null when it was not asked for or the data is not installed.</summary>
    public FashionResult? Fashion { get; }

    /// <summary>What happened to the Fashion-MNIST part (run, skipped, or not asked for).</summary>
    public string FashionNote { get; }

    /// <inheritdoc/>
    public override int Number => 9;

    /// <inheritdoc/>
    public override string Title => "Small vs large batches, and a softmax classifier";

    /// <inheritdoc/>
    public override IReadOnlyList<Lecture> Sources => [Lecture.L000, Lecture.L001];

    /// <inheritdoc/>
    public override string Summary =>
        $"softmax on blobs: validation accuracy {DemoText.Percent(Softmax.Final.ValidationAccuracy ?? 0)} after {SoftmaxEpochs} epochs; " +
        $"{BatchModel} on moons, batch {SmallBatch} vs {LargeBatch}: test accuracy {MeanStd(SmallRuns, r => r.ValidationAccuracy)} vs {MeanStd(LargeRuns, r => r.ValidationAccuracy)}" +
        (Fashion != null ? $"; Fashion-MNIST softmax test accuracy {DemoText.Percent(Fashion.History.Final.ValidationAccuracy ?? 0)}" : $"; Fashion-MNIST: {FashionNote}");

    /// <summary>Trains everything.</summary>
    public static BatchSizeSection Compute(bool fashionMnist = false)
    {
        var blobs = Datasets.Load(SoftmaxData);
        var softmaxModel = ModelSpec.Build("softmax", blobs.Train.SampleShape, blobs.Train.ClassCount, new Rng(0));
        var softmax = TrainingLoop.Run(softmaxModel, OptimizerRegistry.Create(SoftmaxOptimizer, softmaxModel.Parameters()), blobs.Train, blobs.Validation,
            new TrainingOptions { Epochs = SoftmaxEpochs, BatchSize = 32, Seed = 0 });

        var spirals = Datasets.Load(BatchData);
        int large = Math.Max(1, spirals.Train.Count / 10);
        var small = Seeds.Select(s => TrainMlp(spirals, SmallBatch, s)).ToList();
        var big = Seeds.Select(s => TrainMlp(spirals, large, s)).ToList();

        var (fashion, note) = fashionMnist
            ? TryFashionMnist(FashionSpec)
            : (null, "not run (add --fashion-mnist to train a softmax classifier on it when it is installed)");
        return new BatchSizeSection(softmax, large, small, big, fashion, note);
    }

    private static TrainingHistory TrainMlp(DataSplits data, int batchSize, ulong seed)
    {
        var model = ModelSpec.Build(BatchModel, data.Train.SampleShape, data.Train.ClassCount, new Rng(seed));
        return TrainingLoop.Run(model, OptimizerRegistry.Create(BatchOptimizer, model.Parameters()), data.Train, data.Validation,
            new TrainingOptions { Epochs = BatchEpochs, BatchSize = batchSize, Seed = seed });
    }

    /// <summary>The Fashion-MNIST part's data: the first 10,000 training images, flattened and standardised.</summary>
    public const string FashionSpec = "fashion-mnist:n=10000,flatten=true,standardize=global";

    /// <summary>
    /// Trains the softmax classifier on Fashion-MNIST (<paramref name="spec"/>), or says why not: when the data set is not installed
    /// the result is null and the note says it was skipped and how to get the data.
    /// </summary>
    public static (FashionResult? Result, string Note) TryFashionMnist(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        DataSplits data;
        try
        {
            data = Datasets.Load(spec);
        }
        catch (DatasetNotFoundException e)
        {
            return (null, "skipped: the data set is not installed. " + e.Message.Split('\n')[0]);
        }

        return (TrainFashion(spec, data), "run");
    }

    private static FashionResult TrainFashion(string spec, DataSplits data)
    {
        var model = ModelSpec.Build("softmax", data.Train.SampleShape, data.Train.ClassCount, new Rng(0));
        var history = TrainingLoop.Run(model, OptimizerRegistry.Create("adam:lr=0.001", model.Parameters()), data.Train, data.Test,
            new TrainingOptions { Epochs = 3, BatchSize = 64, Seed = 0 });
        return new FashionResult(spec, data.Train.Count, data.Test?.Count ?? 0, history);
    }

    /// <summary>"mean ± std" of a final-epoch metric over runs, as percentages.</summary>
    public static string MeanStd(IReadOnlyList<TrainingHistory> runs, Func<EpochRecord, double?> metric)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(metric);
        var (mean, std) = Stats(runs.Select(r => metric(r.Final) ?? double.NaN).ToArray());
        return $"{DemoText.F(mean * 100, 2)}% ± {DemoText.F(std * 100, 2)}%";
    }

    /// <summary>Mean and sample standard deviation.</summary>
    public static (double Mean, double Std) Stats(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        double mean = values.Average();
        double variance = values.Count > 1 ? values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1) : 0;
        return (mean, Math.Sqrt(variance));
    }

    /// <inheritdoc/>
    public override void Render(ReportSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        section.AddParagraph(SourceText(
            "is a large batch better or a small one? Small batches take cheaper, noisier steps and more of them per epoch; large batches take " +
            "steadier, costlier ones. The lecture quotes Keskar et al. (ICLR 2017, Table 2): Adam with small batches (256) against large ones " +
            "(10% of the training set) on six networks — similar training accuracy, but the large batches test worse (lecture 001: they settle in " +
            "sharp minima, 大批次…收敛在一个又窄又深的谷底，容易过拟合)."));
        section.AddTable(
            ["network (Keskar et al.)", "train SB", "train LB", "test SB", "test LB"],
            [
                ["F1", "99.66% ± 0.05%", "99.92% ± 0.01%", "98.03% ± 0.07%", "97.81% ± 0.07%"],
                ["F2", "99.99% ± 0.03%", "98.35% ± 2.08%", "64.02% ± 0.2%", "59.45% ± 1.05%"],
                ["C1", "99.89% ± 0.02%", "99.66% ± 0.2%", "80.04% ± 0.12%", "77.26% ± 0.42%"],
                ["C2", "99.99% ± 0.04%", "99.99% ± 0.01%", "89.24% ± 0.12%", "87.26% ± 0.07%"],
                ["C3", "99.56% ± 0.44%", "99.88% ± 0.30%", "49.58% ± 0.39%", "46.45% ± 0.43%"],
                ["C4", "99.10% ± 1.23%", "99.57% ± 1.84%", "63.08% ± 0.5%", "57.81% ± 0.17%"],
                [$"ours: {BatchModel} on noisy moons (see below)", MeanStd(SmallRuns, r => r.TrainAccuracy), MeanStd(LargeRuns, r => r.TrainAccuracy),
                    MeanStd(SmallRuns, r => r.ValidationAccuracy), MeanStd(LargeRuns, r => r.ValidationAccuracy)],
            ],
            "Rows F1–C4: quoted from the lecture (Keskar et al. 2017, Table 2; SB = 256, LB = 10% of the training set; mean ± std over runs). " +
            $"Last row: our own small measurement, not comparable in scale — a {BatchModel} network on the built-in two moons with noise 0.3 " +
            $"({DemoText.I(SmallRuns.Count)} seeds), SB = {SmallBatch}, LB = {LargeBatch} (10% of the {LargeBatch * 10}-sample training set), `{BatchOptimizer}`, {BatchEpochs} epochs each, test = held-out 20%.");
        var (smallMean, smallStd) = Stats(SmallRuns.Select(r => r.Final.ValidationAccuracy ?? double.NaN).ToArray());
        var (largeMean, largeStd) = Stats(LargeRuns.Select(r => r.Final.ValidationAccuracy ?? double.NaN).ToArray());
        double gap = smallMean - largeMean;
        // Two standard errors of the difference of the means: below that, the seeds' scatter could explain the gap.
        double noise = 2 * Math.Sqrt(((smallStd * smallStd) + (largeStd * largeStd)) / Seeds.Count);
        string verdict = Math.Abs(gap) <= noise
            ? $"the test accuracies differ by {DemoText.F(Math.Abs(gap) * 100, 2)} points, within two standard errors ({DemoText.F(noise * 100, 2)} points) of seed-to-seed scatter: no measurable generalization gap here"
            : gap > 0
                ? $"the small batches test {DemoText.F(gap * 100, 2)} points better, beyond two standard errors ({DemoText.F(noise * 100, 2)} points): the direction the paper reports"
                : $"the large batches test {DemoText.F(-gap * 100, 2)} points better, beyond two standard errors ({DemoText.F(noise * 100, 2)} points): the opposite of the paper's finding";
        section.AddParagraph(
            $"What our measurement shows, honestly: {verdict}. With the same number of epochs the large batch makes " +
            $"{DemoText.G((double)SmallRuns[0].Final.Updates / Math.Max(1, LargeRuns[0].Final.Updates), 3)}× fewer updates ({DemoText.I(LargeRuns[0].Final.Updates)} against " +
            $"{DemoText.I(SmallRuns[0].Final.Updates)}), so a gap on such a problem would mix the sharp-minimum effect with plain under-training. A two-dimensional toy problem with a " +
            "small network is far from the paper's image networks, where the effect appears; treat the row as an illustration of how to measure it, not as a replication.");

        var curves = new LineChart { Title = $"Noisy moons, {BatchModel}: accuracy per epoch (seed 0)", XLabel = "epoch", YLabel = "accuracy", YMax = 1, Width = 720, Height = 380, Legend = LegendPosition.LowerRight };
        AddAccuracy(curves, $"small batch ({SmallBatch})", SmallRuns[0], Palette.Blue);
        AddAccuracy(curves, $"large batch ({LargeBatch})", LargeRuns[0], Palette.Vermillion);
        section.AddFigure(curves, "Solid: accuracy on the held-out 20%. Dashed: on the training set.");

        section.AddParagraph(
            "A softmax classifier — one linear layer whose outputs become class probabilities through softmax, trained with cross-entropy " +
            $"(lecture 001 ends on why classification adds softmax). Here on four overlapping Gaussian clusters (`{SoftmaxData}`), " +
            $"mini-batches of 32, `{SoftmaxOptimizer}`, {SoftmaxEpochs} epochs, written as the lecture's loop: zero the gradients, forward, loss, backward, step.");
        var epochs = Softmax.Epochs.Select(r => (double)r.Epoch).ToArray();
        var loss = new LineChart { Title = "Cross-entropy", XLabel = "epoch", YLabel = "loss", Legend = LegendPosition.UpperRight };
        loss.Add("training", epochs, Softmax.Epochs.Select(r => r.TrainLoss).ToArray()).Color = Palette.Blue;
        var vl = loss.Add("validation", epochs, Softmax.Epochs.Select(r => r.ValidationLoss ?? double.NaN).ToArray());
        vl.Color = Palette.Vermillion;
        vl.Dashed = true;
        var acc = new LineChart { Title = "Accuracy", XLabel = "epoch", YLabel = "accuracy", YMax = 1, Legend = LegendPosition.LowerRight };
        acc.Add("training", epochs, Softmax.Epochs.Select(r => r.TrainAccuracy ?? double.NaN).ToArray()).Color = Palette.Blue;
        var va = acc.Add("validation", epochs, Softmax.Epochs.Select(r => r.ValidationAccuracy ?? double.NaN).ToArray());
        va.Color = Palette.Vermillion;
        va.Dashed = true;
        var grid = new SmallMultiples(columns: 2) { Title = "Softmax classifier on 4 Gaussian clusters: training curves", CellWidth = 460, CellHeight = 320 };
        grid.Add(loss);
        grid.Add(acc);
        section.AddFigure(grid, $"Epoch 0 is the random initial model (about 1 in 4 correct). Final validation accuracy {DemoText.Percent(Softmax.Final.ValidationAccuracy ?? 0, 1)}: " +
            "the clusters overlap, so no linear classifier can be perfect here.");
        section.AddCode($"descent compare --data \"{SoftmaxData}\" --model softmax --optimizers \"{SoftmaxOptimizer};sgd:lr=0.1,momentum=0.9;adam:lr=0.01\" --epochs {SoftmaxEpochs}");

        if (Fashion != null)
        {
            var f = Fashion.History;
            var fl = new LineChart { Title = "Fashion-MNIST, softmax classifier", XLabel = "epoch", YLabel = "accuracy", YMax = 1, Width = 640, Height = 360, Legend = LegendPosition.LowerRight };
            var fx = f.Epochs.Select(r => (double)r.Epoch).ToArray();
            fl.Add("training", fx, f.Epochs.Select(r => r.TrainAccuracy ?? double.NaN).ToArray()).Color = Palette.Blue;
            var ft = fl.Add("test", fx, f.Epochs.Select(r => r.ValidationAccuracy ?? double.NaN).ToArray());
            ft.Color = Palette.Vermillion;
            ft.Dashed = true;
            section.AddParagraph($"Fashion-MNIST is installed, so the same classifier also ran on real images: the first {Fashion.TrainCount} training images (`{Fashion.Spec}`), " +
                $"3 epochs of `adam:lr=0.001` with batches of 64, tested on all {Fashion.TestCount} test images.");
            section.AddFigure(fl, $"Test accuracy after 3 epochs: {DemoText.Percent(f.Final.ValidationAccuracy ?? 0, 2)}.");
        }
        else
        {
            section.AddParagraph($"Fashion-MNIST: {FashionNote}");
        }
    }

    private static void AddAccuracy(LineChart chart, string name, TrainingHistory run, Color color)
    {
        var x = run.Epochs.Select(r => (double)r.Epoch).ToArray();
        chart.Add(name, x, run.Epochs.Select(r => r.ValidationAccuracy ?? double.NaN).ToArray()).Color = color;
        var train = chart.Add(name + " (training)", x, run.Epochs.Select(r => r.TrainAccuracy ?? double.NaN).ToArray());
        train.Color = color;
        train.Dashed = true;
        train.ShowInLegend = false;
    }
}

/// <summary>The optional Fashion-MNIST run of <see cref="BatchSizeSection"/>.</summary>
/// <param name="Spec">The data spec.</param>
/// <param name="TrainCount">Training images used.</param>
/// <param name="TestCount">Test images.</param>
/// <param name="History">The training history (its validation columns are the test set).</param>
public sealed record FashionResult(string Spec, int TrainCount, int TestCount, TrainingHistory History);
