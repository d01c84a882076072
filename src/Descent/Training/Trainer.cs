using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Descent.Data;
using Descent.IO;
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
public sealed class Trainer
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

    /// <summary>Writes a checkpoint of the run as it stands into <paramref name="directory"/> and returns its path.</summary>
    /// <exception cref="InvalidOperationException">A parameter is NaN or infinite: a broken state is never saved.</exception>
    public string SaveCheckpoint(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        if (TrainingMath.FirstNonFiniteParameter(_parameters) is { } bad)
        {
            throw new InvalidOperationException($"Not saving a checkpoint: {bad.Problem}; the run has diverged and the last good checkpoint is kept");
        }

        Directory.CreateDirectory(directory);
        string full = Path.GetFullPath(directory);
        if (_bestWeights != null && _bestWeightsSaved != (full, _bestEpoch))
        {
            SafeTensors.Save(Path.Combine(directory, BestWeightsFile(_bestEpoch)), _bestWeights, new Dictionary<string, string>
            {
                ["producer"] = "Descent",
                ["epoch"] = _bestEpoch.ToString(CultureInfo.InvariantCulture),
                ["val_loss"] = _bestLoss.ToString("R", CultureInfo.InvariantCulture),
            });
            _bestWeightsSaved = (full, _bestEpoch);
        }

        string path = Checkpoint.Save(directory, Model, Optimizer, CaptureProgress(), Options.KeepCheckpoints);
        PruneBestWeights(directory);
        return path;
    }

    /// <summary>
    /// Loads the newest checkpoint in <paramref name="directory"/> into the model, the optimizer (with its scheduler) and the trainer;
    /// the next <see cref="Fit"/> continues exactly where that run stopped (its loader must have the same data, batch size, seed and
    /// shuffling, which is checked). Everything is checked before anything changes.
    /// </summary>
    /// <returns>The checkpoint's progress record (its <see cref="TrainingProgress.ConfigJson"/> is the saved configuration).</returns>
    /// <exception cref="ArgumentException">No readable checkpoint, or one that does not fit this model, optimizer or trainer.</exception>
    public TrainingProgress Resume(string directory)
    {
        var data = Checkpoint.Load(directory);
        var progress = data.Progress;
        var dropouts = Dropouts().ToList();
        foreach (var (name, _) in dropouts)
        {
            if (!progress.Rngs.ContainsKey("dropout:" + name))
            {
                throw new ArgumentException($"{data.Path}: the checkpoint has no generator state for dropout layer \"{name}\"; it was saved from another model", nameof(directory));
            }
        }

        List<EpochMetrics> history = [];
        if (progress.HistoryJson != null)
        {
            try
            {
                history = JsonSerializer.Deserialize<List<EpochMetrics>>(progress.HistoryJson, HistoryJson) ?? [];
            }
            catch (JsonException e)
            {
                throw new ArgumentException($"{data.Path}: the saved history is malformed ({e.Message.Split('.')[0]})", nameof(directory));
            }
        }

        int bestEpoch = (int)Scalar(progress, "es_best_epoch", 0);
        Dictionary<string, Tensor>? best = null;
        string directoryOfBest = Path.GetDirectoryName(data.Path) ?? ".";
        if (bestEpoch > 0 && Options.EarlyStopping is { RestoreBestWeights: true })
        {
            string file = Path.Combine(directoryOfBest, BestWeightsFile(bestEpoch));
            if (File.Exists(file))
            {
                best = SafeTensors.Load(file).Tensors.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
            }
            else if (Scalar(progress, "es_best_weights_saved", 0) == 1)
            {
                throw new ArgumentException($"{data.Path}: the best weights of epoch {bestEpoch} should be in {file}, which is missing", nameof(directory));
            }

            // Otherwise the saved run did not keep best weights: the next improvement will.
        }

        var modelBefore = Model.StateDict();
        var optimizerBefore = Optimizer.StateDict();
        try
        {
            Model.LoadStateDict(data.Model);
            Optimizer.LoadStateDict(data.Optimizer);
        }
        catch
        {
            Model.LoadStateDict(modelBefore);
            Optimizer.LoadStateDict(optimizerBefore);
            throw;
        }

        foreach (var (name, d) in dropouts)
        {
            d.Generator.SetState(progress.Rngs["dropout:" + name]);
        }

        CompletedEpochs = progress.Epoch;
        GlobalStep = progress.GlobalStep;
        SkippedSteps = (long)Scalar(progress, "skipped_steps", 0);
        _pendingLoaderState = progress.Loader;
        _previousStepLoss = Scalar(progress, "previous_step_loss", double.NaN);
        _bestEpoch = bestEpoch;
        _bestLoss = Scalar(progress, "es_best_loss", double.PositiveInfinity);
        _badEpochs = (int)Scalar(progress, "es_bad_epochs", 0);
        _bestWeights = best;
        _bestWeightsSaved = best != null ? (Path.GetFullPath(directoryOfBest), bestEpoch) : null;
        _epoch = new EpochTotals
        {
            LossSum = Scalar(progress, "epoch_loss_sum", 0),
            Samples = (long)Scalar(progress, "epoch_samples", 0),
            Correct = (long)Scalar(progress, "epoch_correct", 0),
            GradientNormSum = Scalar(progress, "epoch_gradient_norm_sum", 0),
            Steps = (int)Scalar(progress, "epoch_steps", 0),
            Skipped = (int)Scalar(progress, "epoch_skipped", 0),
            Seconds = Scalar(progress, "epoch_seconds", 0),
            LastLearningRate = progress.Scalars.TryGetValue("epoch_last_lr", out var lr) ? lr : null,
        };

        // A partial epoch recorded when a stopping rule ended the saved run is trained to the end now, and recorded again.
        _history.Clear();
        _history.AddRange(history.Where(h => h.Complete));
        _recentLosses.Clear();
        return progress;
    }

    private static string BestWeightsFile(int epoch) => BestWeightsPrefix + epoch.ToString("D6", CultureInfo.InvariantCulture) + ".safetensors";

    private static double Scalar(TrainingProgress p, string key, double fallback) => p.Scalars.TryGetValue(key, out var v) ? v : fallback;

    private static bool FitsClasses(Tensor output, Batch batch, int classes) =>
        output.Rank == 2 && output.Shape[0] == batch.Count && output.Shape[1] == classes && batch.Labels.Length == batch.Count;

    private static string Fmt(double x) => double.IsNaN(x) ? "NaN" : double.IsPositiveInfinity(x) ? "+inf" : double.IsNegativeInfinity(x) ? "-inf"
        : x.ToString("R", CultureInfo.InvariantCulture);

    private static string Rate(double x) => x.ToString("G4", CultureInfo.InvariantCulture);

    /// <summary>Samples in the accumulation group that starts at batch <paramref name="first"/> of an epoch.</summary>
    private static int GroupSamples(DataLoader loader, int first, int k)
    {
        int last = Math.Min(first + k, loader.BatchesPerEpoch) - 1;
        int full = last - first + 1;
        return last == loader.BatchesPerEpoch - 1 ? ((full - 1) * loader.BatchSize) + loader.LastBatchSize : full * loader.BatchSize;
    }

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

    private Outcome? RunEpoch(DataLoader train, LossFunction loss, bool classification, int epoch, CancellationToken ct)
    {
        int k = Options.AccumulationSteps;
        var group = new GroupTotals();
        bool closure = Optimizer.Info.RequiresClosure;
        foreach (var batch in train)
        {
            if (group.Batches == 0)
            {
                group = new GroupTotals { Start = Stopwatch.GetTimestamp(), Size = GroupSamples(train, batch.Index, k) };
                if (!closure)
                {
                    Optimizer.ZeroGrad();
                }
            }

            group.Batches++;
            group.LastBatch = batch.Index;
            if (closure)
            {
                var closureOutcome = ClosureStep(batch, loss, classification, epoch, train, ref group, ct);
                group = default;
                if (closureOutcome != null)
                {
                    return closureOutcome;
                }

                continue;
            }

            var output = Model.Forward(batch.X);
            var l = loss(output, batch);
            double value = l.Item();
            group.LossSum += value * batch.Count;
            group.Samples += batch.Count;
            if (classification && FitsClasses(output, batch, train.Dataset.ClassCount))
            {
                group.Correct += TrainingMath.CountCorrect(output, batch.Labels.Span);
            }
            else
            {
                group.NoAccuracy = true;
            }

            if (!double.IsFinite(value))
            {
                group.LossProblem ??= $"the loss is {Fmt(value)}";
            }

            // Weighting each batch by its share of the step's samples makes the summed gradient that of one mean loss. A non-finite
            // loss is differentiated too, only to name the parameters it poisons; those gradients never reach the optimizer.
            (group.Size == batch.Count ? l : l * ((double)batch.Count / group.Size)).Backward();

            if (group.Batches < k && batch.Index < train.BatchesPerEpoch - 1)
            {
                continue;
            }

            var stepOutcome = FinishStep(ref group, epoch, train, ct);
            group = default;
            if (stepOutcome != null)
            {
                return stepOutcome;
            }
        }

        return null;
    }

    private Outcome? FinishStep(ref GroupTotals group, int epoch, DataLoader train, CancellationToken ct)
    {
        double stepLoss = group.LossSum / group.Samples;
        double? lr = LearningRate();
        double norm = TrainingMath.GradientNorm(_parameters);
        if (group.LossProblem != null)
        {
            var (parameter, gradientProblem) = double.IsFinite(norm) ? (null, null) : NonFiniteGradient(norm);
            return Diverge(group, epoch, train, stepLoss, lr, norm, group.LossProblem + (parameter != null ? "; " + gradientProblem : ""), parameter, ct);
        }

        if (!double.IsFinite(norm))
        {
            var (parameter, problem) = NonFiniteGradient(norm);
            return Diverge(group, epoch, train, stepLoss, lr, norm, problem, parameter, ct);
        }

        if (Options.ClipGradientValue is { } clipValue)
        {
            GradientClipping.ClipByValue(_parameters, clipValue);
        }

        if (Options.ClipGradientNorm is { } maxNorm)
        {
            if (Options.ClipGradientValue != null)
            {
                GradientClipping.ClipByGlobalNorm(_parameters, maxNorm);
            }
            else
            {
                // The same rule as ClipByGlobalNorm, reusing the norm measured above.
                double coefficient = maxNorm / (norm + 1e-6);
                if (coefficient < 1)
                {
                    foreach (var p in _parameters)
                    {
                        GradientClipping.Scale(p.Grad, coefficient);
                    }
                }
            }
        }

        bool measureStep = Options.Stopping.StepPrecision != null;
        if (measureStep)
        {
            _snapshot!.Capture();
        }

        Optimizer.Step();
        double? stepSize = measureStep ? _snapshot!.Distance() : null;
        return AfterStep(group, epoch, train, stepLoss, lr, norm, stepSize, ct);
    }

    private Outcome? ClosureStep(Batch batch, LossFunction loss, bool classification, int epoch, DataLoader train, ref GroupTotals group, CancellationToken ct)
    {
        bool first = true;
        double norm = double.NaN;
        long correct = 0;
        bool noAccuracy = false;
        _snapshot!.Capture();
        double? lr = LearningRate();
        double value = Optimizer.Step(() =>
        {
            Optimizer.ZeroGrad();
            var output = Model.Forward(batch.X);
            var l = loss(output, batch);
            double v = l.Item();
            if (double.IsFinite(v))
            {
                l.Backward();
            }

            if (first)
            {
                first = false;
                norm = TrainingMath.GradientNorm(_parameters);
                if (classification && FitsClasses(output, batch, train.Dataset.ClassCount))
                {
                    correct = TrainingMath.CountCorrect(output, batch.Labels.Span);
                }
                else
                {
                    noAccuracy = true;
                }
            }

            if (double.IsFinite(v) && Options.ClipGradientValue is { } clipValue)
            {
                GradientClipping.ClipByValue(_parameters, clipValue);
            }

            if (double.IsFinite(v) && Options.ClipGradientNorm is { } maxNorm)
            {
                GradientClipping.ClipByGlobalNorm(_parameters, maxNorm);
            }

            return v;
        });
        group.LossSum = value * batch.Count;
        group.Samples = batch.Count;
        group.Correct = correct;
        group.NoAccuracy = noAccuracy;
        (string? Parameter, string Problem)? bad = !double.IsFinite(value) ? (null, $"the loss is {Fmt(value)}")
            : !double.IsFinite(norm) ? NonFiniteGradient(norm)
            : TrainingMath.FirstNonFiniteParameter(_parameters) is { } p ? (p.Name, p.Problem + " after the update")
            : null;
        if (bad is { } b)
        {
            // The closure optimizer has already moved: put the parameters back so that nothing broken survives the stop.
            _snapshot.Restore();
            return Diverge(group, epoch, train, value, lr, norm, b.Problem, b.Parameter, ct);
        }

        double? stepSize = Options.Stopping.StepPrecision != null ? _snapshot.Distance() : null;
        return AfterStep(group, epoch, train, value, lr, norm, stepSize, ct);
    }

    private Outcome? AfterStep(GroupTotals group, int epoch, DataLoader train, double stepLoss, double? lr, double norm, double? stepSize, CancellationToken ct)
    {
        GlobalStep++;
        if (Options.Scheduler is { Per: SchedulePer.Step } scheduler)
        {
            if (scheduler.NeedsMetric)
            {
                scheduler.Step(stepLoss);
            }
            else
            {
                scheduler.Step();
            }
        }

        double seconds = Stopwatch.GetElapsedTime(group.Start).TotalSeconds;
        _epoch.LossSum += group.LossSum;
        _epoch.Samples += group.Samples;
        _epoch.Correct += group.Correct;
        _epoch.NoAccuracy |= group.NoAccuracy;
        _epoch.GradientNormSum += norm;
        _epoch.Steps++;
        _epoch.LastLearningRate = lr;
        _recentLosses.Enqueue(stepLoss);
        if (_recentLosses.Count > RecentLossCount)
        {
            _recentLosses.Dequeue();
        }

        if (_callbacks.Count > 0)
        {
            var metrics = new StepMetrics
            {
                Epoch = epoch,
                Step = GlobalStep,
                Batch = group.LastBatch + 1,
                BatchesPerEpoch = train.BatchesPerEpoch,
                Samples = group.Samples,
                Loss = stepLoss,
                Accuracy = group.NoAccuracy || train.Dataset.ClassCount == 0 ? null : (double)group.Correct / group.Samples,
                LearningRate = lr,
                GradientNorm = norm,
                StepSize = stepSize,
                Seconds = seconds,
            };
            foreach (var c in _callbacks)
            {
                c.OnStepEnd(this, metrics);
            }
        }

        var rules = Options.Stopping;
        var inv = CultureInfo.InvariantCulture;
        double previous = _previousStepLoss;
        _previousStepLoss = stepLoss;
        if (rules.StepPrecision is { } precision && stepSize <= precision)
        {
            return new Outcome(StopReason.StepPrecision, string.Create(inv, $"converged at step {GlobalStep}: the update moved the parameters by {Fmt(stepSize.Value)} ≤ precision {Fmt(precision)}"));
        }

        if (rules.LossTolerance is { } tolerance && double.IsFinite(previous) && Math.Abs(stepLoss - previous) <= tolerance)
        {
            return new Outcome(StopReason.LossTolerance, string.Create(inv, $"converged at step {GlobalStep}: the loss changed by {Fmt(Math.Abs(stepLoss - previous))} ≤ tolerance {Fmt(tolerance)}"));
        }

        if (rules.GradientTolerance is { } gradientTolerance && norm <= gradientTolerance)
        {
            return new Outcome(StopReason.GradientTolerance, string.Create(inv, $"converged at step {GlobalStep}: the gradient norm {Fmt(norm)} ≤ tolerance {Fmt(gradientTolerance)}"));
        }

        if (rules.MaxSteps is { } maxSteps && GlobalStep >= maxSteps)
        {
            return new Outcome(StopReason.MaxSteps, string.Create(inv, $"stopped after the maximum of {maxSteps} steps"));
        }

        return CheckInterruption(epoch, ct);
    }

    private Outcome? CheckInterruption(int epoch, CancellationToken ct)
    {
        if (Volatile.Read(ref _stopRequest) is { } requested)
        {
            return new Outcome(StopReason.Requested, "stopped on request: " + requested);
        }

        if (ct.IsCancellationRequested)
        {
            return new Outcome(StopReason.Cancelled, string.Create(CultureInfo.InvariantCulture, $"cancelled at step {GlobalStep} (epoch {epoch})"));
        }

        return null;
    }

    private (string? Parameter, string Problem) NonFiniteGradient(double norm)
    {
        for (int i = 0; i < _parameters.Count; i++)
        {
            var p = _parameters[i];
            string name = p.Name ?? string.Create(CultureInfo.InvariantCulture, $"param{i}");
            if (GradientGuard.DescribeNonFinite(p.Grad, name) is { } problem)
            {
                return (name, problem);
            }
        }

        return (null, $"the gradient norm overflowed to {Fmt(norm)}");
    }

    private Outcome? Diverge(GroupTotals group, int epoch, DataLoader train, double stepLoss, double? lr, double? norm, string problem, string? parameter, CancellationToken ct)
    {
        var inv = CultureInfo.InvariantCulture;
        if (parameter == null && TrainingMath.FirstNonFiniteParameter(_parameters) is { } bad)
        {
            // A NaN loss from NaN weights: an earlier update overflowed.
            parameter = bad.Name;
            problem += "; " + bad.Problem + " (an earlier update overflowed)";
        }

        bool skip = Options.OnDivergence == DivergencePolicy.Skip && SkippedSteps < Options.MaxSkippedSteps;
        if (skip)
        {
            SkippedSteps++;
            _epoch.Skipped++;
        }

        string suggestion = lr is { } rate and > 0
            ? $"Lower the learning rate (it is {Rate(rate)}; try {Rate(rate / 10)}), or clip the gradients"
            : "Lower the learning rate, or clip the gradients";
        if (Options.OnDivergence == DivergencePolicy.Skip && !skip)
        {
            suggestion = string.Create(inv, $"{Options.MaxSkippedSteps} steps were skipped already (the limit). ") + suggestion;
        }

        var report = new DivergenceReport
        {
            Step = GlobalStep + 1,
            Epoch = epoch,
            Batch = group.LastBatch + 1,
            BatchesPerEpoch = train.BatchesPerEpoch,
            Loss = stepLoss,
            GradientNorm = norm,
            LearningRate = lr,
            Parameter = parameter,
            Problem = problem,
            RecentLosses = _recentLosses.ToArray(),
            SkippedSteps = SkippedSteps,
            Suggestion = suggestion + ".",
            Message = string.Create(inv, $"training diverged at step {GlobalStep + 1} (epoch {epoch}, batch {group.LastBatch + 1} of {train.BatchesPerEpoch}): {problem}. {suggestion}."),
        };
        if (skip)
        {
            // Nothing reached the optimizer: drop the gradients and go on.
            Optimizer.ZeroGrad();
            foreach (var c in _callbacks)
            {
                c.OnStepSkipped(this, report);
            }

            return CheckInterruption(epoch, ct);
        }

        return new Outcome(StopReason.Diverged, report.Message, report);
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

    private string? TrySaveCheckpoint() => Options.CheckpointDirectory is { } dir ? SaveCheckpoint(dir) : null;

    private TrainingProgress CaptureProgress()
    {
        var scalars = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["skipped_steps"] = SkippedSteps,
            ["epoch_loss_sum"] = _epoch.LossSum,
            ["epoch_samples"] = _epoch.Samples,
            ["epoch_correct"] = _epoch.Correct,
            ["epoch_gradient_norm_sum"] = _epoch.GradientNormSum,
            ["epoch_steps"] = _epoch.Steps,
            ["epoch_skipped"] = _epoch.Skipped,
            ["epoch_seconds"] = _epoch.Seconds,
        };

        // JSON has no NaN or infinity: values that are not finite are left out and read back as their defaults.
        if (double.IsFinite(_previousStepLoss))
        {
            scalars["previous_step_loss"] = _previousStepLoss;
        }

        if (_epoch.LastLearningRate is { } lr && double.IsFinite(lr))
        {
            scalars["epoch_last_lr"] = lr;
        }

        if (double.IsFinite(_bestLoss))
        {
            scalars["es_best_loss"] = _bestLoss;
            scalars["es_best_epoch"] = _bestEpoch;
            scalars["es_best_weights_saved"] = _bestWeights != null ? 1 : 0;
            scalars["es_bad_epochs"] = _badEpochs;
        }

        var rngs = new Dictionary<string, RngState>(StringComparer.Ordinal);
        foreach (var (name, d) in Dropouts())
        {
            rngs["dropout:" + name] = d.Generator.GetState();
        }

        return new TrainingProgress
        {
            Epoch = CompletedEpochs,
            GlobalStep = GlobalStep,
            Loader = _loader?.GetState(),
            Rngs = rngs,
            Scalars = scalars,
            HistoryJson = JsonSerializer.Serialize(_history, HistoryJson),
            ConfigJson = Options.ConfigJson,
        };
    }

    private void PruneBestWeights(string directory)
    {
        // Each kept checkpoint refers to at most one best-weights file, and bests only move forward: keeping as many of the newest
        // files as checkpoints covers every checkpoint still on disk.
        var files = Directory.GetFiles(directory, BestWeightsPrefix + "*.safetensors").Order(StringComparer.Ordinal).ToList();
        foreach (var old in files.SkipLast(Options.KeepCheckpoints))
        {
            try
            {
                File.Delete(old);
            }
            catch (IOException)
            {
                // A stale file costs disk space, not correctness.
            }
        }
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
