using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Descent.Data;
using Descent.NN;
using Descent.Optim;
using Descent.Schedules;

namespace Descent.Training;

/// <summary>
/// The training loop of the lectures, with what a real run needs around it. Every optimizer step is
/// <code>
/// optimizer.ZeroGrad();
/// var outputs = model.Forward(batch.X);   // for each of AccumulationSteps batches:
/// var loss = lossFunction(outputs, batch);
/// loss.Backward();                         //   (weighted by the batch's share of the step's samples)
/// check the loss and gradients are finite, measure the gradient norm, clip
/// optimizer.Step();
/// scheduler.Step();                        // a per-step schedule
/// </code>
/// and every epoch ends with evaluation on the validation and test sets, the per-epoch schedule, early stopping, callbacks and a
/// checkpoint.
/// </summary>
/// <remarks>
/// <para><b>Metrics.</b> Each step reports its loss, accuracy, learning rate, pre-clipping gradient norm and time
/// (<see cref="StepMetrics"/>); each epoch its mean training loss and accuracy, validation and test results, learning rate and time
/// (<see cref="EpochMetrics"/>). Progress reaches the outside world only through <see cref="Callbacks"/>.</para>
/// <para><b>Stopping.</b> The run ends after <see cref="TrainerOptions.Epochs"/> epochs, or earlier by early stopping on the validation
/// loss (<see cref="EarlyStopping"/>), by lecture 002's convergence tests (<see cref="StoppingRules"/>: step size, loss change, gradient
/// norm, step budget), by <see cref="RequestStop"/>, by cancellation (after the current step, with a checkpoint), or by divergence.</para>
/// <para><b>Divergence.</b> A NaN or infinite loss or gradient is caught before the optimizer touches its moments or the parameters.
/// The run stops with a <see cref="DivergenceReport"/> that names the step and the parameter and suggests a smaller learning rate, or,
/// with <see cref="DivergencePolicy.Skip"/>, drops the step (up to <see cref="TrainerOptions.MaxSkippedSteps"/>). A checkpoint is never
/// written from non-finite parameters.</para>
/// <para><b>Resume.</b> A checkpoint holds the weights, the optimizer's state (with the scheduler's, which is attached to it), the
/// loader's cursor, dropout generators, the trainer's counters (early stopping, partial-epoch sums) and the history, so
/// <see cref="Resume"/> followed by <see cref="Fit"/> continues bit for bit as if the run had never stopped.</para>
/// </remarks>
public sealed partial class Trainer
{
    private const int RecentLossCount = 10;
    private const string BestWeightsPrefix = "best-epoch-";
    private static readonly JsonSerializerOptions HistoryJson = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    private readonly IReadOnlyList<Tensor> _parameters;
    private readonly List<EpochMetrics> _history = [];
    private readonly Queue<double> _recentLosses = new();
    private readonly List<ITrainerCallback> _callbacks = [];
    private EpochTotals _epoch = new();
    private DataLoader? _loader;
    private LoaderState? _pendingLoaderState;
    private string? _stopRequest;
    private double _previousStepLoss = double.NaN;
    private double _bestLoss = double.PositiveInfinity;
    private int _bestEpoch;
    private int _badEpochs;
    private Dictionary<string, Tensor>? _bestWeights;
    private (string Directory, int Epoch)? _bestWeightsSaved;
    private ParameterSnapshot? _snapshot;

    /// <summary>Creates a trainer for <paramref name="model"/> and <paramref name="optimizer"/> (which must optimize the model's parameters).</summary>
    /// <exception cref="ArgumentException">An option is out of range; the model has no parameters; or the optimizer needs a closure
    /// (LBFGS) and gradient accumulation is asked for.</exception>
    public Trainer(Module model, Optimizer optimizer, TrainerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        options ??= new TrainerOptions();
        options.Validate();
        Model = model;
        Optimizer = optimizer;
        Options = options;
        _parameters = model.Parameters().ToList();
        if (_parameters.Count == 0)
        {
            throw new ArgumentException("The model has no parameters to train", nameof(model));
        }

        if (optimizer.Info.RequiresClosure && options.AccumulationSteps > 1)
        {
            throw new ArgumentException($"{optimizer.Name} re-evaluates the loss inside its step, so it cannot accumulate gradients over batches; use AccumulationSteps = 1", nameof(options));
        }

        var host = options.Scheduler switch
        {
            Scheduler s => s.Host,
            ReduceLrOnPlateau p => p.Host,
            _ => optimizer,
        };
        if (!ReferenceEquals(host, optimizer))
        {
            throw new ArgumentException("The scheduler was created for another optimizer; create it over the trainer's optimizer", nameof(options));
        }
    }

    /// <summary>The model being trained.</summary>
    public Module Model { get; }

    /// <summary>The optimizer updating it.</summary>
    public Optimizer Optimizer { get; }

    /// <summary>The settings.</summary>
    public TrainerOptions Options { get; }

    /// <summary>Callbacks, invoked in this order (see <see cref="ITrainerCallback"/>).</summary>
    public IList<ITrainerCallback> Callbacks => _callbacks;

    /// <summary>Epochs completed so far (over the whole run, across resumes).</summary>
    public int CompletedEpochs { get; private set; }

    /// <summary>Optimizer steps taken so far (over the whole run).</summary>
    public long GlobalStep { get; private set; }

    /// <summary>Steps skipped so far because of a non-finite loss or gradient.</summary>
    public long SkippedSteps { get; private set; }

    /// <summary>Every epoch recorded so far.</summary>
    public IReadOnlyList<EpochMetrics> History => _history;

    /// <summary>The training loader of the current (or last) <see cref="Fit"/>, or null before the first.</summary>
    public DataLoader? Loader => _loader;

    /// <summary>Asks the running <see cref="Fit"/> to stop after the current step (from a callback, or another thread).</summary>
    public void RequestStop(string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        Volatile.Write(ref _stopRequest, reason);
    }

    /// <summary>
    /// Trains until <see cref="TrainerOptions.Epochs"/> epochs are complete (counting those before a <see cref="Resume"/>) or a
    /// stopping condition fires. Evaluates <paramref name="validation"/> and <paramref name="test"/> after every epoch.
    /// </summary>
    /// <param name="train">The training batches. Its cursor is where training continues (set by <see cref="Resume"/>).</param>
    /// <param name="validation">Held-out data for early stopping, a plateau schedule and the history; optional.</param>
    /// <param name="test">Test data, evaluated for the history only; optional.</param>
    /// <param name="cancellationToken">Stops the run after the current optimizer step, writing a checkpoint when a directory is set.</param>
    /// <exception cref="ArgumentException">Early stopping without validation data; skipping steps with a closure optimizer; or a
    /// resumed loader state that does not fit <paramref name="train"/>.</exception>
    public TrainingResult Fit(DataLoader train, IDataset? validation = null, IDataset? test = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (Options.EarlyStopping != null && validation == null)
        {
            throw new ArgumentException("Early stopping watches the validation loss, but no validation set was given; pass one to Fit", nameof(validation));
        }

        if (Optimizer.Info.RequiresClosure && Options.OnDivergence == DivergencePolicy.Skip)
        {
            throw new ArgumentException($"{Optimizer.Name} evaluates the loss inside its step, so a bad step cannot be skipped before it happens; use DivergencePolicy.Stop", nameof(train));
        }

        if (_pendingLoaderState != null)
        {
            train.SetState(_pendingLoaderState);
            _pendingLoaderState = null;
        }

        var loss = Options.Loss ?? TrainingLosses.For(train.Dataset);
        bool classification = train.Dataset.ClassCount > 0;
        _loader = train;
        _stopRequest = null;
        if (Options.Stopping.StepPrecision != null || Optimizer.Info.RequiresClosure)
        {
            _snapshot ??= new ParameterSnapshot(_parameters);
        }

        var clock = Stopwatch.StartNew();
        Model.Train();
        foreach (var c in _callbacks)
        {
            c.OnTrainBegin(this);
        }

        Outcome? outcome = null;
        string? lastCheckpoint = null;
        if (Options.Stopping.MaxSteps is { } budget && GlobalStep >= budget)
        {
            outcome = new Outcome(StopReason.MaxSteps, string.Create(CultureInfo.InvariantCulture, $"the step budget of {budget} steps was already used"));
        }

        while (outcome == null && CompletedEpochs < Options.Epochs)
        {
            int epoch = CompletedEpochs + 1;
            bool continuing = train.Position > 0 && train.Position < train.BatchesPerEpoch;
            if (!continuing)
            {
                _epoch = new EpochTotals();
            }

            foreach (var c in _callbacks)
            {
                c.OnEpochBegin(this, epoch);
            }

            long start = Stopwatch.GetTimestamp();
            outcome = RunEpoch(train, loss, classification, epoch, cancellationToken);
            _epoch.Seconds += Stopwatch.GetElapsedTime(start).TotalSeconds;
            if (outcome?.Reason is StopReason.Diverged)
            {
                break;
            }

            bool complete = train.Position >= train.BatchesPerEpoch;
            if (outcome?.Reason is StopReason.Cancelled && !complete)
            {
                // Mid-epoch: the checkpoint keeps the loader's position and the partial sums, and a resume finishes the epoch.
                lastCheckpoint = TrySaveCheckpoint() ?? lastCheckpoint;
                break;
            }

            if (complete)
            {
                CompletedEpochs++;
            }

            var metrics = EndEpoch(epoch, complete, train, loss, validation, test, classification);
            if (_history.Count > 0 && !_history[^1].Complete && _history[^1].Epoch == epoch)
            {
                // The partial record of a run stopped mid-epoch, now trained to the end.
                _history.RemoveAt(_history.Count - 1);
            }

            _history.Add(metrics);
            if (complete && outcome == null && Options.EarlyStopping is { } es && _badEpochs >= es.Patience)
            {
                outcome = new Outcome(StopReason.EarlyStopping, string.Create(CultureInfo.InvariantCulture,
                    $"early stopping: the validation loss has not improved for {_badEpochs} epochs (best {Fmt(_bestLoss)} at epoch {_bestEpoch})"));
            }

            foreach (var c in _callbacks)
            {
                c.OnEpochEnd(this, metrics);
            }

            lastCheckpoint = TrySaveCheckpoint() ?? lastCheckpoint;
            if (outcome == null && Volatile.Read(ref _stopRequest) is { } requested)
            {
                outcome = new Outcome(StopReason.Requested, "stopped on request: " + requested);
            }

            if (outcome == null && cancellationToken.IsCancellationRequested)
            {
                outcome = new Outcome(StopReason.Cancelled, string.Create(CultureInfo.InvariantCulture, $"cancelled after epoch {epoch}"));
            }
        }

        outcome ??= new Outcome(StopReason.Completed, string.Create(CultureInfo.InvariantCulture, $"completed {CompletedEpochs} epochs ({GlobalStep} steps)"));
        bool restored = false;
        // The best weights come back when the run is over, not when it was interrupted to be continued (cancelled, requested).
        if (Options.EarlyStopping is { RestoreBestWeights: true } && _bestWeights != null
            && outcome.Reason is not (StopReason.Diverged or StopReason.Cancelled or StopReason.Requested)
            && _history.Count > 0 && _history[^1].Epoch != _bestEpoch)
        {
            Model.LoadStateDict(_bestWeights);
            restored = true;
        }

        var result = new TrainingResult
        {
            Reason = outcome.Reason,
            Message = outcome.Message + (restored ? string.Create(CultureInfo.InvariantCulture, $"; restored the weights of epoch {_bestEpoch}") : ""),
            Epochs = CompletedEpochs,
            Steps = GlobalStep,
            SkippedSteps = SkippedSteps,
            History = _history.ToArray(),
            BestEpoch = Options.EarlyStopping != null && _bestEpoch > 0 ? _bestEpoch : null,
            BestValidationLoss = Options.EarlyStopping != null && _bestEpoch > 0 ? _bestLoss : null,
            RestoredBestWeights = restored,
            Divergence = outcome.Divergence,
            LastCheckpoint = lastCheckpoint,
            Seconds = clock.Elapsed.TotalSeconds,
        };
        foreach (var c in _callbacks)
        {
            c.OnTrainEnd(this, result);
        }

        return result;
    }

    /// <summary>The model's mean loss and accuracy on <paramref name="data"/>, in evaluation mode and without recording a graph.</summary>
    /// <param name="data">The samples.</param>
    /// <param name="loss">The loss; default <see cref="TrainerOptions.Loss"/>, else the one that fits the data.</param>
    public EvaluationResult Evaluate(IDataset data, LossFunction? loss = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        loss ??= Options.Loss ?? TrainingLosses.For(data);
        bool wasTraining = Model.IsTraining;
        Model.Eval();
        try
        {
            using var noGrad = Autograd.NoGrad();
            var loader = new DataLoader(data, Math.Min(Options.EvaluationBatchSize, data.Count), shuffle: false);
            double sum = 0;
            long correct = 0;
            bool accuracy = data.ClassCount > 0;
            foreach (var batch in loader.EpochBatches(0))
            {
                // Each batch's activations go back to the pool (only numbers leave the batch).
                using var scope = Options.PoolTensors ? TensorPool.Scope() : default;
                var output = Model.Forward(batch.X);
                sum += loss(output, batch).Item() * batch.Count;
                if (accuracy && FitsClasses(output, batch, data.ClassCount))
                {
                    correct += TrainingMath.CountCorrect(output, batch.Labels.Span);
                }
                else
                {
                    accuracy = false;
                }
            }

            return new EvaluationResult(sum / data.Count, accuracy ? (double)correct / data.Count : null, data.Count);
        }
        finally
        {
            Model.Train(wasTraining);
        }
    }

    private static string Fmt(double x) => double.IsNaN(x) ? "NaN" : double.IsPositiveInfinity(x) ? "+inf" : double.IsNegativeInfinity(x) ? "-inf"
        : x.ToString("R", CultureInfo.InvariantCulture);

    private static string Rate(double x) => x.ToString("G4", CultureInfo.InvariantCulture);

    private IEnumerable<(string Name, Dropout Layer)> Dropouts()
    {
        foreach (var (name, m) in Model.NamedModules())
        {
            if (m is Dropout d)
            {
                yield return (name, d);
            }
        }
    }

    private EpochMetrics EndEpoch(int epoch, bool complete, DataLoader train, LossFunction loss, IDataset? validation, IDataset? test, bool classification)
    {
        long start = Stopwatch.GetTimestamp();
        bool evaluate = !complete || epoch % Options.EvaluateEvery == 0 || epoch >= Options.Epochs;
        var val = evaluate && validation != null ? Evaluate(validation, loss) : null;
        var tst = evaluate && test != null ? Evaluate(test, loss) : null;
        double trainLoss = _epoch.Samples > 0 ? _epoch.LossSum / _epoch.Samples : double.NaN;
        if (complete)
        {
            if (Options.Scheduler is { Per: SchedulePer.Epoch } scheduler)
            {
                if (scheduler.NeedsMetric)
                {
                    // Fed the validation loss when there is validation data (only on the epochs that evaluate it), else the
                    // training loss: never a mix of the two.
                    if (val != null || validation == null)
                    {
                        scheduler.Step(val?.Loss ?? trainLoss);
                    }
                }
                else
                {
                    scheduler.Step();
                }
            }

            if (Options.EarlyStopping is { } es && val != null)
            {
                if (val.Loss < _bestLoss - es.MinDelta)
                {
                    _bestLoss = val.Loss;
                    _bestEpoch = epoch;
                    _badEpochs = 0;
                    if (es.RestoreBestWeights)
                    {
                        _bestWeights = Model.StateDict();
                    }
                }
                else
                {
                    _badEpochs++;
                }
            }
        }

        return new EpochMetrics
        {
            Epoch = epoch,
            TrainLoss = trainLoss,
            TrainAccuracy = classification && !_epoch.NoAccuracy && _epoch.Samples > 0 ? (double)_epoch.Correct / _epoch.Samples : null,
            ValidationLoss = val?.Loss,
            ValidationAccuracy = val?.Accuracy,
            TestLoss = tst?.Loss,
            TestAccuracy = tst?.Accuracy,
            LearningRate = _epoch.LastLearningRate ?? LearningRate(),
            MeanGradientNorm = _epoch.Steps > 0 ? _epoch.GradientNormSum / _epoch.Steps : double.NaN,
            Steps = _epoch.Steps,
            SkippedSteps = _epoch.Skipped,
            Seconds = _epoch.Seconds,
            EvaluationSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds,
            Complete = complete,
        };
    }

    private double? LearningRate() => Optimizer.HasHyperparameter(0, "lr") ? Optimizer.GetHyperparameter(0, "lr") : null;

    private sealed record Outcome(StopReason Reason, string Message, DivergenceReport? Divergence = null);

    /// <summary>Sums over the epoch so far (saved in checkpoints so that a mid-epoch resume reports the same epoch metrics).</summary>
    private sealed class EpochTotals
    {
        public double LossSum { get; set; }

        public long Samples { get; set; }

        public long Correct { get; set; }

        public bool NoAccuracy { get; set; }

        public double GradientNormSum { get; set; }

        public int Steps { get; set; }

        public int Skipped { get; set; }

        public double Seconds { get; set; }

        public double? LastLearningRate { get; set; }
    }

    /// <summary>The batches of one optimizer step.</summary>
    private struct GroupTotals
    {
        public long Start;
        public int Size;
        public int Batches;
        public int LastBatch;
        public double LossSum;
        public int Samples;
        public long Correct;
        public bool NoAccuracy;
        public string? LossProblem;
    }
}
