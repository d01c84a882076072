using System.Globalization;

namespace Descent.Plotting;

/// <summary>An sRGB colour with 8-bit channels and straight (not premultiplied) alpha.</summary>
/// <param name="R">Red, 0–255.</param>
/// <param name="G">Green, 0–255.</param>
/// <param name="B">Blue, 0–255.</param>
/// <param name="A">Opacity, 0 (transparent) to 255 (opaque).</param>
public readonly record struct Color(byte R, byte G, byte B, byte A = 255)
{
    /// <summary>Opaque black.</summary>
    public static Color Black => new(0, 0, 0);

    /// <summary>Opaque white.</summary>
    public static Color White => new(255, 255, 255);

    /// <summary>Fully transparent black.</summary>
    public static Color Transparent => new(0, 0, 0, 0);

    /// <summary>The opacity as a fraction in [0, 1].</summary>
    public double Opacity => A / 255.0;

    /// <summary>Parses <c>#rgb</c>, <c>#rrggbb</c> or <c>#rrggbbaa</c> (the <c>#</c> is optional).</summary>
    /// <exception cref="ArgumentException">The text is not a hexadecimal colour.</exception>
    public static Color FromHex(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        var s = hex.StartsWith('#') ? hex[1..] : hex;
        if (s.Length == 3)
        {
            s = string.Concat(s[0], s[0], s[1], s[1], s[2], s[2]);
        }

        if ((s.Length != 6 && s.Length != 8) || !uint.TryParse(s, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out uint v))
        {
            throw new ArgumentException($"Colour '{hex}' is not hexadecimal; use #rgb, #rrggbb or #rrggbbaa, e.g. #0072b2.", nameof(hex));
        }

        return s.Length == 6
            ? new Color((byte)(v >> 16), (byte)(v >> 8), (byte)v)
            : new Color((byte)(v >> 24), (byte)(v >> 16), (byte)(v >> 8), (byte)v);
    }

    /// <summary>The same colour with its opacity set to <paramref name="opacity"/> (clamped to [0, 1]).</summary>
    public Color WithOpacity(double opacity) => this with { A = ToByte(opacity * 255) };

    /// <summary>Linear interpolation in sRGB between <paramref name="a"/> (t = 0) and <paramref name="b"/> (t = 1).</summary>
    public static Color Lerp(Color a, Color b, double t)
    {
        t = Math.Clamp(t, 0, 1);
        return new Color(
            ToByte(a.R + ((b.R - a.R) * t)),
            ToByte(a.G + ((b.G - a.G) * t)),
            ToByte(a.B + ((b.B - a.B) * t)),
            ToByte(a.A + ((b.A - a.A) * t)));
    }

    /// <summary>This colour mixed with white by <paramref name="amount"/> (0 keeps it, 1 gives white); opacity is kept.</summary>
    public Color Lighten(double amount) => Lerp(this, White with { A = A }, amount);

    /// <summary>Relative luminance (WCAG definition), used to pick a readable text colour on a coloured background.</summary>
    public double Luminance
    {
        get
        {
            static double Lin(byte c)
            {
                double v = c / 255.0;
                return v <= 0.04045 ? v / 12.92 : Math.Pow((v + 0.055) / 1.055, 2.4);
            }

            return (0.2126 * Lin(R)) + (0.7152 * Lin(G)) + (0.0722 * Lin(B));
        }
    }

    /// <summary>The colour as <c>#rrggbb</c> (opacity is written separately in SVG, so it is not included).</summary>
    public string ToHex() => string.Create(CultureInfo.InvariantCulture, $"#{R:x2}{G:x2}{B:x2}");

    /// <summary>Returns <c>#rrggbb</c>, or <c>#rrggbbaa</c> when the colour is not opaque.</summary>
    public override string ToString() => A == 255 ? ToHex() : string.Create(CultureInfo.InvariantCulture, $"#{R:x2}{G:x2}{B:x2}{A:x2}");

    internal static byte ToByte(double v) => (byte)Math.Clamp(Math.Round(v), 0, 255);
}
