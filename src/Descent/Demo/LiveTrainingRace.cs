using System.Diagnostics;
using System.Globalization;
using Descent.Data;
using Descent.NN;
using Descent.Optim;

namespace Descent.Demo;

/// <summary>
/// A <see cref="TrainingRace"/> that can be watched while it runs: the same model from the same initial weights, fed the same
/// batches in the same order, trained by two to four optimizers <em>in turn</em> — one epoch of each, then the next epoch of
/// each — so their curves grow together. Every epoch of every optimizer is an event (whole-set training and validation loss,
/// accuracy, learning rate); the race ends when the epochs are done, the caller cancels, the wall-clock budget runs out or every
/// optimizer has diverged. The engine of the training tab of <c>descent serve</c>.
/// </summary>
/// <remarks>
/// <para><b>Bounds.</b> A race is meant to be started by untrusted input (a web page), so <see cref="Create"/> checks everything
/// against <see cref="LiveRaceLimits"/> before it loads data or builds a model: the number of optimizers, epochs, batch size, time
/// budget and pace; the data set (built-in sets only, never a file path; at most <see cref="LiveRaceLimits.MaxSamples"/> samples,
/// <see cref="LiveRaceLimits.MaxFeatures"/> features and <see cref="LiveRaceLimits.MaxClasses"/> classes); the model's size (an MLP's
/// parameter count is computed from its spec before anything is allocated); and L-BFGS's memory (<c>history_size</c>).</para>
/// <para><b>Stopping.</b> Cancellation and the time budget are checked before every update and every evaluation, and inside the
/// closure of closure-based optimizers (L-BFGS re-evaluates the loss many times per step), so a race stops within one
/// forward-backward pass.</para>
/// <para><b>Determinism.</b> Apart from the clock fields (<see cref="LiveRaceEvent.Seconds"/>, <see cref="LiveRaceEvent.RunSeconds"/>),
/// the same settings give the same events. Epoch 0 reports the initial model, identical for every optimizer.</para>
/// </remarks>
public sealed class LiveTrainingRace
{
    /// <summary>The validation fraction split off a data set that has no validation set of its own.</summary>
    public const double DefaultValidationFraction = TrainingRace.DefaultValidationFraction;

    /// <summary>The largest L-BFGS <c>history_size</c> accepted: each pair holds two copies of the parameters.</summary>
    public const long MaxHistorySize = 100;

    private static readonly string[] ImageSets = [MnistDatasets.FashionMnistName, MnistDatasets.MnistName];

    private readonly IDataset _train;
    private readonly IDataset _validation;
    private readonly Runner[] _runners;
    private readonly int _paceMilliseconds;
    private readonly Func<Module> _build;
    private int _started;

    private LiveTrainingRace(LiveRaceInfo info, IDataset train, IDataset validation, Runner[] runners, int paceMilliseconds, Func<Module> build)
    {
        Info = info;
        _build = build;
        _train = train;
        _validation = validation;
        _runners = runners;
        _paceMilliseconds = paceMilliseconds;
    }

    /// <summary>What the race trains.</summary>
    public LiveRaceInfo Info { get; }

    /// <summary>
    /// Checks <paramref name="settings"/> against <paramref name="limits"/>, loads the data, builds one model per optimizer from
    /// the same seed and creates the optimizers. Nothing is trained yet.
    /// </summary>
    /// <exception cref="ArgumentException">A setting is outside its bound or invalid (the message names the value, the bound and
    /// the fix); an unknown data set, model or optimizer; a model that does not fit the data.</exception>
    /// <exception cref="DatasetNotFoundException">An image data set is not installed.</exception>
    public static LiveTrainingRace Create(LiveRaceSettings settings, LiveRaceLimits? limits = null)
    {
        limits ??= LiveRaceLimits.Default;
        Validate(settings, limits);
        var data = Datasets.Load(settings.Data);
        IDataset train = data.Train;
        var validation = data.Validation;
        if (validation == null)
        {
            var split = DatasetSplit.TrainValidation(train, DefaultValidationFraction, settings.Seed, stratify: train.ClassCount > 0);
            (train, validation) = (split.Train, split.Validation);
        }

        int samples = train.Count + validation.Count;
        if (samples > limits.MaxSamples)
        {
            throw new ArgumentException(Invariant($"data set \"{settings.Data}\" has {samples} training and validation samples, more than the {limits.MaxSamples} a live race takes; set n={limits.MaxSamples} or less"));
        }

        if (train.SampleShape.Numel > limits.MaxFeatures)
        {
            throw new ArgumentException(Invariant($"data set \"{settings.Data}\" has {train.SampleShape.Numel} features per sample, more than the {limits.MaxFeatures} a live race takes"));
        }

        // Copies of just the samples used: an image subset is a view of the whole file's 60000 images, which would otherwise
        // stay in memory as long as the race.
        (train, validation) = (Compact(train), Compact(validation));

        bool classification = train.ClassCount > 0;
        int outputs = classification ? train.ClassCount : Math.Max(1, train.TargetShape.Numel);
        Module Build() => ModelSpec.Build(settings.Model, train.SampleShape, outputs, new Rng(settings.Seed), train.DType);

        var probe = Build();
        long parameters = probe.ParameterCount();
        if (parameters > limits.MaxParameters)
        {
            throw new ArgumentException(Invariant($"model \"{settings.Model}\" has {parameters} parameters, more than the {limits.MaxParameters} a live race takes; use fewer or smaller layers"));
        }

        int batchSize = Math.Min(settings.BatchSize, train.Count);
        var runners = new Runner[settings.Optimizers.Count];
        for (int i = 0; i < runners.Length; i++)
        {
            // Building from the same seed gives every optimizer the same initial weights.
            var model = i == 0 ? probe : Build();
            var spec = settings.Optimizers[i].Trim();
            Optimizer optimizer;
            try
            {
                optimizer = OptimizerRegistry.Create(spec, model.Parameters());
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException(Invariant($"optimizer {i + 1} (\"{spec}\"): {e.Message}"), e);
            }

            CheckOptimizerMemory(i, spec, optimizer);
            runners[i] = new Runner(spec, model, optimizer, new DataLoader(train, batchSize, shuffle: true, seed: settings.Seed));
        }

        var info = new LiveRaceInfo(
            data.Name, settings.Data, settings.Model, parameters, train.Count, validation.Count, train.ClassCount,
            classification ? "cross-entropy" : "mean-squared error", runners.Select(r => r.Spec).ToArray(), settings.Epochs, batchSize,
            runners[0].Loader.BatchesPerEpoch, settings.Seed, settings.TimeLimitSeconds);
        return new LiveTrainingRace(info, train, validation, runners, settings.PaceMilliseconds, Build);
    }

    /// <summary>
    /// The checks of <see cref="Create"/> that need no data and no model, at a cost of microseconds: every bound, the data set's name
    /// and keys, the size of an MLP, and the optimizers' names. A server calls it before it queues the expensive part.
    /// </summary>
    /// <exception cref="ArgumentException">A setting is outside its bound or names an unknown data set or optimizer.</exception>
    public static void Validate(LiveRaceSettings settings, LiveRaceLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        limits ??= LiveRaceLimits.Default;
        CheckSettings(settings, limits);
        CheckDataSpec(settings.Data, limits);
        CheckModelSpec(settings.Model, limits);
        for (int i = 0; i < settings.Optimizers.Count; i++)
        {
            var spec = settings.Optimizers[i].Trim();
            try
            {
                OptimizerRegistry.Get(OptimizerSpec.Parse(spec).Name);
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException(Invariant($"optimizer {i + 1} (\"{spec}\"): {e.Message}"), e);
            }
        }
    }

    /// <summary>
    /// Runs the race on the calling thread, yielding each event as it happens: epoch 0 of every optimizer, then round after round
    /// of one epoch per optimizer, and a final <see cref="LiveRaceEventKind.Done"/> event. A race runs once.
    /// </summary>
    /// <param name="cancellationToken">Ends the race (with a <see cref="LiveRaceEndReason.Stopped"/> event) before the next update.</param>
    /// <exception cref="InvalidOperationException">The race was already run.</exception>
    public IEnumerable<LiveRaceEvent> Events(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("this race has already run; create a new LiveTrainingRace to race again");
        }

        return Iterate(cancellationToken);
    }

    private IEnumerable<LiveRaceEvent> Iterate(CancellationToken cancellationToken)
    {
        var clock = new RaceClock(Stopwatch.StartNew(), TimeSpan.FromSeconds(Info.TimeLimitSeconds), cancellationToken);
        WarmUp(clock);
        for (int r = 0; r < _runners.Length; r++)
        {
            if (clock.Interruption() is { } early)
            {
                yield return Done(early, clock, 0);
                yield break;
            }

            yield return Evaluate(r, clock);
        }

        for (int epoch = 1; epoch <= Info.Epochs; epoch++)
        {
            for (int r = 0; r < _runners.Length; r++)
            {
                var runner = _runners[r];
                if (runner.Diverged)
                {
                    continue;
                }

                var (interruption, diverged) = TrainEpoch(runner, epoch, clock);
                if (interruption is { } reason)
                {
                    yield return Done(reason, clock, epoch);
                    yield break;
                }

                if (diverged == null)
                {
                    var record = Evaluate(r, clock);
                    if (double.IsFinite(record.TrainLoss!.Value))
                    {
                        yield return record;
                        continue;
                    }

                    diverged = $"the training loss became {DemoText.R(record.TrainLoss.Value)} after epoch {epoch}; try a smaller learning rate";
                }

                runner.Diverged = true;
                yield return new LiveRaceEvent
                {
                    Kind = LiveRaceEventKind.Diverged,
                    Run = r,
                    Epoch = runner.Epoch,
                    Updates = runner.Updates,
                    RunSeconds = runner.Clock.Elapsed.TotalSeconds,
                    Seconds = clock.Seconds,
                    Message = $"{runner.Spec}: {diverged}",
                };
                if (_runners.All(x => x.Diverged))
                {
                    yield return Done(LiveRaceEndReason.AllDiverged, clock, epoch);
                    yield break;
                }
            }

            if (_paceMilliseconds > 0 && epoch < Info.Epochs)
            {
                clock.Pause(_paceMilliseconds);
            }
        }

        yield return Done(LiveRaceEndReason.Completed, clock, Info.Epochs);
    }

    /// <summary>
    /// One throwaway update and evaluation per optimizer on a scratch model, so that the first optimizer's
    /// <see cref="LiveRaceEvent.RunSeconds"/> is not charged for compiling the code every optimizer shares.
    /// </summary>
    private void WarmUp(RaceClock clock)
    {
        var batch = _train.GetBatch(Enumerable.Range(0, Math.Min(Info.BatchSize, _train.Count)).ToArray());
        var probe = _validation.GetBatch(Enumerable.Range(0, Math.Min(Info.BatchSize, _validation.Count)).ToArray());
        bool classification = _train.ClassCount > 0;
        try
        {
            foreach (var runner in _runners)
            {
                var scratch = _build();
                var optimizer = OptimizerRegistry.Create(runner.Spec, scratch.Parameters());
                optimizer.Step(() =>
                {
                    if (clock.Interruption() is { } reason)
                    {
                        throw new RaceInterruptedException(reason);
                    }

                    optimizer.ZeroGrad();
                    var loss = TrainingLoop.Loss(scratch.Forward(batch.X), batch.Y, classification);
                    loss.Backward();
                    return loss;
                });
                using (Autograd.NoGrad())
                {
                    scratch.Eval();
                    TrainingLoop.Loss(scratch.Forward(probe.X), probe.Y, classification).Item();
                }
            }
        }
        catch (RaceInterruptedException)
        {
            // The race ends before it starts; the caller sees the interruption at its first check.
        }
    }

    /// <summary>One epoch of one optimizer: returns why the race must end, or why this optimizer diverged, or neither.</summary>
    private (LiveRaceEndReason? Interruption, string? Diverged) TrainEpoch(Runner runner, int epoch, RaceClock clock)
    {
        bool classification = _train.ClassCount > 0;
        var model = runner.Model;
        var optimizer = runner.Optimizer;
        runner.Clock.Start();
        try
        {
            model.Train();
            foreach (var batch in runner.Loader.EpochBatches(epoch - 1))
            {
                if (clock.Interruption() is { } reason)
                {
                    return (reason, null);
                }

                double value;
                if (optimizer.Info.RequiresClosure)
                {
                    value = optimizer.Step(() =>
                    {
                        // L-BFGS may evaluate the loss dozens of times in one step: stop between evaluations, not after them.
                        if (clock.Interruption() is { } inside)
                        {
                            throw new RaceInterruptedException(inside);
                        }

                        optimizer.ZeroGrad();
                        var l = TrainingLoop.Loss(model.Forward(batch.X), batch.Y, classification);
                        l.Backward();
                        return l;
                    });
                }
                else
                {
                    value = TrainingLoop.GradientStep(model, optimizer, batch, classification, pool: true);
                }

                runner.Updates++;
                if (!double.IsFinite(value))
                {
                    return (null, Invariant($"the loss became {DemoText.R(value)} at update {runner.Updates} (epoch {epoch}); try a smaller learning rate"));
                }
            }

            runner.Epoch = epoch;
            return (clock.Interruption(), null);
        }
        catch (RaceInterruptedException e)
        {
            return (e.Reason, null);
        }
        finally
        {
            runner.Clock.Stop();
        }
    }

    private LiveRaceEvent Evaluate(int run, RaceClock clock)
    {
        var runner = _runners[run];
        runner.Clock.Start();
        runner.Model.Eval();
        var (trainLoss, trainAccuracy) = TrainingLoop.Evaluate(runner.Model, _train);
        var (validationLoss, validationAccuracy) = TrainingLoop.Evaluate(runner.Model, _validation);
        runner.Model.Train();
        runner.Clock.Stop();
        var group = runner.Optimizer.ParamGroups[0];
        return new LiveRaceEvent
        {
            Kind = LiveRaceEventKind.Epoch,
            Run = run,
            Epoch = runner.Epoch,
            Updates = runner.Updates,
            TrainLoss = trainLoss,
            ValidationLoss = validationLoss,
            TrainAccuracy = trainAccuracy,
            ValidationAccuracy = validationAccuracy,
            LearningRate = group.Hyperparameters.ContainsKey("lr") ? group.Lr : null,
            RunSeconds = runner.Clock.Elapsed.TotalSeconds,
            Seconds = clock.Seconds,
        };
    }

    private LiveRaceEvent Done(LiveRaceEndReason reason, RaceClock clock, int epoch)
    {
        int diverged = _runners.Count(r => r.Diverged);
        string seconds = DemoText.G(clock.Seconds, 3);
        string message = reason switch
        {
            LiveRaceEndReason.Completed => Invariant($"finished: {Info.Epochs} epochs of {_runners.Length} optimizers in {seconds} s") +
                (diverged > 0 ? Invariant($"; {diverged} diverged") : ""),
            LiveRaceEndReason.Stopped => Invariant($"stopped during epoch {epoch} after {seconds} s"),
            LiveRaceEndReason.TimeLimit => Invariant($"the time limit of {DemoText.G(Info.TimeLimitSeconds, 4)} s ran out during epoch {epoch}"),
            _ => Invariant($"every optimizer diverged (by epoch {epoch}); try smaller learning rates"),
        };
        return new LiveRaceEvent { Kind = LiveRaceEventKind.Done, Epoch = epoch, Reason = reason, Seconds = clock.Seconds, Message = message };
    }

    private static TensorDataset Compact(IDataset data)
    {
        var all = data.GetBatch(Enumerable.Range(0, data.Count).ToArray());
        return data.ClassCount > 0
            ? new TensorDataset(all.X, all.Labels.Span, data.ClassCount, data.ClassNames)
            : new TensorDataset(all.X, all.Y);
    }

    private static void CheckSettings(LiveRaceSettings settings, LiveRaceLimits limits)
    {
        ArgumentNullException.ThrowIfNull(settings.Data);
        ArgumentNullException.ThrowIfNull(settings.Model);
        ArgumentNullException.ThrowIfNull(settings.Optimizers);
        int count = settings.Optimizers.Count;
        if (count < limits.MinOptimizers || count > limits.MaxOptimizers)
        {
            throw new ArgumentException(Invariant($"a live race takes {limits.MinOptimizers} to {limits.MaxOptimizers} optimizers, got {count}"), nameof(settings));
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < count; i++)
        {
            var spec = settings.Optimizers[i]?.Trim() ?? "";
            if (spec.Length == 0)
            {
                throw new ArgumentException(Invariant($"optimizer {i + 1} is empty; give a spec such as adam:lr=0.01"), nameof(settings));
            }

            CheckLength($"optimizer {i + 1}", spec, limits);
            if (!seen.Add(spec))
            {
                throw new ArgumentException(Invariant($"optimizer \"{spec}\" is given twice; give each spec once"), nameof(settings));
            }
        }

        if (settings.Epochs < 1 || settings.Epochs > limits.MaxEpochs)
        {
            throw new ArgumentException(Invariant($"epochs must be in 1..{limits.MaxEpochs}, got {settings.Epochs}"), nameof(settings));
        }

        if (settings.BatchSize < 1 || settings.BatchSize > limits.MaxBatchSize)
        {
            throw new ArgumentException(Invariant($"batch size must be in 1..{limits.MaxBatchSize}, got {settings.BatchSize}"), nameof(settings));
        }

        if (!(settings.TimeLimitSeconds > 0 && settings.TimeLimitSeconds <= limits.MaxSeconds))
        {
            throw new ArgumentException(Invariant($"the time limit must be more than 0 and at most {DemoText.R(limits.MaxSeconds)} seconds, got {DemoText.R(settings.TimeLimitSeconds)}"), nameof(settings));
        }

        if (settings.PaceMilliseconds < 0 || settings.PaceMilliseconds > limits.MaxPaceMilliseconds)
        {
            throw new ArgumentException(Invariant($"the pace must be in 0..{limits.MaxPaceMilliseconds} milliseconds, got {settings.PaceMilliseconds}"), nameof(settings));
        }
    }

    private static void CheckDataSpec(string spec, LiveRaceLimits limits)
    {
        CheckLength("the data set spec", spec, limits);
        var s = DatasetSpec.Parse(spec, name => name == "csv");
        if (!limits.DataSets.Contains(s.Name, StringComparer.Ordinal))
        {
            var suggestion = Text.Spelling.Closest(s.Name, limits.DataSets);
            throw new ArgumentException(
                $"data set \"{s.Name}\" is not available in a live race" + (suggestion != null ? $"; did you mean \"{suggestion}\"?" : "") +
                $" Available: {string.Join(", ", limits.DataSets)}");
        }

        if (s.Has("dir"))
        {
            throw new ArgumentException($"data set \"{spec}\": dir= is not accepted in a live race, which loads only installed data sets; remove it");
        }

        bool images = ImageSets.Contains(s.Name, StringComparer.Ordinal);
        if (images && !s.Has("n"))
        {
            throw new ArgumentException(Invariant($"data set \"{spec}\": a live race takes at most {limits.MaxSamples} images; add n=N with N ≤ {limits.MaxSamples}, such as {s.Name}:n=2000"));
        }

        CheckAtMost(s, spec, "n", limits.MaxSamples, "samples");
        CheckAtMost(s, spec, "features", limits.MaxFeatures, "features");
        CheckAtMost(s, spec, "classes", limits.MaxClasses, "classes");
        CheckAtMost(s, spec, "centers", limits.MaxClasses, "classes");
        if (s.Has("w") && s.GetDoubles("w", []).Length > limits.MaxFeatures)
        {
            throw new ArgumentException(Invariant($"data set \"{spec}\": more than {limits.MaxFeatures} weights (features) in w"));
        }
    }

    private static void CheckAtMost(DatasetSpec s, string spec, string key, int max, string what)
    {
        if (s.Has(key) && s.GetInt(key, 0) > max)
        {
            throw new ArgumentException(Invariant($"data set \"{spec}\": {key}={s.GetString(key)} is more than the {max} {what} a live race takes; use {key}={max} or less"));
        }
    }

    /// <summary>Rejects an MLP too large to build before it is built: its size is a function of its spec alone.</summary>
    private static void CheckModelSpec(string spec, LiveRaceLimits limits)
    {
        CheckLength("the model spec", spec, limits);
        int colon = spec.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0 || spec[..colon].Trim() != "mlp")
        {
            return;
        }

        var layers = spec[(colon + 1)..].Split(',')[0].Split('-');
        long parameters = 0;
        long previous = -1;
        foreach (var token in layers)
        {
            if (!long.TryParse(token.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out long size) || size > int.MaxValue)
            {
                // A malformed size: ModelSpec.Build reports it in its own words, before allocating anything.
                return;
            }

            if (previous >= 0)
            {
                parameters += (previous + 1) * size;
                if (parameters > limits.MaxParameters)
                {
                    throw new ArgumentException(Invariant($"model \"{spec}\" has more than {limits.MaxParameters} parameters, the most a live race takes; use fewer or smaller layers"));
                }
            }

            previous = size;
        }
    }

    private static void CheckOptimizerMemory(int index, string spec, Optimizer optimizer)
    {
        if (optimizer.ParamGroups[0].Hyperparameters.TryGetValue("history_size", out var history) && history.AsInteger() > MaxHistorySize)
        {
            throw new ArgumentException(Invariant($"optimizer {index + 1} (\"{spec}\"): history_size={history.AsInteger()} is more than the {MaxHistorySize} a live race takes"));
        }
    }

    private static void CheckLength(string what, string text, LiveRaceLimits limits)
    {
        if (text.Length > limits.MaxSpecLength)
        {
            throw new ArgumentException(Invariant($"{what} is {text.Length} characters long, more than the {limits.MaxSpecLength} accepted"));
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed class Runner(string spec, Module model, Optimizer optimizer, DataLoader loader)
    {
        public string Spec { get; } = spec;

        public Module Model { get; } = model;

        public Optimizer Optimizer { get; } = optimizer;

        public DataLoader Loader { get; } = loader;

        public Stopwatch Clock { get; } = new();

        public int Epoch { get; set; }

        public long Updates { get; set; }

        public bool Diverged { get; set; }
    }

    /// <summary>The race's wall clock, its budget and the caller's token: the one place that decides whether to go on.</summary>
    private sealed class RaceClock(Stopwatch watch, TimeSpan budget, CancellationToken token)
    {
        public double Seconds => watch.Elapsed.TotalSeconds;

        public LiveRaceEndReason? Interruption() =>
            token.IsCancellationRequested ? LiveRaceEndReason.Stopped
            : watch.Elapsed >= budget ? LiveRaceEndReason.TimeLimit
            : null;

        /// <summary>Waits <paramref name="milliseconds"/>, or less when cancelled or when the budget runs out first.</summary>
        public void Pause(int milliseconds)
        {
            var left = budget - watch.Elapsed;
            var wait = TimeSpan.FromMilliseconds(Math.Min(milliseconds, Math.Max(0, left.TotalMilliseconds)));
            token.WaitHandle.WaitOne(wait);
        }
    }

    /// <summary>Thrown from inside an optimizer's closure to abandon a step when the race must end.</summary>
    private sealed class RaceInterruptedException(LiveRaceEndReason reason) : Exception
    {
        public LiveRaceEndReason Reason { get; } = reason;
    }
}
