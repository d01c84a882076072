using System.Globalization;
using System.Text.Json.Nodes;
using Descent.Data;
using Descent.NN;
using Descent.Optim;
using Descent.Schedules;
using Descent.Training;

namespace Descent.Cli;

/// <summary>
/// The options <c>descent train</c> and <c>descent lr-find</c> share (data, model, optimizer, batch size, seed, validation split),
/// parsed and checked before any work, and the objects they describe once the data is loaded.
/// </summary>
internal sealed class TrainingSetup
{
    /// <summary>The stream of <c>--seed</c> that initialises the model's weights (shuffling uses the seed itself).</summary>
    private const ulong InitStream = 0x1A17;

    public required string Data { get; init; }

    public required string Model { get; init; }

    public required string Optimizer { get; init; }

    public string? Schedule { get; init; }

    public SchedulePer? SchedulePer { get; init; }

    /// <summary>Samples per batch, or <see cref="Descent.Data.BatchSize.Full"/>.</summary>
    public int BatchSize { get; init; }

    public ulong Seed { get; init; }

    public double ValSplit { get; init; }

    public const string DataHelp = "a data set such as moons, fashion-mnist or csv:PATH[,target=COL]";

    public const string ModelHelp = "linear, softmax, mlp:IN-H1-...-OUT[,activation=tanh] or cnn:lenet";

    public const string OptimizerHelp = "an optimizer spec such as adam:lr=0.001; 'descent optimizers' lists them";

    /// <summary>Reads and checks the shared options (and the schedule ones when <paramref name="withSchedule"/>).</summary>
    /// <exception cref="UsageException">A missing or malformed option; the message names it.</exception>
    public static TrainingSetup Parse(CliArgs args, bool withSchedule)
    {
        string data = args.Required("data", DataHelp);
        string model = args.Required("model", ModelHelp);
        string optimizer = args.Required("optimizer", OptimizerHelp);
        string? schedule = withSchedule ? args.String("schedule") : null;
        SchedulePer? per = null;
        if (withSchedule && args.Has("schedule-per"))
        {
            per = args.Choice("schedule-per", "step", "epoch") == "step" ? Schedules.SchedulePer.Step : Schedules.SchedulePer.Epoch;
            if (schedule == null)
            {
                throw new UsageException("--schedule-per needs --schedule");
            }
        }

        int batchSize = 32;
        if (args.String("batch-size", "a positive integer or \"full\"") is { } batchText)
        {
            if (batchText == "full")
            {
                batchSize = Descent.Data.BatchSize.Full;
            }
            else if (!int.TryParse(batchText, NumberStyles.None, CultureInfo.InvariantCulture, out batchSize) || batchSize < 1)
            {
                throw new UsageException($"--batch-size: expected a positive integer or \"full\", got \"{batchText}\"");
            }
        }

        ulong seed = args.UInt64("seed");
        double valSplit = 0;
        if (args.String("val-split", "a fraction from 0 up to (not including) 1") is { } valText &&
            (!double.TryParse(valText, NumberStyles.Float, CultureInfo.InvariantCulture, out valSplit) || !(valSplit >= 0 && valSplit < 1)))
        {
            throw new UsageException($"--val-split: expected a fraction from 0 up to (not including) 1, got \"{valText}\"");
        }

        var setup = new TrainingSetup
        {
            Data = data,
            Model = model,
            Optimizer = optimizer,
            Schedule = schedule,
            SchedulePer = per,
            BatchSize = batchSize,
            Seed = seed,
            ValSplit = valSplit,
        };
        return setup;
    }

    /// <summary>Checks the model, optimizer and schedule specs on their own (the data is not loaded yet).</summary>
    /// <exception cref="UsageException">A spec is malformed, names something unknown or has an invalid value.</exception>
    public void CheckSpecs()
    {
        CliSpecs.Data("data", Data);
        CliSpecs.Model("model", Model);
        CliSpecs.Optimizer("optimizer", Optimizer);
        if (Schedule != null)
        {
            // A throwaway parameter lets the scheduler check the schedule against an optimizer the way it will for the real model.
            var probe = Tensor.Zeros(1).RequireGrad();
            probe.Name = "probe";
            var optimizer = OptimizerRegistry.Create(Optimizer, [probe]);
            CliSpecs.Check("schedule", () => CreateScheduler(optimizer, ScheduleSpec.Parse(Schedule)));
        }
    }

    /// <summary>When the schedule is stepped: as asked, else per step for one-cycle, cyclic and the TensorFlow decays, else per epoch.</summary>
    public SchedulePer ResolvedPer(ScheduleSpec spec) => SchedulePer ?? (spec.Name is "onecycle" or "cyclic" or "exp_decay" or "natural_exp_decay"
        or "inverse_time_decay" or "polynomial_decay" ? Schedules.SchedulePer.Step : Schedules.SchedulePer.Epoch);

    /// <summary>Loads the data, splits off validation data, builds the model, optimizer, scheduler and loader.</summary>
    /// <exception cref="UsageException">The data cannot be loaded, the model does not fit it, or the schedule's horizon is too short.</exception>
    public Built Build(int epochs, int accumulation)
    {
        DataSplits splits;
        try
        {
            splits = Datasets.Load(Data);
        }
        catch (ArgumentException e)
        {
            throw new UsageException("--data: " + CliSpecs.OneLine(e.Message));
        }

        IDataset train = splits.Train;
        IDataset? validation = splits.Validation;
        bool validationIsTest = false;
        if (ValSplit > 0)
        {
            if (validation != null)
            {
                throw new UsageException($"--val-split: the data spec \"{Data}\" already holds out validation data (val=); give one of the two");
            }

            try
            {
                var split = DatasetSplit.TrainValidation(train, ValSplit, Seed, stratify: train.ClassCount > 0);
                train = split.Train;
                validation = split.Validation;
            }
            catch (ArgumentException e)
            {
                throw new UsageException("--val-split: " + CliSpecs.OneLine(e.Message));
            }
        }
        else if (validation == null && splits.Test != null)
        {
            validation = splits.Test;
            validationIsTest = true;
        }

        int outputs = train.ClassCount > 0 ? train.ClassCount : train.TargetShape.Numel;
        Module model;
        try
        {
            model = ModelSpec.Build(Model, train.SampleShape, outputs, Rng.ForStream(Seed, InitStream), train.DType);
        }
        catch (ArgumentException e)
        {
            throw new UsageException("--model: " + CliSpecs.OneLine(e.Message));
        }

        var optimizer = OptimizerRegistry.Create(Optimizer, model.Parameters());
        var loader = new DataLoader(train, new DataLoaderOptions { BatchSize = BatchSize, Shuffle = true, Seed = Seed, ReuseBuffers = true });
        IScheduler? scheduler = null;
        if (Schedule != null)
        {
            var spec = ScheduleSpec.Parse(Schedule);
            scheduler = CreateScheduler(optimizer, spec);
            long stepsPerEpoch = (loader.BatchesPerEpoch + accumulation - 1) / accumulation;
            long needed = scheduler.Per == Schedules.SchedulePer.Step ? stepsPerEpoch * epochs : epochs;
            if (scheduler is Scheduler s && s.Schedule.MaxStep < needed)
            {
                string times = scheduler.Per == Schedules.SchedulePer.Step
                    ? string.Create(CultureInfo.InvariantCulture, $"{epochs} epochs × {stepsPerEpoch} steps")
                    : string.Create(CultureInfo.InvariantCulture, $"{epochs} epochs");
                throw new UsageException(string.Create(CultureInfo.InvariantCulture,
                    $"--schedule: {Schedule} ends after {s.Schedule.MaxStep} steps, but the run steps it {needed} times ({times}); lengthen the schedule to {needed} or train for fewer epochs"));
            }
        }

        return new Built(splits, train, validation, validationIsTest, splits.Test, model, optimizer, scheduler, loader);
    }

    /// <summary>The configuration as JSON (in checkpoints, checked on resume, and in the metrics file).</summary>
    public JsonObject ToJson(int epochs, JsonObject? extra = null)
    {
        var o = new JsonObject
        {
            ["data"] = Data,
            ["model"] = Model,
            ["optimizer"] = Optimizer,
            ["schedule"] = Schedule,
            ["schedule_per"] = Schedule != null ? ResolvedPer(ScheduleSpec.Parse(Schedule)).ToString().ToLowerInvariant() : null,
            ["batch_size"] = BatchSize == Descent.Data.BatchSize.Full ? JsonValue.Create("full") : JsonValue.Create(BatchSize),
            ["epochs"] = epochs,
            ["seed"] = Seed,
            ["val_split"] = ValSplit,
        };
        if (extra != null)
        {
            foreach (var kv in extra)
            {
                o[kv.Key] = kv.Value?.DeepClone();
            }
        }

        return o;
    }

    /// <summary>The value of a <c>--batch-size</c> as typed.</summary>
    public string BatchSizeText => BatchSize == Descent.Data.BatchSize.Full ? "full" : BatchSize.ToString(CultureInfo.InvariantCulture);

    private IScheduler CreateScheduler(Optimizer optimizer, ScheduleSpec spec)
    {
        var per = ResolvedPer(spec);
        if (spec.Definition.IsMetricDriven)
        {
            return new ReduceLrOnPlateau(optimizer, ScheduleRegistry.CreatePlateauOptions(spec) with { Per = per });
        }

        var schedule = ScheduleRegistry.Create(spec);
        return per == Schedules.SchedulePer.Step ? new StepScheduler(optimizer, schedule) : new EpochScheduler(optimizer, schedule);
    }

    /// <summary>Everything a run needs.</summary>
    internal sealed record Built(
        DataSplits Splits,
        IDataset Train,
        IDataset? Validation,
        bool ValidationIsTest,
        IDataset? Test,
        Module Model,
        Optimizer Optimizer,
        IScheduler? Scheduler,
        DataLoader Loader);
}
