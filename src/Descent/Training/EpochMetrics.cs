namespace Descent.Training;

/// <summary>One epoch of a run: training loss and accuracy, validation and test results, learning rate and time.</summary>
/// <remarks>Losses are means over samples (a partial last batch weighs by its size); accuracies are null for regression, and
/// validation or test values are null when there is no such set.</remarks>
public sealed record EpochMetrics
{
    /// <summary>The epoch, from 1.</summary>
    public int Epoch { get; init; }

    /// <summary>The mean training loss over the epoch's samples, each measured on the batch before its update.</summary>
    public double TrainLoss { get; init; }

    /// <summary>The training accuracy measured the same way; null for regression.</summary>
    public double? TrainAccuracy { get; init; }

    /// <summary>The validation loss after the epoch, in evaluation mode.</summary>
    public double? ValidationLoss { get; init; }

    /// <summary>The validation accuracy after the epoch.</summary>
    public double? ValidationAccuracy { get; init; }

    /// <summary>The test loss after the epoch.</summary>
    public double? TestLoss { get; init; }

    /// <summary>The test accuracy after the epoch.</summary>
    public double? TestAccuracy { get; init; }

    /// <summary>The learning rate of the epoch's last update (group 0), or null when the optimizer has none.</summary>
    public double? LearningRate { get; init; }

    /// <summary>The mean pre-clipping gradient norm over the epoch's steps.</summary>
    public double MeanGradientNorm { get; init; }

    /// <summary>Optimizer steps taken in the epoch.</summary>
    public int Steps { get; init; }

    /// <summary>Steps skipped in the epoch because of a non-finite loss or gradient.</summary>
    public int SkippedSteps { get; init; }

    /// <summary>Seconds spent training (batches, forward, backward, updates), without evaluation.</summary>
    public double Seconds { get; init; }

    /// <summary>Seconds spent evaluating the validation and test sets.</summary>
    public double EvaluationSeconds { get; init; }

    /// <summary>False when a stopping rule ended the run in the middle of this epoch.</summary>
    public bool Complete { get; init; } = true;
}
