namespace Descent.Training;

/// <summary>
/// Hooks into <see cref="Trainer.Fit"/> (Keras' <c>Callback</c>, Lightning's hooks). Every method has an empty default, so a
/// callback implements only what it needs. Callbacks run on the training thread, in the order they were added, at these points:
/// <code>
/// OnTrainBegin
///   OnEpochBegin(1)
///     OnStepEnd | OnStepSkipped   (after every optimizer step, per-step schedule included)
///   OnEpochEnd(1)                 (after validation, epoch schedule, early stopping; before the checkpoint)
///   …
/// OnTrainEnd                      (always, also after a divergence or a cancellation)
/// </code>
/// A callback may call <see cref="Trainer.RequestStop"/>; the run then stops after the current step.
/// </summary>
public interface ITrainerCallback
{
    /// <summary>Training starts (or resumes).</summary>
    void OnTrainBegin(Trainer trainer)
    {
    }

    /// <summary>An epoch starts; <paramref name="epoch"/> counts from 1 (a resumed partial epoch starts again here).</summary>
    void OnEpochBegin(Trainer trainer, int epoch)
    {
    }

    /// <summary>An optimizer step was applied.</summary>
    void OnStepEnd(Trainer trainer, StepMetrics step)
    {
    }

    /// <summary>A step was skipped because its loss or gradient was not finite (<see cref="DivergencePolicy.Skip"/>).</summary>
    void OnStepSkipped(Trainer trainer, DivergenceReport report)
    {
    }

    /// <summary>An epoch ended and was evaluated.</summary>
    void OnEpochEnd(Trainer trainer, EpochMetrics epoch)
    {
    }

    /// <summary>Training ended, for whatever reason.</summary>
    void OnTrainEnd(Trainer trainer, TrainingResult result)
    {
    }
}
