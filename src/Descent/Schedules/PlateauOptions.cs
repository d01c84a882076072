namespace Descent.Schedules;

/// <summary>Settings of <see cref="ReduceLrOnPlateau"/>; defaults are PyTorch's.</summary>
public sealed record PlateauOptions
{
    /// <summary>Whether the metric should decrease (<see cref="PlateauMode.Min"/>) or increase.</summary>
    public PlateauMode Mode { get; init; } = PlateauMode.Min;

    /// <summary>Multiplier applied on a plateau: <c>new = max(old · factor, min_lr)</c>; in [0, 1).</summary>
    public double Factor { get; init; } = 0.1;

    /// <summary>Number of bad steps tolerated; the value is reduced on the next one.</summary>
    public int Patience { get; init; } = 10;

    /// <summary>Smallest improvement that counts, relative or absolute per <see cref="ThresholdMode"/>.</summary>
    public double Threshold { get; init; } = 1e-4;

    /// <summary>Whether <see cref="Threshold"/> is relative or absolute.</summary>
    public ThresholdMode ThresholdMode { get; init; } = ThresholdMode.Rel;

    /// <summary>Steps to wait after a reduction before counting bad steps again.</summary>
    public int Cooldown { get; init; }

    /// <summary>Lower bound of the value in every group (ignored when <see cref="MinLrs"/> is set).</summary>
    public double MinLr { get; init; }

    /// <summary>Lower bound per parameter group, or null to use <see cref="MinLr"/> for all.</summary>
    public IReadOnlyList<double>? MinLrs { get; init; }

    /// <summary>A reduction smaller than this is skipped.</summary>
    public double Eps { get; init; } = 1e-8;

    /// <summary>The hyperparameter to reduce (default <c>lr</c>).</summary>
    public string Hyperparameter { get; init; } = "lr";

    /// <summary>What one step stands for (default <see cref="SchedulePer.Epoch"/>: one validation per epoch).</summary>
    public SchedulePer Per { get; init; } = SchedulePer.Epoch;
}
