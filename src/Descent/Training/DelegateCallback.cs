namespace Descent.Training;

/// <summary>A callback made of delegates, for one-liners: <c>new DelegateCallback { StepEnd = (t, s) => Console.WriteLine(s.Loss) }</c>.</summary>
public sealed class DelegateCallback : ITrainerCallback
{
    /// <summary>Called by <see cref="ITrainerCallback.OnTrainBegin"/>.</summary>
    public Action<Trainer>? TrainBegin { get; init; }

    /// <summary>Called by <see cref="ITrainerCallback.OnEpochBegin"/>.</summary>
    public Action<Trainer, int>? EpochBegin { get; init; }

    /// <summary>Called by <see cref="ITrainerCallback.OnStepEnd"/>.</summary>
    public Action<Trainer, StepMetrics>? StepEnd { get; init; }

    /// <summary>Called by <see cref="ITrainerCallback.OnStepSkipped"/>.</summary>
    public Action<Trainer, DivergenceReport>? StepSkipped { get; init; }

    /// <summary>Called by <see cref="ITrainerCallback.OnEpochEnd"/>.</summary>
    public Action<Trainer, EpochMetrics>? EpochEnd { get; init; }

    /// <summary>Called by <see cref="ITrainerCallback.OnTrainEnd"/>.</summary>
    public Action<Trainer, TrainingResult>? TrainEnd { get; init; }

    void ITrainerCallback.OnTrainBegin(Trainer trainer) => TrainBegin?.Invoke(trainer);

    void ITrainerCallback.OnEpochBegin(Trainer trainer, int epoch) => EpochBegin?.Invoke(trainer, epoch);

    void ITrainerCallback.OnStepEnd(Trainer trainer, StepMetrics step) => StepEnd?.Invoke(trainer, step);

    void ITrainerCallback.OnStepSkipped(Trainer trainer, DivergenceReport report) => StepSkipped?.Invoke(trainer, report);

    void ITrainerCallback.OnEpochEnd(Trainer trainer, EpochMetrics epoch) => EpochEnd?.Invoke(trainer, epoch);

    void ITrainerCallback.OnTrainEnd(Trainer trainer, TrainingResult result) => TrainEnd?.Invoke(trainer, result);
}
