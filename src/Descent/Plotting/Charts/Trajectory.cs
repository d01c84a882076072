namespace Descent.Plotting;

/// <summary>An optimizer's path drawn over a <see cref="ContourPlot"/>: a line through its iterates, a hollow circle at the start,
/// an arrowhead showing the direction of travel, and a filled square at the end.</summary>
public sealed class Trajectory
{
    private double _lineWidth = 1.8;

    internal Trajectory(string name, double[] x, double[] y)
    {
        Name = name;
        XValues = x;
        YValues = y;
    }

    /// <summary>The name shown in the legend.</summary>
    public string Name { get; }

    /// <summary>The iterates' x coordinates (a copy).</summary>
    public IReadOnlyList<double> X => XValues;

    /// <summary>The iterates' y coordinates (a copy).</summary>
    public IReadOnlyList<double> Y => YValues;

    /// <summary>The path colour, or <see langword="null"/> for the next palette colour.</summary>
    public Color? Color { get; set; }

    /// <summary>Small dots at the iterates (skipping those closer than a dot to the previous one); on by default.</summary>
    public bool ShowPoints { get; set; } = true;

    /// <summary>Line width in canvas units; 1.8 by default.</summary>
    public double LineWidth
    {
        get => _lineWidth;
        set => _lineWidth = value is > 0 and <= 20 ? value : throw new ArgumentOutOfRangeException(nameof(LineWidth), value, "Trajectory line width must be in (0, 20].");
    }

    internal double[] XValues { get; }

    internal double[] YValues { get; }
}
