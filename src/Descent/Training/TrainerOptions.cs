using System.Globalization;
using Descent.Schedules;

namespace Descent.Training;

/// <summary>Settings of a <see cref="Trainer"/>. Everything but <see cref="Epochs"/> is off or automatic by default.</summary>
public sealed record TrainerOptions
{
    /// <summary>Epochs to train in all (a resumed run counts the epochs before the resume). Default 10.</summary>
    public int Epochs { get; init; } = 10;

    /// <summary>The loss; default: <see cref="TrainingLosses.For"/> the training data (cross-entropy or MSE).</summary>
    public LossFunction? Loss { get; init; }

    /// <summary>
    /// The scheduler to step (created over the trainer's optimizer, so its state is inside the optimizer's state dict and every
    /// checkpoint). A <see cref="SchedulePer.Step"/> scheduler steps after every optimizer step, a <see cref="SchedulePer.Epoch"/>
    /// one after every epoch; a metric-driven one (<see cref="ReduceLrOnPlateau"/>) gets the validation loss (the training loss
    /// without validation data, or the step's loss when it steps per step).
    /// </summary>
    public IScheduler? Scheduler { get; init; }

    /// <summary>
    /// Whether each batch's forward and backward pass, and each evaluation batch, run inside a <see cref="TensorPool"/> scope
    /// (default true), so activations and backward temporaries reuse storage from batch to batch instead of allocating; results
    /// are bit-identical either way.
    /// Tensors a custom module or loss creates during the pass are released after it: a module that must keep one across batches
    /// updates a buffer in place (as batch norm does) or calls <see cref="TensorPool.Keep"/>.
    /// </summary>
    public bool PoolTensors { get; init; } = true;

    /// <summary>
    /// How gradients are cleared before each step: false (default) zeroes them in place and accumulates the next backward pass
    /// into the same buffers (PyTorch's <c>zero_grad(set_to_none=False)</c>), which allocates nothing; true sets them to null
    /// (PyTorch 2's default), so each step's gradients are fresh tensors. The difference shows only for a parameter that gets no
    /// gradient in a step: with false the optimizer still updates it with a zero gradient (momentum and weight decay act), with
    /// true it skips it. Closure optimizers (LBFGS) always set them to null.
    /// </summary>
    public bool SetGradientsToNull { get; init; }

    /// <summary>
    /// Batches whose gradients are summed before each optimizer step (default 1). Each batch's loss is weighted by its share of the
    /// step's samples, so a step over k batches has the gradient of one mean loss over all of them; the last group of an epoch may be
    /// shorter. Schedules, callbacks and <see cref="StoppingRules.MaxSteps"/> count optimizer steps, and clipping applies to the
    /// summed gradient.
    /// </summary>
    public int AccumulationSteps { get; init; } = 1;

    /// <summary>Clip the global gradient norm to this before each step (<see cref="Optim.GradientClipping.ClipByGlobalNorm"/>); null = off.</summary>
    public double? ClipGradientNorm { get; init; }

    /// <summary>Clamp every gradient element to ±this before each step (<see cref="Optim.GradientClipping.ClipByValue"/>); null = off.</summary>
    public double? ClipGradientValue { get; init; }

    /// <summary>What to do about a NaN or infinite loss or gradient (default: stop).</summary>
    public DivergencePolicy OnDivergence { get; init; } = DivergencePolicy.Stop;

    /// <summary>With <see cref="DivergencePolicy.Skip"/>: how many steps may be skipped in all before the run stops anyway (default 10).</summary>
    public int MaxSkippedSteps { get; init; } = 10;

    /// <summary>Early stopping on the validation loss; null = off.</summary>
    public EarlyStopping? EarlyStopping { get; init; }

    /// <summary>Lecture 002's convergence tests and a step budget (default: none).</summary>
    public StoppingRules Stopping { get; init; } = StoppingRules.None;

    /// <summary>
    /// Write a checkpoint into this directory at the end of every epoch and when the run is cancelled (see <see cref="Checkpoint"/>);
    /// null = no checkpoints.
    /// </summary>
    public string? CheckpointDirectory { get; init; }

    /// <summary>How many checkpoints to keep in <see cref="CheckpointDirectory"/> (the newest; default 2).</summary>
    public int KeepCheckpoints { get; init; } = 2;

    /// <summary>The run's configuration as JSON, stored in every checkpoint (the CLI checks it on resume). Optional.</summary>
    public string? ConfigJson { get; init; }

    /// <summary>Samples per batch when evaluating (default 1024; evaluation keeps no graph, so larger is fine).</summary>
    public int EvaluationBatchSize { get; init; } = 1024;

    /// <summary>
    /// Evaluate the validation and test sets every this many epochs, and after the last (default 1: every epoch). Early stopping and a
    /// plateau schedule advance only on evaluated epochs, so their patience then counts evaluations.
    /// </summary>
    public int EvaluateEvery { get; init; } = 1;

    /// <summary>Checks every value; called by the <see cref="Trainer"/> constructor.</summary>
    /// <exception cref="ArgumentException">A value is out of range; the message names it and the valid range.</exception>
    public void Validate()
    {
        var inv = CultureInfo.InvariantCulture;
        if (Epochs < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Epochs), string.Create(inv, $"TrainerOptions.Epochs must be ≥ 0, got {Epochs}"));
        }

        if (AccumulationSteps < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(AccumulationSteps), string.Create(inv, $"TrainerOptions.AccumulationSteps must be at least 1, got {AccumulationSteps}"));
        }

        if (ClipGradientNorm is { } n && !(n > 0 && double.IsFinite(n)))
        {
            throw new ArgumentOutOfRangeException(nameof(ClipGradientNorm), string.Create(inv, $"TrainerOptions.ClipGradientNorm must be a positive finite number, got {n:R}"));
        }

        if (ClipGradientValue is { } v && !(v > 0 && double.IsFinite(v)))
        {
            throw new ArgumentOutOfRangeException(nameof(ClipGradientValue), string.Create(inv, $"TrainerOptions.ClipGradientValue must be a positive finite number, got {v:R}"));
        }

        if (MaxSkippedSteps < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxSkippedSteps), string.Create(inv, $"TrainerOptions.MaxSkippedSteps must be ≥ 0, got {MaxSkippedSteps}"));
        }

        if (EarlyStopping is { } es && (es.Patience < 1 || !(es.MinDelta >= 0 && double.IsFinite(es.MinDelta))))
        {
            throw new ArgumentOutOfRangeException(nameof(EarlyStopping), string.Create(inv, $"EarlyStopping needs Patience ≥ 1 and a finite MinDelta ≥ 0, got {es.Patience} and {es.MinDelta:R}"));
        }

        ArgumentNullException.ThrowIfNull(Stopping, nameof(Stopping));
        Stopping.Validate();
        if (KeepCheckpoints < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(KeepCheckpoints), string.Create(inv, $"TrainerOptions.KeepCheckpoints must be at least 1, got {KeepCheckpoints}"));
        }

        if (EvaluationBatchSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(EvaluationBatchSize), string.Create(inv, $"TrainerOptions.EvaluationBatchSize must be at least 1, got {EvaluationBatchSize}"));
        }

        if (EvaluateEvery < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(EvaluateEvery), string.Create(inv, $"TrainerOptions.EvaluateEvery must be at least 1, got {EvaluateEvery}"));
        }
    }
}
