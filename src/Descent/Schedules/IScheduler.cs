using Descent.Optim;

namespace Descent.Schedules;

/// <summary>
/// Something a training loop steps to change an optimizer's hyperparameters: a <see cref="Scheduler"/> driven by a step count or a
/// <see cref="ReduceLrOnPlateau"/> driven by a metric. Its state travels in the optimizer's state dict.
/// </summary>
public interface IScheduler : IStateComponent
{
    /// <summary>Whether one <see cref="Step()"/> stands for an optimizer step or an epoch.</summary>
    SchedulePer Per { get; }

    /// <summary>Number of steps taken since construction (PyTorch's <c>last_epoch</c>).</summary>
    long StepCount { get; }

    /// <summary>Whether <see cref="Step(double)"/> must be used (the scheduler reacts to a metric).</summary>
    bool NeedsMetric { get; }

    /// <summary>Advances one step.</summary>
    /// <exception cref="InvalidOperationException">The scheduler needs a metric.</exception>
    void Step();

    /// <summary>Advances one step, given the latest value of the monitored metric (ignored by step-driven schedulers).</summary>
    void Step(double metric);
}
