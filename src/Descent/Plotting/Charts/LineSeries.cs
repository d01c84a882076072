namespace Descent.Plotting;

/// <summary>How a series connects its points.</summary>
public enum StepMode
{
    /// <summary>Straight lines between points.</summary>
    None,

    /// <summary>
    /// A staircase that holds each value until the next x (matplotlib's <c>steps-post</c>): the right look for learning-rate
    /// schedules, where the rate set at step t applies until step t + 1.
    /// </summary>
    Post,

    /// <summary>A staircase that jumps to each value at the previous x (<c>steps-pre</c>).</summary>
    Pre,

    /// <summary>A staircase that changes halfway between points (<c>steps-mid</c>).</summary>
    Mid,
}

/// <summary>One named line of a <see cref="LineChart"/>; change its look through the properties.</summary>
public sealed class LineSeries
{
    private double _lineWidth = 1.8;
    private double _markerSize = 6;
    private int _markerEvery;

    internal LineSeries(string name, double[] x, double[] y)
    {
        Name = name;
        XValues = x;
        YValues = y;
    }

    /// <summary>The name shown in the legend.</summary>
    public string Name { get; }

    /// <summary>The x values (a copy of what was passed in).</summary>
    public IReadOnlyList<double> X => XValues;

    /// <summary>The y values (a copy of what was passed in).</summary>
    public IReadOnlyList<double> Y => YValues;

    /// <summary>The line colour, or <see langword="null"/> for the next palette colour.</summary>
    public Color? Color { get; set; }

    /// <summary>Line width in canvas units; 1.8 by default. 0 draws markers only.</summary>
    public double LineWidth
    {
        get => _lineWidth;
        set => _lineWidth = value is >= 0 and <= 50 ? value : throw new ArgumentOutOfRangeException(nameof(LineWidth), value, "Line width must be between 0 and 50.");
    }

    /// <summary>Draws the line dashed.</summary>
    public bool Dashed { get; set; }

    /// <summary>A marker at data points, or <see langword="null"/> for none.</summary>
    public MarkerShape? Marker { get; set; }

    /// <summary>Marker width in canvas units; 6 by default.</summary>
    public double MarkerSize
    {
        get => _markerSize;
        set => _markerSize = value is > 0 and <= 100 ? value : throw new ArgumentOutOfRangeException(nameof(MarkerSize), value, "Marker size must be in (0, 100].");
    }

    /// <summary>Mark every n-th point; 0 (default) marks about 30 evenly spaced points of long series and every point of short ones.</summary>
    public int MarkerEvery
    {
        get => _markerEvery;
        set => _markerEvery = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(MarkerEvery), value, "MarkerEvery must be 0 (automatic) or positive.");
    }

    /// <summary>Staircase interpolation; <see cref="StepMode.None"/> by default.</summary>
    public StepMode Step { get; set; }

    /// <summary>Whether the series has a legend entry; on by default.</summary>
    public bool ShowInLegend { get; set; } = true;

    internal double[] XValues { get; }

    internal double[] YValues { get; }
}
