namespace Descent.Training;

/// <summary>How a call to <see cref="Trainer.Fit"/> ended.</summary>
public sealed record TrainingResult
{
    /// <summary>Why training stopped.</summary>
    public StopReason Reason { get; init; }

    /// <summary>One sentence for people: what stopped the run, with the numbers.</summary>
    public string Message { get; init; } = "";

    /// <summary>Completed epochs (over the whole run, including epochs before a resume).</summary>
    public int Epochs { get; init; }

    /// <summary>Optimizer steps taken (over the whole run).</summary>
    public long Steps { get; init; }

    /// <summary>Steps skipped because of a non-finite loss or gradient (over the whole run).</summary>
    public long SkippedSteps { get; init; }

    /// <summary>Every recorded epoch, including those before a resume.</summary>
    public IReadOnlyList<EpochMetrics> History { get; init; } = [];

    /// <summary>The epoch with the lowest validation loss, when early stopping tracked it.</summary>
    public int? BestEpoch { get; init; }

    /// <summary>That epoch's validation loss.</summary>
    public double? BestValidationLoss { get; init; }

    /// <summary>Whether the model holds the best epoch's weights (early stopping restored them).</summary>
    public bool RestoredBestWeights { get; init; }

    /// <summary>What went wrong, when <see cref="Reason"/> is <see cref="StopReason.Diverged"/>.</summary>
    public DivergenceReport? Divergence { get; init; }

    /// <summary>The last checkpoint written during this call, or null.</summary>
    public string? LastCheckpoint { get; init; }

    /// <summary>Wall-clock seconds of this call.</summary>
    public double Seconds { get; init; }
}
