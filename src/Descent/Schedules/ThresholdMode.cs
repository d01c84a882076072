namespace Descent.Schedules;

/// <summary>How <see cref="ReduceLrOnPlateau"/> decides that a metric improved on the best value so far.</summary>
public enum ThresholdMode
{
    /// <summary>Relative: better than <c>best · (1 ∓ threshold)</c> (misbehaves for a negative best, as in PyTorch).</summary>
    Rel,

    /// <summary>Absolute: better than <c>best ∓ threshold</c>.</summary>
    Abs,
}
