using System.Globalization;
using System.Text.Json.Nodes;
using Descent.Training;

namespace Descent.Cli;

/// <summary>
/// <c>descent train</c>: trains a model on a data set with the <see cref="Trainer"/>, showing progress, writing metrics and checkpoints,
/// and resuming from them.
/// </summary>
public sealed class TrainCommand : ICommand
{
    /// <summary>Exit code of a run stopped by a NaN or infinite loss or gradient.</summary>
    public const int DivergedExitCode = 3;

    /// <summary>Exit code of a run interrupted with Ctrl-C (after its checkpoint is written).</summary>
    public const int CancelledExitCode = 130;

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The configuration keys a resumed run must share with the checkpoint (they decide the numbers).</summary>
    private static readonly (string Key, string Option)[] ResumeKeys =
    [
        ("data", "--data"), ("model", "--model"), ("optimizer", "--optimizer"), ("schedule", "--schedule"), ("schedule_per", "--schedule-per"),
        ("batch_size", "--batch-size"), ("seed", "--seed"), ("val_split", "--val-split"), ("accumulate", "--accumulate"),
    ];

    /// <inheritdoc/>
    public string Name => "train";

    /// <inheritdoc/>
    public string Summary => "train a model on a data set (progress, metrics JSON, checkpoints, resume)";

    /// <inheritdoc/>
    public string Usage =>
        """
        descent train --data NAME|csv:PATH[,target=COL] --model SPEC --optimizer SPEC [--schedule SPEC] [--schedule-per step|epoch]
                      [--batch-size N|full] [--epochs N] [--seed S] [--val-split F] [--metrics FILE.json] [--checkpoint DIR]
                      [--resume DIR] [--quiet]

          --data SPEC          moons, circles, spirals, blobs, xor, linear, fashion-mnist, mnist (with keys: moons:n=500,noise=0.2)
                               or csv:PATH[,target=COL]. The loss follows the data: cross-entropy for classes, MSE for regression
          --model SPEC         linear, softmax, mlp:784-256-128-10 (ReLU; mlp:...,activation=tanh,dropout=0.2) or cnn:lenet
          --optimizer SPEC     e.g. sgd:lr=0.1,momentum=0.9 or adam:lr=0.001 ('descent optimizers' lists them)
          --schedule SPEC      a learning-rate schedule, e.g. step:step_size=5,gamma=0.5 or plateau:patience=2 ('descent schedules')
          --schedule-per P     step or epoch; default step for onecycle, cyclic and the TensorFlow decays, else epoch
          --batch-size N|full  samples per step (default 32); full = full-batch gradient descent
          --epochs N           epochs in all, counting those before --resume (default 10)
          --seed S             seeds the weights, the shuffling and dropout (default 0)
          --val-split F        hold out this fraction of the training data for validation; default 0: validate on the test
                               split if the data set has one
          --metrics FILE.json  write config, per-epoch metrics and the final result (rewritten after every epoch)
          --plot FILE.svg      draw the loss and accuracy curves per epoch (SVG or PNG)
          --checkpoint DIR     write a checkpoint at the end of every epoch and on Ctrl-C (weights as safetensors, optimizer and
                               schedule state, data-loader position, configuration)
          --resume DIR         continue the run saved in DIR exactly (same data, model, optimizer, schedule, batch size, seed)
          --quiet              print nothing (errors still go to standard error)

        More control:
          --accumulate K       sum the gradients of K batches per optimizer step (default 1)
          --clip-norm X        clip the global gradient norm to X     --clip-value X   clamp gradient elements to ±X
          --patience N         stop when the validation loss has not improved for N epochs, and keep the best weights
          --min-delta X        the smallest improvement that counts for --patience (default 0)
          --on-divergence stop|skip   on a NaN/infinite loss or gradient: stop (default) or skip the step
          --max-skips N        with skip: how many steps may be skipped in all (default 10)
          --precision X        stop when an update moves the weights by at most X (lecture 002's precision, e.g. 1e-6)
          --loss-tol X         stop when the loss changes by at most X between steps
          --grad-tol X         stop when the gradient norm is at most X
          --max-steps N        stop after N optimizer steps in all (lecture 002's max_iters)
          --keep N             checkpoints to keep in DIR (default 2)

        Exit codes: 0 done, 2 bad arguments, 3 diverged, 130 interrupted (Ctrl-C; resume with --resume DIR).
        """;

    /// <inheritdoc/>
    public int Run(CliArgs args, TextWriter output, TextWriter err)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(err);
        var setup = TrainingSetup.Parse(args, withSchedule: true);
        int epochs = args.Int("epochs", 10, min: 1);
        string? metricsPath = args.OutputFile("metrics", ".json");
        string? plotPath = args.OutputFile("plot", ".svg", ".png");
        string? checkpointDir = args.OutputDirectory("checkpoint");
        string? resumeDir = args.ExistingDirectory("resume");
        bool quiet = args.Flag("quiet");
        int accumulate = args.Int("accumulate", 1, min: 1);
        double? clipNorm = args.OptionalPositive("clip-norm");
        double? clipValue = args.OptionalPositive("clip-value");
        int? patience = args.OptionalInt("patience", min: 1);
        double? minDelta = args.OptionalNonNegative("min-delta");
        var onDivergence = args.Choice("on-divergence", "stop", "skip") == "skip" ? DivergencePolicy.Skip : DivergencePolicy.Stop;
        int maxSkips = args.Int("max-skips", 10, min: 0);
        double? precision = args.OptionalNonNegative("precision");
        double? lossTolerance = args.OptionalNonNegative("loss-tol");
        double? gradientTolerance = args.OptionalNonNegative("grad-tol");
        long? maxSteps = args.OptionalInt("max-steps", min: 1);
        int keep = args.Int("keep", 2, min: 1);
        args.RejectUnknown();

        if (minDelta != null && patience == null)
        {
            throw new UsageException("--min-delta needs --patience");
        }

        if (args.Has("max-skips") && onDivergence != DivergencePolicy.Skip)
        {
            throw new UsageException("--max-skips needs --on-divergence skip");
        }

        if (resumeDir != null && Checkpoint.Latest(resumeDir) == null)
        {
            throw new UsageException($"--resume: no checkpoint in \"{resumeDir}\" (expected step-* directories written by descent train --checkpoint)");
        }

        setup.CheckSpecs();

        // Every argument is valid: from here on, work.
        var built = setup.Build(epochs, accumulate);
        var config = setup.ToJson(epochs, new JsonObject
        {
            ["loss"] = TrainingLosses.NameFor(built.Train),
            ["accumulate"] = accumulate,
            ["clip_norm"] = MetricsFile.Number(clipNorm),
            ["clip_value"] = MetricsFile.Number(clipValue),
            ["patience"] = patience,
            ["on_divergence"] = onDivergence.ToString().ToLowerInvariant(),
            ["threads"] = Descent.Kernels.Parallelism.Threads,
        });
        var options = new TrainerOptions
        {
            Epochs = epochs,
            Scheduler = built.Scheduler,
            AccumulationSteps = accumulate,
            ClipGradientNorm = clipNorm,
            ClipGradientValue = clipValue,
            OnDivergence = onDivergence,
            MaxSkippedSteps = maxSkips,
            EarlyStopping = patience is { } p ? new EarlyStopping { Patience = p, MinDelta = minDelta ?? 0 } : null,
            Stopping = new StoppingRules { StepPrecision = precision, LossTolerance = lossTolerance, GradientTolerance = gradientTolerance, MaxSteps = maxSteps },
            CheckpointDirectory = checkpointDir,
            KeepCheckpoints = keep,
            ConfigJson = config.ToJsonString(),
        };
        Trainer trainer;
        try
        {
            trainer = new Trainer(built.Model, built.Optimizer, options);
        }
        catch (ArgumentException e)
        {
            throw new UsageException(CliSpecs.OneLine(e.Message));
        }

        if (resumeDir != null)
        {
            Resume(trainer, resumeDir, config);
        }

        var mode = TrainingReporter.Choose(quiet, output);
        var reporter = new TrainingReporter(mode, output, epochs, built.ValidationIsTest);
        trainer.Callbacks.Add(reporter);
        if (metricsPath != null)
        {
            trainer.Callbacks.Add(new DelegateCallback { EpochEnd = (t, _) => MetricsFile.Write(metricsPath, config, t.History, null) });
        }

        PrintHeader(reporter, setup, built, trainer, resumeDir);
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler? onCancel = null;
        if (ReferenceEquals(output, Console.Out))
        {
            // The first Ctrl-C stops after the current step (writing a checkpoint); a second one ends the process.
            onCancel = (_, e) =>
            {
                if (!cancel.IsCancellationRequested)
                {
                    e.Cancel = true;
                    cancel.Cancel();
                    err.WriteLine("descent train: interrupted; stopping after the current step" +
                        (checkpointDir != null ? " and writing a checkpoint" : "") + " (Ctrl-C again to quit at once)");
                }
            };
            Console.CancelKeyPress += onCancel;
        }

        TrainingResult result;
        try
        {
            long stepsPerEpoch = (built.Loader.BatchesPerEpoch + accumulate - 1) / accumulate;
            long remaining = Math.Max(1, ((epochs - trainer.CompletedEpochs) * stepsPerEpoch) - (built.Loader.Position / accumulate));
            result = reporter.Run(remaining, () => trainer.Fit(built.Loader, built.Validation, built.ValidationIsTest ? null : built.Test, cancel.Token));
        }
        finally
        {
            if (onCancel != null)
            {
                Console.CancelKeyPress -= onCancel;
            }
        }

        if (plotPath != null && result.History.Count > 0)
        {
            TrainingPlot.Create($"{setup.Model}, {setup.Optimizer} on {setup.Data}", result.History, built.ValidationIsTest).Save(plotPath);
        }

        return Finish(result, trainer, built, config, metricsPath, checkpointDir, reporter, err);
    }

    private static int Finish(TrainingResult result, Trainer trainer, TrainingSetup.Built built, JsonObject config, string? metricsPath, string? checkpointDir,
        TrainingReporter reporter, TextWriter err)
    {
        // The final test numbers: the last epoch's evaluation, unless the weights changed since (best weights restored) or it was skipped.
        EvaluationResult? test = null;
        if (built.Test != null && result.Reason != StopReason.Diverged)
        {
            var last = result.History.Count > 0 ? result.History[^1] : null;
            var lastLoss = built.ValidationIsTest ? last?.ValidationLoss : last?.TestLoss;
            var lastAccuracy = built.ValidationIsTest ? last?.ValidationAccuracy : last?.TestAccuracy;
            test = lastLoss is { } l && !result.RestoredBestWeights && result.Reason != StopReason.Cancelled
                ? new EvaluationResult(l, lastAccuracy, built.Test.Count)
                : trainer.Evaluate(built.Test);
        }

        // With the test split standing in for validation, the history's test columns carry the same numbers.
        var history = built.ValidationIsTest ? result.History.Select(e => e with { TestLoss = e.ValidationLoss, TestAccuracy = e.ValidationAccuracy }).ToList() : result.History.ToList();
        if (metricsPath != null)
        {
            MetricsFile.Write(metricsPath, config, history, new JsonObject
            {
                ["test_loss"] = MetricsFile.Number(test?.Loss),
                ["test_accuracy"] = MetricsFile.Number(test?.Accuracy),
                ["seconds"] = MetricsFile.Number(result.Seconds),
                ["epochs"] = result.Epochs,
                ["steps"] = result.Steps,
                ["skipped_steps"] = result.SkippedSteps,
                ["stop_reason"] = result.Reason.ToString(),
                ["message"] = result.Message,
                ["best_epoch"] = result.BestEpoch,
                ["restored_best_weights"] = result.RestoredBestWeights,
                ["mean_epoch_seconds"] = MetricsFile.Number(history.Count > 0 ? history.Average(e => e.Seconds) : null),
            });
        }

        switch (result.Reason)
        {
            case StopReason.Diverged:
                err.WriteLine("descent train: " + DivergenceMessage(result.Divergence!, built, trainer));
                return DivergedExitCode;
            case StopReason.Cancelled:
                err.WriteLine("descent train: " + result.Message +
                    (checkpointDir != null && result.LastCheckpoint != null ? $"; checkpoint {result.LastCheckpoint} (continue with --resume {checkpointDir})" : "; no checkpoint (use --checkpoint DIR)"));
                return CancelledExitCode;
        }

        string summary = "done: " + result.Message + string.Create(Inv, $" in {result.Seconds:F1} s");
        if (test != null)
        {
            summary += string.Create(Inv, $"; test loss {test.Loss:F4}") + (test.Accuracy is { } a ? string.Create(Inv, $" accuracy {a:F4}") : "");
        }

        reporter.Line(summary);
        return 0;
    }

    /// <summary>The report in the CLI's terms: the step, what is not finite, and which options to change.</summary>
    private static string DivergenceMessage(DivergenceReport r, TrainingSetup.Built built, Trainer trainer)
    {
        string advice = r.LearningRate is { } lr and > 0
            ? string.Create(Inv, $"Lower the learning rate (it is {lr:G4}; try {lr / 10:G4}: --optimizer {built.Optimizer.Name}:lr={lr / 10:G4}), add --clip-norm 1")
            : "Lower the learning rate, add --clip-norm 1";
        advice += trainer.Options.OnDivergence == DivergencePolicy.Skip
            ? string.Create(Inv, $", or allow more skipped steps ({trainer.Options.MaxSkippedSteps} were skipped; --max-skips)")
            : ", or skip such steps with --on-divergence skip";
        return string.Create(Inv, $"training diverged at step {r.Step} (epoch {r.Epoch}, batch {r.Batch} of {r.BatchesPerEpoch}): {r.Problem}. {advice}.");
    }

    private static void PrintHeader(TrainingReporter reporter, TrainingSetup setup, TrainingSetup.Built built, Trainer trainer, string? resumeDir)
    {
        reporter.Line("data: " + built.Splits.Describe());
        reporter.Line(string.Create(Inv, $"model: {setup.Model} ({built.Model.ParameterCount()} parameters), loss {TrainingLosses.NameFor(built.Train)}"));
        reporter.Line($"optimizer: {setup.Optimizer}" + (built.Scheduler != null ? $"; schedule {setup.Schedule} per {built.Scheduler.Per.ToString().ToLowerInvariant()}" : ""));
        reporter.Line("batches: " + built.Loader.Describe());
        reporter.Line(built.Validation == null ? "validation: none"
            : built.ValidationIsTest ? string.Create(Inv, $"validation: the test split ({built.Validation.Count} samples)")
            : string.Create(Inv, $"validation: {built.Validation.Count} samples held out"));
        if (resumeDir != null)
        {
            reporter.Line(string.Create(Inv, $"resumed from {resumeDir}: {trainer.CompletedEpochs} epochs, {trainer.GlobalStep} steps done"));
        }
    }

    private static void Resume(Trainer trainer, string directory, JsonObject config)
    {
        CheckpointData saved;
        try
        {
            saved = Checkpoint.Load(directory);
        }
        catch (ArgumentException e)
        {
            throw new UsageException("--resume: " + CliSpecs.OneLine(e.Message));
        }

        if (saved.Progress.ConfigJson is { } json && JsonNode.Parse(json) is JsonObject before)
        {
            foreach (var (key, option) in ResumeKeys)
            {
                string was = before[key]?.ToJsonString() ?? "null", now = config[key]?.ToJsonString() ?? "null";
                if (was != now)
                {
                    throw new UsageException($"--resume: the checkpoint in {directory} was made with {option} {Show(before[key])}, but this run has {option} {Show(config[key])}; resume with the same settings");
                }
            }
        }

        try
        {
            trainer.Resume(directory);
        }
        catch (ArgumentException e)
        {
            throw new UsageException("--resume: " + CliSpecs.OneLine(e.Message));
        }
    }

    private static string Show(JsonNode? value) => value == null ? "(none)" : value is JsonValue v && v.TryGetValue(out string? s) ? s : value.ToJsonString();
}
