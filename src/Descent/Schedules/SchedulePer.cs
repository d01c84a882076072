namespace Descent.Schedules;

/// <summary>What one scheduler step stands for: one optimizer step (a batch) or one epoch.</summary>
public enum SchedulePer
{
    /// <summary>The scheduler is stepped after every optimizer step (one-cycle, cyclic, warmup in steps).</summary>
    Step,

    /// <summary>The scheduler is stepped once per epoch (PyTorch's examples for step, multistep, cosine, plateau).</summary>
    Epoch,
}
