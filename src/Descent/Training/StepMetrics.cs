namespace Descent.Training;

/// <summary>What one optimizer step did, handed to <see cref="ITrainerCallback.OnStepEnd"/>.</summary>
/// <remarks>With gradient accumulation one step covers several batches: <see cref="Loss"/> and <see cref="Accuracy"/> are over all
/// of their samples, and <see cref="Batch"/> is the last of them.</remarks>
public sealed record StepMetrics
{
    /// <summary>The epoch, from 1.</summary>
    public int Epoch { get; init; }

    /// <summary>Optimizer steps taken so far in the run, including this one (the global step, from 1).</summary>
    public long Step { get; init; }

    /// <summary>The position in the epoch of the step's last batch, from 1.</summary>
    public int Batch { get; init; }

    /// <summary>Batches in an epoch.</summary>
    public int BatchesPerEpoch { get; init; }

    /// <summary>Samples that contributed to the step.</summary>
    public int Samples { get; init; }

    /// <summary>The mean loss over the step's samples, before the update.</summary>
    public double Loss { get; init; }

    /// <summary>The fraction of the step's samples classified correctly before the update; null for regression.</summary>
    public double? Accuracy { get; init; }

    /// <summary>The learning rate the update used (group 0), or null when the optimizer has none.</summary>
    public double? LearningRate { get; init; }

    /// <summary>The global L2 norm of the gradients before clipping.</summary>
    public double GradientNorm { get; init; }

    /// <summary>‖θ_t − θ_{t−1}‖₂, when a <see cref="StoppingRules.StepPrecision"/> rule asks for it (it costs a copy of the parameters); else null.</summary>
    public double? StepSize { get; init; }

    /// <summary>Wall-clock seconds of the step (forward, backward, update).</summary>
    public double Seconds { get; init; }
}
