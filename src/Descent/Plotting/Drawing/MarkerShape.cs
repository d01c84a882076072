namespace Descent.Plotting;

/// <summary>Symbols for marking points.</summary>
public enum MarkerShape
{
    /// <summary>A filled circle.</summary>
    Circle,

    /// <summary>A filled square.</summary>
    Square,

    /// <summary>A filled diamond (square rotated 45°).</summary>
    Diamond,

    /// <summary>A filled triangle pointing up.</summary>
    TriangleUp,

    /// <summary>A filled triangle pointing down.</summary>
    TriangleDown,

    /// <summary>A diagonal cross (×), drawn with the stroke colour.</summary>
    Cross,

    /// <summary>An upright cross (+), drawn with the stroke colour.</summary>
    Plus,

    /// <summary>A filled five-pointed star, the usual mark for a minimum.</summary>
    Star,
}
