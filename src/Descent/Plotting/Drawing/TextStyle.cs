namespace Descent.Plotting;

/// <summary>Where a text's anchor point sits horizontally.</summary>
public enum TextAnchor
{
    /// <summary>The anchor is at the start (left) of the text.</summary>
    Start,

    /// <summary>The anchor is at the horizontal centre.</summary>
    Middle,

    /// <summary>The anchor is at the end (right) of the text.</summary>
    End,
}

/// <summary>Where a text's anchor point sits vertically.</summary>
public enum TextBaseline
{
    /// <summary>The anchor is on the alphabetic baseline.</summary>
    Alphabetic,

    /// <summary>The anchor is at the middle of the capital letters.</summary>
    Middle,

    /// <summary>The anchor is at the top of the capital letters.</summary>
    Top,

    /// <summary>The anchor is at the bottom of the descenders.</summary>
    Bottom,
}

/// <summary>How a text is drawn.</summary>
/// <param name="Size">Font size (em) in canvas units.</param>
/// <param name="Color">Text colour.</param>
/// <param name="Anchor">Horizontal placement relative to the anchor point.</param>
/// <param name="Baseline">Vertical placement relative to the anchor point.</param>
/// <param name="Bold">Bold weight.</param>
/// <param name="Rotation">Rotation in degrees about the anchor point, clockwise (SVG convention); −90 reads bottom to top.</param>
/// <param name="Halo">A colour drawn around the glyphs (e.g. white) so the text stays readable over data, or <see langword="null"/>.</param>
/// <param name="Italic">Italic style (SVG only; the PNG font has no italic).</param>
public sealed record TextStyle(
    double Size,
    Color Color,
    TextAnchor Anchor = TextAnchor.Start,
    TextBaseline Baseline = TextBaseline.Alphabetic,
    bool Bold = false,
    double Rotation = 0,
    Color? Halo = null,
    bool Italic = false);
