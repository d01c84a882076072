using System.Globalization;

namespace Descent.Demo;

/// <summary>Number formatting for report tables and terminal summaries: invariant culture always.</summary>
internal static class DemoText
{
    /// <summary>Shortest round-trip text, as Python's <c>repr</c> prints a float.</summary>
    public static string R(double v) => v.ToString("R", CultureInfo.InvariantCulture).Replace("E", "e", StringComparison.Ordinal);

    /// <summary>At most <paramref name="digits"/> significant digits (<c>0.6974</c>, <c>1.2e-05</c>).</summary>
    public static string G(double v, int digits = 4)
    {
        if (double.IsNaN(v))
        {
            return "NaN";
        }

        if (double.IsInfinity(v))
        {
            return v > 0 ? "inf" : "-inf";
        }

        if (v == 0)
        {
            // Negative zero (−η·0) would print as "-0".
            return "0";
        }

        var s = v.ToString("G" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

        // "1.2E-05" → "1.2e-05", the way Python and the CSV files write it.
        return s.Replace("E", "e", StringComparison.Ordinal);
    }

    /// <summary>A whole number.</summary>
    public static string I(long v) => v.ToString(CultureInfo.InvariantCulture);

    /// <summary>A fraction as a percentage with <paramref name="decimals"/> decimals (<c>97.25%</c>).</summary>
    public static string Percent(double fraction, int decimals = 1) =>
        (fraction * 100).ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) + "%";

    /// <summary>A fixed number of decimals.</summary>
    public static string F(double v, int decimals) => v.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    /// <summary>Milliseconds with one decimal below 10 ms and none above.</summary>
    public static string Ms(TimeSpan t) => t.TotalMilliseconds < 10 ? F(t.TotalMilliseconds, 1) : F(t.TotalMilliseconds, 0);

    /// <summary>A point such as <c>(0.5, -1.25)</c>.</summary>
    public static string Point(IReadOnlyList<double> p, int digits = 4) => "(" + string.Join(", ", p.Select(v => G(v, digits))) + ")";
}
