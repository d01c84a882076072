namespace Descent.Plotting;

/// <summary>
/// Text size estimates for layout. SVG text is drawn by the viewer's fonts, which are not known here, so SVG layouts use a
/// typical sans-serif face's advance widths (Helvetica's, widened 14%, or 26% for bold, to cover wider faces such as DejaVu Sans). PNG layouts
/// use the bitmap font's exact width at the pixel scale being rendered. A layout for both (a canvas the caller renders
/// either way) takes the larger.
/// </summary>
internal static class TextMetrics
{
    /// <summary>Helvetica advance widths in 1/1000 em for ASCII 32–126.</summary>
    private static readonly short[] Widths =
    [
        278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // space ! " # $ % & ' ( ) * + , - . /
        556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, // 0-9 : ; < = > ?
        1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, // @ A-O
        667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, // P-Z [ \ ] ^ _
        333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, // ` a-o
        556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, // p-z { | } ~
    ];

    /// <summary>Capital height as a fraction of the font size.</summary>
    public const double CapHeight = 0.72;

    /// <summary>Descender depth as a fraction of the font size.</summary>
    public const double Descent = 0.22;

    /// <summary>
    /// Estimated width of one line of text. <paramref name="rasterScale"/> is 0 for SVG, the pixel scale for PNG, or NaN
    /// when the layout must suit both.
    /// </summary>
    public static double Width(string text, double size, bool bold = false, double rasterScale = double.NaN)
    {
        double em = 0;
        foreach (char c in text)
        {
            em += c is >= ' ' and <= '~' ? Widths[c - ' '] / 1000.0
                : c is >= '⁰' and <= '₉' || c is '¹' or '²' or '³' ? 0.4
                : 0.6;
        }

        double proportional = em * size * (bold ? 1.26 : 1.14);
        if (rasterScale == 0)
        {
            return proportional;
        }

        if (rasterScale > 0)
        {
            double dot = BitmapFont.DotSize(size * rasterScale);
            return BitmapFont.WidthInDots(text, bold, dot) * dot / rasterScale;
        }

        return Math.Max(proportional, BitmapFont.WidthInDots(text, bold) * BitmapFont.DotPerEm * size * 1.1);
    }

    /// <summary>Distance from the anchor point to the alphabetic baseline, along the text's vertical, for a baseline mode.</summary>
    public static double BaselineShift(TextBaseline baseline, double size) => baseline switch
    {
        TextBaseline.Middle => CapHeight * size / 2,
        TextBaseline.Top => CapHeight * size,
        TextBaseline.Bottom => -Descent * size,
        _ => 0,
    };

    /// <summary>Horizontal offset from the anchor point to the start of the text.</summary>
    public static double AnchorShift(TextAnchor anchor, double width) => anchor switch
    {
        TextAnchor.Middle => -width / 2,
        TextAnchor.End => -width,
        _ => 0,
    };
}
