using System.Globalization;
using Descent.Training;
using Spectre.Console;

namespace Descent.Cli;

/// <summary>How <c>descent train</c> shows progress.</summary>
internal enum ReportMode
{
    /// <summary>Nothing on standard output (<c>--quiet</c>).</summary>
    Quiet,

    /// <summary>Plain lines, one per epoch: for logs, pipes and files.</summary>
    Plain,

    /// <summary>A live progress bar in a terminal, with a line per finished epoch above it.</summary>
    Live,
}

/// <summary>
/// Turns the trainer's callbacks into console output: a Spectre.Console progress bar (epoch, step, running loss and accuracy,
/// learning rate, ETA) in a terminal, plain lines when the output is redirected, nothing when quiet.
/// </summary>
internal sealed class TrainingReporter : ITrainerCallback
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private readonly ReportMode _mode;
    private readonly TextWriter _output;
    private readonly int _epochs;
    private readonly bool _validationIsTest;
    private ProgressTask? _task;
    private long _lastRefresh;
    private double _lossSum;
    private long _correct;
    private long _samples;
    private bool _accuracy;

    public TrainingReporter(ReportMode mode, TextWriter output, int epochs, bool validationIsTest)
    {
        _mode = mode;
        _output = output;
        _epochs = epochs;
        _validationIsTest = validationIsTest;
    }

    /// <summary>The mode for this invocation: live only when writing to a terminal that can redraw.</summary>
    public static ReportMode Choose(bool quiet, TextWriter output) =>
        quiet ? ReportMode.Quiet
        : ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive ? ReportMode.Live
        : ReportMode.Plain;

    /// <summary>Writes a line unless quiet (above the progress bar when it is shown).</summary>
    public void Line(string text)
    {
        switch (_mode)
        {
            case ReportMode.Plain:
                _output.WriteLine(text);
                break;
            case ReportMode.Live:
                AnsiConsole.WriteLine(text);
                break;
        }
    }

    /// <summary>Runs <paramref name="fit"/>, inside a live progress display of <paramref name="totalSteps"/> steps in live mode.</summary>
    public TrainingResult Run(long totalSteps, Func<TrainingResult> fit)
    {
        if (_mode != ReportMode.Live)
        {
            return fit();
        }

        return AnsiConsole.Progress()
            .AutoClear(true)
            .HideCompleted(true)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(ctx =>
            {
                _task = ctx.AddTask("starting", maxValue: Math.Max(1, totalSteps));
                try
                {
                    return fit();
                }
                finally
                {
                    _task.StopTask();
                }
            });
    }

    public void OnEpochBegin(Trainer trainer, int epoch)
    {
        _lossSum = 0;
        _correct = 0;
        _samples = 0;
        _accuracy = true;
    }

    public void OnStepEnd(Trainer trainer, StepMetrics step)
    {
        if (_task == null)
        {
            return;
        }

        _lossSum += step.Loss * step.Samples;
        _samples += step.Samples;
        if (step.Accuracy is { } a)
        {
            _correct += (long)Math.Round(a * step.Samples);
        }
        else
        {
            _accuracy = false;
        }

        _task.Increment(1);
        long now = Environment.TickCount64;
        if (now - _lastRefresh < 100 && step.Batch < step.BatchesPerEpoch)
        {
            return;
        }

        _lastRefresh = now;
        string text = string.Create(Inv, $"epoch {step.Epoch}/{_epochs} · step {step.Batch}/{step.BatchesPerEpoch} · loss {_lossSum / _samples:F4}") +
            (_accuracy ? string.Create(Inv, $" · acc {(double)_correct / _samples:F4}") : "") +
            (step.LearningRate is { } lr ? string.Create(Inv, $" · lr {lr:G4}") : "");
        _task.Description = Markup.Escape(text);
    }

    public void OnStepSkipped(Trainer trainer, DivergenceReport report) =>
        Line($"skipped step {report.Step.ToString(Inv)} (epoch {report.Epoch.ToString(Inv)}, batch {report.Batch.ToString(Inv)}): {report.Problem} [{report.SkippedSteps.ToString(Inv)} skipped]");

    public void OnEpochEnd(Trainer trainer, EpochMetrics e)
    {
        // Long full-batch runs (thousands of one-step epochs) get about a hundred evenly spaced lines, not one per epoch.
        int every = (_epochs + 99) / 100;
        if (every == 1 || e.Epoch == 1 || e.Epoch % every == 0 || !e.Complete || e.Epoch == _epochs)
        {
            Line(EpochLine(e));
        }
    }

    /// <summary>One line per epoch, e.g. <c>epoch 1/3  train loss 0.5123 acc 0.8191  test loss 0.4512 acc 0.8400  lr 0.001  0.84 s</c>.</summary>
    public string EpochLine(EpochMetrics e)
    {
        var s = new System.Text.StringBuilder();
        s.Append(string.Create(Inv, $"epoch {e.Epoch}/{_epochs}"));
        if (!e.Complete)
        {
            s.Append(string.Create(Inv, $" (stopped after {e.Steps} steps)"));
        }

        s.Append(string.Create(Inv, $"  train loss {e.TrainLoss:F4}"));
        AppendAccuracy(s, e.TrainAccuracy);
        if (e.ValidationLoss is { } vl)
        {
            // Without a validation split the test split stands in, and is labelled as what it is.
            s.Append(string.Create(Inv, $"  {(_validationIsTest ? "test" : "val")} loss {vl:F4}"));
            AppendAccuracy(s, e.ValidationAccuracy);
        }

        if (e.TestLoss is { } tl)
        {
            s.Append(string.Create(Inv, $"  test loss {tl:F4}"));
            AppendAccuracy(s, e.TestAccuracy);
        }

        if (e.LearningRate is { } lr)
        {
            s.Append(string.Create(Inv, $"  lr {lr:G4}"));
        }

        if (e.SkippedSteps > 0)
        {
            s.Append(string.Create(Inv, $"  skipped {e.SkippedSteps}"));
        }

        s.Append(string.Create(Inv, $"  {e.Seconds:F2} s"));
        return s.ToString();
    }

    private static void AppendAccuracy(System.Text.StringBuilder s, double? accuracy)
    {
        if (accuracy is { } a)
        {
            s.Append(string.Create(Inv, $" acc {a:F4}"));
        }
    }
}
