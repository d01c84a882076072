namespace Descent.Plotting;

/// <summary>"Nice" tick positions: 1-2-5 steps on linear axes, decades on logarithmic ones.</summary>
public static class Ticks
{
    /// <summary>
    /// The smallest step of the form {1, 2, 5} × 10^k that splits <paramref name="span"/> into at most
    /// <paramref name="intervals"/> intervals.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The span is not positive and finite, or intervals &lt; 1.</exception>
    public static double NiceStep(double span, int intervals = 5)
    {
        if (!(span > 0) || !double.IsFinite(span))
        {
            throw new ArgumentOutOfRangeException(nameof(span), span, "Tick span must be positive and finite.");
        }

        if (intervals < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(intervals), intervals, "Need at least one tick interval.");
        }

        double raw = span / intervals;
        int e = (int)Math.Floor(Math.Log10(raw));
        double m = raw / Math.Pow(10, e);
        foreach (double nice in (ReadOnlySpan<double>)[1, 2, 5, 10])
        {
            if (nice >= m * (1 - 1e-9))
            {
                return Decimal(nice, e);
            }
        }

        return Decimal(10, e);
    }

    /// <summary>
    /// Ticks at multiples of a nice step that cover [<paramref name="min"/>, <paramref name="max"/>]: the first is at or
    /// below <paramref name="min"/> and the last at or above <paramref name="max"/> (0..97 gives 0, 20, …, 100).
    /// </summary>
    public static double[] Linear(double min, double max, int intervals = 5)
    {
        CheckRange(min, max);
        if (min == max)
        {
            return [min];
        }

        double step = NiceStep(max - min, intervals);
        long k0 = (long)Math.Floor((min / step) + 1e-9), k1 = (long)Math.Ceiling((max / step) - 1e-9);
        return Multiples(k0, k1, step);
    }

    /// <summary>The multiples of <paramref name="step"/> inside [<paramref name="min"/>, <paramref name="max"/>] (with a tiny tolerance).</summary>
    public static double[] Within(double min, double max, double step)
    {
        CheckRange(min, max);
        double tol = (max - min) * 1e-9;
        long k0 = (long)Math.Ceiling((min - tol) / step), k1 = (long)Math.Floor((max + tol) / step);
        return Multiples(k0, k1, step);
    }

    /// <summary>Powers of ten covering [<paramref name="min"/>, <paramref name="max"/>] (1e-6..1 gives 1e-6, 1e-5, …, 1).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The range is not positive.</exception>
    public static double[] LogDecades(double min, double max)
    {
        CheckRange(min, max);
        if (!(min > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(min), min, "A logarithmic axis needs positive values.");
        }

        int e0 = (int)Math.Floor(Math.Log10(min) + 1e-9), e1 = (int)Math.Ceiling(Math.Log10(max) - 1e-9);
        var r = new double[e1 - e0 + 1];
        for (int e = e0; e <= e1; e++)
        {
            r[e - e0] = Pow10(e);
        }

        return r;
    }

    /// <summary>10^e as the double nearest the decimal value (1e-3 is the double nearest 0.001).</summary>
    internal static double Pow10(int e) => Decimal(1, e);

    /// <summary>m × 10^e computed so the result is the double nearest the decimal number.</summary>
    internal static double Decimal(double m, int e) => e >= 0 ? m * Math.Pow(10, e) : m / Math.Pow(10, -e);

    private static double[] Multiples(long k0, long k1, double step)
    {
        if (k1 < k0)
        {
            return [];
        }

        if (k1 - k0 > 10_000)
        {
            throw new ArgumentOutOfRangeException(nameof(step), step, "Too many ticks for the range; the step is too small.");
        }

        int e = (int)Math.Floor(Math.Log10(step) + 1e-9);
        double m = Math.Round(step / Math.Pow(10, e), 6);
        var r = new double[k1 - k0 + 1];
        for (long k = k0; k <= k1; k++)
        {
            // (k·m)/10^|e| rounds once, so 3 × 0.1 gives 0.3, not 0.30000000000000004.
            double v = Decimal(k * m, e);
            r[k - k0] = v == 0 ? 0 : v;
        }

        return r;
    }

    private static void CheckRange(double min, double max)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max) || max < min)
        {
            throw new ArgumentOutOfRangeException(nameof(max), $"Tick range [{min}, {max}] must be finite with min <= max.");
        }
    }
}
