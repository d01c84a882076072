using Descent.Data;
using Descent.NN;
using Descent.Optim;
using Descent.Plotting;

namespace Descent.Demo;

/// <summary>One optimizer's training run in a <see cref="TrainingRace"/>.</summary>
/// <param name="Spec">The optimizer spec as given.</param>
/// <param name="History">The recorded curves.</param>
public sealed record TrainingRaceEntry(string Spec, TrainingHistory History);

/// <summary>The outcome of <see cref="TrainingRace.Run"/>.</summary>
public sealed class TrainingRaceResult
{
    internal TrainingRaceResult(string dataName, string dataSpec, string modelSpec, long parameters, int trainCount, int validationCount, bool splitHere,
        bool classification, int epochs, int batchSize, ulong seed, List<TrainingRaceEntry> entries)
    {
        DataName = dataName;
        DataSpec = dataSpec;
        ModelSpec = modelSpec;
        ParameterCount = parameters;
        TrainCount = trainCount;
        ValidationCount = validationCount;
        ValidationSplitHere = splitHere;
        Classification = classification;
        Epochs = epochs;
        BatchSize = batchSize;
        Seed = seed;
        Entries = entries;
    }

    /// <summary>The data set's name (<c>moons</c>).</summary>
    public string DataName { get; }

    /// <summary>The data set's full spec (<c>moons:n=500,noise=0.2</c>).</summary>
    public string DataSpec { get; }

    /// <summary>The model spec.</summary>
    public string ModelSpec { get; }

    /// <summary>The model's trainable parameter count.</summary>
    public long ParameterCount { get; }

    /// <summary>Training samples.</summary>
    public int TrainCount { get; }

    /// <summary>Validation samples.</summary>
    public int ValidationCount { get; }

    /// <summary>Whether the validation set was split off the training data by the race (the data set has none of its own).</summary>
    public bool ValidationSplitHere { get; }

    /// <summary>Whether the data has class labels (cross-entropy and accuracy) rather than real targets (mean-squared error).</summary>
    public bool Classification { get; }

    /// <summary>Epochs per optimizer.</summary>
    public int Epochs { get; }

    /// <summary>The batch size.</summary>
    public int BatchSize { get; }

    /// <summary>The seed of the initial weights and the shuffling.</summary>
    public ulong Seed { get; }

    /// <summary>One entry per optimizer, in the order given.</summary>
    public IReadOnlyList<TrainingRaceEntry> Entries { get; }
}

/// <summary>
/// Optimizers raced on a model: the same model from the same initial weights, fed the same batches in the same order, trained
/// with each optimizer; training and validation loss per epoch, accuracy for classification, and a table. The library side of
/// <c>descent compare --data</c>.
/// </summary>
public static class TrainingRace
{
    /// <summary>The validation fraction split off when the data set has no validation set of its own.</summary>
    public const double DefaultValidationFraction = 0.2;

    /// <summary>Trains one fresh copy of the model per optimizer.</summary>
    /// <param name="data">The data; without a validation split, <see cref="DefaultValidationFraction"/> of the training set is held out.</param>
    /// <param name="modelSpec">A model spec for <see cref="NN.ModelSpec.Build"/>.</param>
    /// <param name="optimizerSpecs">Optimizer specs.</param>
    /// <param name="epochs">Epochs per optimizer.</param>
    /// <param name="batchSize">Samples per update.</param>
    /// <param name="seed">Seeds the initial weights (the same for every optimizer), the shuffling and any validation split.</param>
    /// <exception cref="ArgumentException">An invalid model or optimizer spec, or data that does not fit the model.</exception>
    public static TrainingRaceResult Run(DataSplits data, string modelSpec, IReadOnlyList<string> optimizerSpecs, int epochs, int batchSize, ulong seed = 0)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(modelSpec);
        ArgumentNullException.ThrowIfNull(optimizerSpecs);
        if (optimizerSpecs.Count == 0)
        {
            throw new ArgumentException("a race needs at least one optimizer spec", nameof(optimizerSpecs));
        }

        var train = data.Train;
        var validation = data.Validation;
        bool splitHere = false;
        if (validation == null)
        {
            var split = DatasetSplit.TrainValidation(train, DefaultValidationFraction, seed, stratify: train.ClassCount > 0);
            (train, validation, splitHere) = (split.Train, split.Validation, true);
        }

        bool classification = train.ClassCount > 0;
        int outputs = classification ? train.ClassCount : Math.Max(1, train.TargetShape.Numel);
        Module Build() => NN.ModelSpec.Build(modelSpec, train.SampleShape, outputs, new Rng(seed), train.DType);

        // Check every spec before the first run, so a typo in the last one does not waste the others' time.
        var probe = Build();
        foreach (var spec in optimizerSpecs)
        {
            OptimizerRegistry.Create(spec, probe.Parameters());
        }

        // One throwaway update per optimizer first, so that the timings do not charge the first run for compiling shared code.
        var warmBatch = train.GetBatch(Enumerable.Range(0, Math.Min(batchSize, train.Count)).ToArray());
        foreach (var spec in optimizerSpecs)
        {
            var scratch = Build();
            var optimizer = OptimizerRegistry.Create(spec, scratch.Parameters());
            optimizer.Step(() =>
            {
                optimizer.ZeroGrad();
                var loss = TrainingLoop.Loss(scratch.Forward(warmBatch.X), warmBatch.Y, classification);
                loss.Backward();
                return loss;
            });
            TrainingLoop.Evaluate(scratch, validation);
        }

        var entries = new List<TrainingRaceEntry>(optimizerSpecs.Count);
        foreach (var spec in optimizerSpecs)
        {
            // Building from the same seed gives every optimizer the same initial weights.
            var model = Build();
            var optimizer = OptimizerRegistry.Create(spec, model.Parameters());
            var history = TrainingLoop.Run(model, optimizer, train, validation, new TrainingOptions { Epochs = epochs, BatchSize = batchSize, Seed = seed });
            entries.Add(new TrainingRaceEntry(spec, history));
        }

        return new TrainingRaceResult(data.Name, data.Spec.Length > 0 ? data.Spec : data.Name, modelSpec, probe.ParameterCount(), train.Count, validation.Count, splitHere,
            classification, epochs, Math.Min(batchSize, train.Count), seed, entries);
    }

    /// <summary>Training (solid) and validation (dashed) loss per epoch, one colour per optimizer, on a log scale.</summary>
    public static LineChart LossFigure(TrainingRaceResult race, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(race);
        var chart = new LineChart
        {
            Title = title ?? $"{(race.Classification ? "Cross-entropy" : "Mean-squared error")}: training (solid) and validation (dashed)",
            XLabel = "epoch",
            YLabel = "loss",
            LogY = race.Entries.SelectMany(e => e.History.Epochs).All(r => r.TrainLoss > 0 && (r.ValidationLoss ?? 1) > 0),
            Width = 720,
            Height = 420,
        };
        for (int i = 0; i < race.Entries.Count; i++)
        {
            var epochs = race.Entries[i].History.Epochs;
            var x = epochs.Select(r => (double)r.Epoch).ToArray();
            var color = FunctionRace.ColorOf(i);
            var trainSeries = chart.Add(race.Entries[i].Spec, x, epochs.Select(r => r.TrainLoss).ToArray());
            trainSeries.Color = color;
            var validation = chart.Add(race.Entries[i].Spec + " (validation)", x, epochs.Select(r => r.ValidationLoss ?? double.NaN).ToArray());
            validation.Color = color;
            validation.Dashed = true;
            validation.ShowInLegend = false;
        }

        return chart;
    }

    /// <summary>Validation accuracy per epoch (classification only; null for regression).</summary>
    public static LineChart? AccuracyFigure(TrainingRaceResult race, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(race);
        if (!race.Classification)
        {
            return null;
        }

        var chart = new LineChart
        {
            Title = title ?? "Validation accuracy",
            XLabel = "epoch",
            YLabel = "accuracy",
            YMax = 1,
            Width = 720,
            Height = 420,
        };
        for (int i = 0; i < race.Entries.Count; i++)
        {
            var epochs = race.Entries[i].History.Epochs;
            chart.Add(race.Entries[i].Spec, epochs.Select(r => (double)r.Epoch).ToArray(), epochs.Select(r => r.ValidationAccuracy ?? double.NaN).ToArray()).Color = FunctionRace.ColorOf(i);
        }

        return chart;
    }

    /// <summary>The summary table: one row per optimizer.</summary>
    public static (string[] Header, List<string[]> Rows) Table(TrainingRaceResult race)
    {
        ArgumentNullException.ThrowIfNull(race);
        var header = race.Classification
            ? new[] { "optimizer", "train loss", "validation loss", "validation accuracy", "best validation loss (epoch)", "updates", "time (ms)" }
            : ["optimizer", "train loss", "validation loss", "best validation loss (epoch)", "updates", "time (ms)"];
        var rows = new List<string[]>();
        foreach (var e in race.Entries)
        {
            var h = e.History;
            var last = h.Final;
            var best = h.Epochs.Where(r => r.ValidationLoss != null).MinBy(r => r.ValidationLoss!.Value)!;
            var row = new List<string> { e.Spec, DemoText.G(last.TrainLoss, 5), DemoText.G(last.ValidationLoss ?? double.NaN, 5) };
            if (race.Classification)
            {
                row.Add(DemoText.Percent(last.ValidationAccuracy ?? double.NaN, 2));
            }

            row.Add($"{DemoText.G(best.ValidationLoss!.Value, 5)} ({best.Epoch})");
            row.Add(DemoText.I(last.Updates) + (h.Diverged != null ? " (diverged)" : ""));
            row.Add(DemoText.Ms(h.Elapsed));
            rows.Add([.. row]);
        }

        return (header, rows);
    }

    /// <summary>One line per optimizer for a terminal.</summary>
    public static string SummaryLine(TrainingRaceResult race, TrainingRaceEntry entry)
    {
        ArgumentNullException.ThrowIfNull(race);
        ArgumentNullException.ThrowIfNull(entry);
        var last = entry.History.Final;
        var accuracy = race.Classification ? $", validation accuracy {DemoText.Percent(last.ValidationAccuracy ?? double.NaN, 2)}" : "";
        var diverged = entry.History.Diverged != null ? $"; {entry.History.Diverged}" : "";
        return $"{entry.Spec}: train loss {DemoText.G(last.TrainLoss, 5)}, validation loss {DemoText.G(last.ValidationLoss ?? double.NaN, 5)}{accuracy} after {last.Epoch} epochs; {DemoText.Ms(entry.History.Elapsed)} ms{diverged}";
    }

    /// <summary>The whole comparison as a report.</summary>
    public static HtmlReport Report(TrainingRaceResult race, string? command = null)
    {
        ArgumentNullException.ThrowIfNull(race);
        var report = new HtmlReport($"Optimizers compared: {race.ModelSpec} on {race.DataName}")
        {
            Intro = $"Data `{race.DataSpec}`. The same model (`{race.ModelSpec}`, {race.ParameterCount} parameters) from the same initial weights (seed {race.Seed}), " +
                $"fed the same batches in the same order, trained for {race.Epochs} epochs with batch size {race.BatchSize} by each optimizer. " +
                $"{race.TrainCount} training and {race.ValidationCount} validation samples" +
                (race.ValidationSplitHere ? $" (the data set has no validation split, so {DemoText.Percent(DefaultValidationFraction, 0)} of the training set was held out)." : "."),
            Footer = "Made by Descent (descent compare). Losses are evaluated on the whole training and validation sets after each epoch; epoch 0 is the initial model.",
        };
        report.AddSection("Loss").AddFigure(LossFigure(race), "Loss on the whole training set (solid) and the validation set (dashed) after each epoch.");
        var accuracy = AccuracyFigure(race);
        if (accuracy != null)
        {
            report.AddSection("Accuracy").AddFigure(accuracy, "Fraction of validation samples classified correctly after each epoch.");
        }

        var (header, rows) = Table(race);
        var summary = report.AddSection("Summary").AddTable(header, rows);
        var diverged = race.Entries.Where(e => e.History.Diverged != null).ToList();
        if (diverged.Count > 0)
        {
            summary.AddParagraph(string.Join(" ", diverged.Select(e => $"`{e.Spec}`: {e.History.Diverged}.")));
        }

        if (command != null)
        {
            summary.AddCode(command);
        }

        return report;
    }
}
