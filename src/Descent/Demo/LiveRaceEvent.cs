namespace Descent.Demo;

/// <summary>What a <see cref="LiveRaceEvent"/> reports.</summary>
public enum LiveRaceEventKind
{
    /// <summary>One optimizer finished an epoch (epoch 0: the initial weights); the losses and accuracies are set.</summary>
    Epoch,

    /// <summary>One optimizer's loss became NaN or infinite; it stops, the others go on. <see cref="LiveRaceEvent.Message"/> says where.</summary>
    Diverged,

    /// <summary>The race is over; <see cref="LiveRaceEvent.Reason"/> says why. Always the last event.</summary>
    Done,
}

/// <summary>Why a <see cref="LiveTrainingRace"/> ended.</summary>
public enum LiveRaceEndReason
{
    /// <summary>Every optimizer trained all its epochs (or diverged on the way, but not all of them).</summary>
    Completed,

    /// <summary>The caller cancelled.</summary>
    Stopped,

    /// <summary>The wall-clock budget ran out.</summary>
    TimeLimit,

    /// <summary>Every optimizer diverged.</summary>
    AllDiverged,
}

/// <summary>
/// One event of a <see cref="LiveTrainingRace"/>: an optimizer's epoch, its divergence, or the end of the race. Fields that do not
/// apply to the kind are null (or −1 for <see cref="Run"/> on <see cref="LiveRaceEventKind.Done"/>).
/// </summary>
public sealed record LiveRaceEvent
{
    /// <summary>What happened.</summary>
    public required LiveRaceEventKind Kind { get; init; }

    /// <summary>The optimizer's index in <see cref="LiveRaceSettings.Optimizers"/>, or −1 for the end of the race.</summary>
    public int Run { get; init; } = -1;

    /// <summary>Epochs completed by this optimizer (0 is the initial model).</summary>
    public int Epoch { get; init; }

    /// <summary>Optimizer steps taken by this optimizer so far.</summary>
    public long Updates { get; init; }

    /// <summary>The loss on the whole training set after the epoch (not the mean of the batch losses).</summary>
    public double? TrainLoss { get; init; }

    /// <summary>The loss on the validation set after the epoch.</summary>
    public double? ValidationLoss { get; init; }

    /// <summary>The training accuracy (classification only).</summary>
    public double? TrainAccuracy { get; init; }

    /// <summary>The validation accuracy (classification only).</summary>
    public double? ValidationAccuracy { get; init; }

    /// <summary>The first parameter group's learning rate, when the optimizer has one.</summary>
    public double? LearningRate { get; init; }

    /// <summary>The seconds this optimizer has spent training and evaluating so far (its own cost, not the race's clock).</summary>
    public double RunSeconds { get; init; }

    /// <summary>Seconds since the race started (wall clock, pauses included).</summary>
    public double Seconds { get; init; }

    /// <summary>Why the race ended (<see cref="LiveRaceEventKind.Done"/> only).</summary>
    public LiveRaceEndReason? Reason { get; init; }

    /// <summary>A sentence for people: where an optimizer diverged, or how the race ended.</summary>
    public string? Message { get; init; }
}
