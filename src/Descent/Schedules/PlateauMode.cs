namespace Descent.Schedules;

/// <summary>Whether the metric watched by <see cref="ReduceLrOnPlateau"/> should go down (a loss) or up (an accuracy).</summary>
public enum PlateauMode
{
    /// <summary>Lower is better.</summary>
    Min,

    /// <summary>Higher is better.</summary>
    Max,
}
