namespace Descent.Training;

/// <summary>
/// Where and how a run diverged: the step, the loss, the parameter whose gradient (or value) is not finite, the learning rate, the
/// recent losses, and what to try.
/// </summary>
public sealed record DivergenceReport
{
    /// <summary>The optimizer step that was being attempted (1 + steps already taken).</summary>
    public long Step { get; init; }

    /// <summary>The epoch, from 1.</summary>
    public int Epoch { get; init; }

    /// <summary>The batch of the epoch, from 1 (the last batch of the step under gradient accumulation).</summary>
    public int Batch { get; init; }

    /// <summary>Batches in an epoch.</summary>
    public int BatchesPerEpoch { get; init; }

    /// <summary>The step's loss (possibly NaN or infinite).</summary>
    public double Loss { get; init; }

    /// <summary>The global gradient norm before clipping, when the gradients were computed.</summary>
    public double? GradientNorm { get; init; }

    /// <summary>The learning rate of group 0, when the optimizer has one.</summary>
    public double? LearningRate { get; init; }

    /// <summary>
    /// The name of the first parameter whose gradient or value is not finite, when one is; when only the loss is not finite, the
    /// parameter with the largest gradient norm.
    /// </summary>
    public string? Parameter { get; init; }

    /// <summary>What is not finite, e.g. <c>the loss is NaN; gradient of "0.weight" has 3 non-finite values (first: NaN at element 7)</c>.</summary>
    public string Problem { get; init; } = "";

    /// <summary>The losses of the last few applied steps, oldest first.</summary>
    public IReadOnlyList<double> RecentLosses { get; init; } = [];

    /// <summary>Steps skipped so far, this one included when it was skipped.</summary>
    public long SkippedSteps { get; init; }

    /// <summary>What to try: a smaller learning rate (with a value), clipping, skipping.</summary>
    public string Suggestion { get; init; } = "";

    /// <summary>The whole report as one line: step, problem, suggestion.</summary>
    public string Message { get; init; } = "";
}
