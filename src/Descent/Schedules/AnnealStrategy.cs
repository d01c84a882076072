namespace Descent.Schedules;

/// <summary>How <see cref="OneCycleSchedule"/> moves between two values within a phase (PyTorch's <c>anneal_strategy</c>).</summary>
public enum AnnealStrategy
{
    /// <summary>Cosine: <c>end + (start − end)/2 · (cos(π·pct) + 1)</c>.</summary>
    Cos,

    /// <summary>Linear: <c>(end − start)·pct + start</c>.</summary>
    Linear,
}
