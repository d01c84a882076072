using System.Globalization;
using System.Text;

namespace Descent.Plotting;

/// <summary>Compact, culture-invariant number labels for axes, colour bars and tables.</summary>
internal static class NumberFormat
{
    /// <summary>The typographic minus sign (U+2212), which lines up with plus and digits better than a hyphen.</summary>
    public const char Minus = '\u2212';

    private const string SuperDigits = "⁰¹²³⁴⁵⁶⁷⁸⁹";

    /// <summary>
    /// Labels for linear ticks spaced <paramref name="step"/> apart: fixed decimals shared by the whole axis (0.0, 0.2, …, 1.0),
    /// or <c>2e-05</c> style when the values are very large or very small.
    /// </summary>
    public static string[] LinearLabels(IReadOnlyList<double> ticks, double step)
    {
        double maxAbs = ticks.Count == 0 ? 0 : ticks.Max(Math.Abs);
        int stepExp = (int)Math.Floor(Math.Log10(step) + 1e-9);
        bool scientific = maxAbs >= 1e6 || (maxAbs > 0 && maxAbs < 1e-3);
        var labels = new string[ticks.Count];
        for (int i = 0; i < ticks.Count; i++)
        {
            double v = ticks[i];
            if (Math.Abs(v) < step * 1e-9)
            {
                labels[i] = "0";
                continue;
            }

            if (scientific)
            {
                int e = (int)Math.Floor(Math.Log10(Math.Abs(v)) + 1e-9);
                labels[i] = Scientific(v, Math.Max(0, e - stepExp));
            }
            else
            {
                int decimals = Math.Max(0, -stepExp);
                labels[i] = WithMinus(v.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
            }
        }

        // A zero among decimals reads better with the same decimals (0.0 next to 0.5).
        int shared = scientific ? 0 : Math.Max(0, -stepExp);
        if (shared > 0)
        {
            for (int i = 0; i < labels.Length; i++)
            {
                if (labels[i] == "0")
                {
                    labels[i] = 0.0.ToString("F" + shared.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
                }
            }
        }

        return labels;
    }

    /// <summary>
    /// A short label with about <paramref name="significant"/> significant digits: 0.0316, 316, 3160, 1.23e+06, 2e-05.
    /// </summary>
    public static string Compact(double v, int significant = 3)
    {
        if (double.IsNaN(v))
        {
            return "NaN";
        }

        if (double.IsInfinity(v))
        {
            return v > 0 ? "∞" : Minus + "∞";
        }

        if (v == 0)
        {
            return "0";
        }

        double a = Math.Abs(v);
        int e = (int)Math.Floor(Math.Log10(a));
        double rounded = Math.Round(a / Math.Pow(10, e - significant + 1)) * Math.Pow(10, e - significant + 1);
        if (rounded >= Math.Pow(10, e + 1))
        {
            e++;
        }

        if (a >= 1e5 || a < 1e-3)
        {
            return Scientific(v, significant - 1);
        }

        int decimals = Math.Max(0, significant - 1 - e);
        double unit = Math.Pow(10, e - significant + 1);
        double r = decimals > 0 ? Math.Round(v, decimals) : Math.Round(v / unit) * unit;
        var s = r.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        if (s.Contains('.'))
        {
            s = s.TrimEnd('0').TrimEnd('.');
        }

        return WithMinus(s);
    }

    /// <summary><c>m.mmme±XX</c> with trailing zeros of the mantissa removed (2.50e-05 → 2.5e-05).</summary>
    public static string Scientific(double v, int decimals)
    {
        var s = v.ToString("E" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        int ei = s.IndexOf('E');
        var mant = s[..ei];
        if (mant.Contains('.'))
        {
            mant = mant.TrimEnd('0').TrimEnd('.');
        }

        int exp = int.Parse(s[(ei + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var expText = Math.Abs(exp).ToString("00", CultureInfo.InvariantCulture);
        return WithMinus(mant) + "e" + (exp < 0 ? "-" : "+") + expText;
    }

    /// <summary>A power of ten for log axes: 10⁻⁶, 10⁰, 10³.</summary>
    public static string Decade(int exponent) => "10" + Superscript(exponent);

    /// <summary>An integer in Unicode superscript digits (with a superscript minus).</summary>
    public static string Superscript(int n)
    {
        var sb = new StringBuilder();
        if (n < 0)
        {
            sb.Append('⁻');
        }

        foreach (char c in Math.Abs((long)n).ToString(CultureInfo.InvariantCulture))
        {
            sb.Append(SuperDigits[c - '0']);
        }

        return sb.ToString();
    }

    private static string WithMinus(string s) => s.StartsWith('-') ? Minus + s[1..] : s;
}
