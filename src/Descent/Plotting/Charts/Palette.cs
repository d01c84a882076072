namespace Descent.Plotting;

/// <summary>
/// Series colours from the Okabe–Ito palette (Okabe &amp; Ito, "Color Universal Design", 2008), distinguishable with the
/// common forms of colour-vision deficiency. The order puts the most distinct, highest-contrast colours first.
/// </summary>
public static class Palette
{
    /// <summary>Blue (#0072b2).</summary>
    public static Color Blue => new(0x00, 0x72, 0xB2);

    /// <summary>Vermillion (#d55e00).</summary>
    public static Color Vermillion => new(0xD5, 0x5E, 0x00);

    /// <summary>Bluish green (#009e73).</summary>
    public static Color BluishGreen => new(0x00, 0x9E, 0x73);

    /// <summary>Reddish purple (#cc79a7).</summary>
    public static Color ReddishPurple => new(0xCC, 0x79, 0xA7);

    /// <summary>Orange (#e69f00).</summary>
    public static Color Orange => new(0xE6, 0x9F, 0x00);

    /// <summary>Sky blue (#56b4e9).</summary>
    public static Color SkyBlue => new(0x56, 0xB4, 0xE9);

    /// <summary>Yellow (#f0e442); low contrast on white, so it comes last.</summary>
    public static Color Yellow => new(0xF0, 0xE4, 0x42);

    /// <summary>Black (#000000).</summary>
    public static Color Black => new(0x00, 0x00, 0x00);

    /// <summary>The series colours in the order charts use them.</summary>
    public static IReadOnlyList<Color> Series { get; } = [Blue, Vermillion, BluishGreen, ReddishPurple, Orange, SkyBlue, Black, Yellow];

    /// <summary>The colour for the <paramref name="index"/>-th series (cycling after eight).</summary>
    public static Color ForSeries(int index) => Series[((index % Series.Count) + Series.Count) % Series.Count];
}
