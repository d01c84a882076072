using Descent.Optim;

namespace Descent.Schedules;

/// <summary>A <see cref="Scheduler"/> stepped after every optimizer step: schedule step <c>k</c> is the rate of update <c>k + 1</c>.</summary>
public sealed class StepScheduler : Scheduler
{
    /// <summary>Creates the scheduler, records the base values and writes the step-0 values.</summary>
    /// <param name="host">The optimizer whose parameter groups are scheduled.</param>
    /// <param name="schedule">The schedule.</param>
    /// <param name="hyperparameter">The hyperparameter to schedule (default <c>lr</c>).</param>
    /// <param name="stateKey">Key of this scheduler in the host's state (default <c>scheduler</c>, or <c>scheduler.NAME</c>).</param>
    /// <exception cref="ArgumentException">A group lacks the hyperparameter, or the momentum cycle has nowhere to go.</exception>
    public StepScheduler(IHyperparameterHost host, Schedule schedule, string hyperparameter = "lr", string? stateKey = null)
        : base(host, schedule, hyperparameter, stateKey)
    {
    }

    /// <inheritdoc/>
    public override SchedulePer Per => SchedulePer.Step;
}
