namespace Descent.Plotting;

/// <summary>A data range mapped onto a pixel range, linear or logarithmic (base 10).</summary>
internal sealed class Axis
{
    public Axis(double min, double max, bool log)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max) || !(max > min))
        {
            throw new ArgumentOutOfRangeException(nameof(max), $"Axis range [{min}, {max}] must be finite with min < max.");
        }

        if (log && !(min > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(min), min, $"A logarithmic axis needs a positive range, got [{min}, {max}].");
        }

        Min = min;
        Max = max;
        Log = log;
    }

    public double Min { get; }

    public double Max { get; }

    public bool Log { get; }

    /// <summary>Pixel position of <see cref="Min"/>.</summary>
    public double P0 { get; set; }

    /// <summary>Pixel position of <see cref="Max"/>.</summary>
    public double P1 { get; set; } = 1;

    public double PixelLength => Math.Abs(P1 - P0);

    public double Map(double v)
    {
        double t0 = T(Min), t1 = T(Max);
        return P0 + ((T(v) - t0) / (t1 - t0) * (P1 - P0));
    }

    /// <summary>Whether a value can be placed on this axis (finite, and positive on a log axis).</summary>
    public bool Accepts(double v) => double.IsFinite(v) && (!Log || v > 0);

    /// <summary>Maps a value that may lie far outside the axis, clamping the pixel so renderers never see huge numbers.</summary>
    public double MapClamped(double v)
    {
        double p = Map(v);
        double lim = 4 * Math.Max(Math.Abs(P0), Math.Abs(P1)) + 10_000;
        return Math.Clamp(p, -lim, lim);
    }

    /// <summary>
    /// An automatic range for data in [<paramref name="lo"/>, <paramref name="hi"/>]: padded by the given fractions of the span
    /// (in log space on a log axis), then widened to the next nice tick when that adds at most 5% of the span.
    /// </summary>
    public static (double Min, double Max) AutoRange(double lo, double hi, bool log, double padLow, double padHigh, bool nice = true)
    {
        if (!double.IsFinite(lo) || !double.IsFinite(hi))
        {
            return log ? (1, 10) : (0, 1);
        }

        if (log)
        {
            var (a, b) = AutoLinear(Math.Log10(lo), Math.Log10(hi), padLow, padHigh, decadeStep: true, nice);
            return (Math.Pow(10, a), Math.Pow(10, b));
        }

        return AutoLinear(lo, hi, padLow, padHigh, decadeStep: false, nice);
    }

    private static (double, double) AutoLinear(double lo, double hi, double padLow, double padHigh, bool decadeStep, bool nice)
    {
        if (hi - lo <= Math.Abs(hi) * 1e-12)
        {
            double half = decadeStep ? 0.5 : Math.Max(Math.Abs(hi) * 0.1, 1e-9 + (hi == 0 ? 1 : 0));
            return (lo - half, hi + half);
        }

        double span = hi - lo;
        double a = lo - (padLow * span), b = hi + (padHigh * span);
        if (!nice)
        {
            return (a, b);
        }

        double step = decadeStep ? 1 : Ticks.NiceStep(b - a, 5);
        double na = Math.Floor((a / step) + 1e-9) * step, nb = Math.Ceiling((b / step) - 1e-9) * step;
        if (a - na <= 0.05 * span)
        {
            a = na;
        }

        if (nb - b <= 0.05 * span)
        {
            b = nb;
        }

        return (a, b);
    }

    private double T(double v) => Log ? Math.Log10(v) : v;
}

/// <summary>Tick positions and labels for one axis.</summary>
/// <param name="Major">Labelled tick positions (data units).</param>
/// <param name="Labels">One label per major tick.</param>
/// <param name="Minor">Unlabelled tick positions.</param>
/// <param name="Rotated">Labels are drawn slanted because they would overlap upright (category names).</param>
internal sealed record TickSet(double[] Major, string[] Labels, double[] Minor, bool Rotated = false);

/// <summary>Chooses ticks for an axis so that about one label per <c>spacing</c> pixels fits without overlapping.</summary>
internal static class TickPlanner
{
    /// <param name="axis">The axis, with pixel positions set.</param>
    /// <param name="spacing">Preferred pixels between labelled ticks.</param>
    /// <param name="extent">Space a label needs along the axis (width on x, height on y).</param>
    public static TickSet Plan(Axis axis, double spacing, Func<string, double> extent)
    {
        return axis.Log ? PlanLog(axis, spacing, extent) : PlanLinear(axis, spacing, extent);
    }

    private static TickSet PlanLinear(Axis axis, double spacing, Func<string, double> extent)
    {
        double len = Math.Max(1, axis.PixelLength), span = axis.Max - axis.Min;
        int target = Math.Clamp((int)Math.Round(len / spacing), 2, 10);
        int wanted = len >= 150 ? 3 : 2;

        // Fewer intervals first (down from the target), then more if a coarse step leaves too few ticks inside the range.
        var order = Enumerable.Range(1, target).Reverse().Concat(Enumerable.Range(target + 1, 20));
        TickSet? fallback = null;
        foreach (int intervals in order)
        {
            double step = Ticks.NiceStep(span, intervals);
            var major = Ticks.Within(axis.Min, axis.Max, step);
            if (major.Length < 2)
            {
                continue;
            }

            var labels = NumberFormat.LinearLabels(major, step);
            var set = new TickSet(major, labels, []);
            double gap = step / span * len;
            bool fits = labels.Max(l => extent(l)) + 8 <= gap;
            if (fits && major.Length >= wanted)
            {
                return set;
            }

            if (fits)
            {
                fallback ??= set;
            }
        }

        return fallback ?? new TickSet([axis.Min, axis.Max], NumberFormat.LinearLabels([axis.Min, axis.Max], axis.Max - axis.Min), []);
    }

    private static TickSet PlanLog(Axis axis, double spacing, Func<string, double> extent)
    {
        double len = Math.Max(1, axis.PixelLength);
        double l0 = Math.Log10(axis.Min), l1 = Math.Log10(axis.Max);
        int e0 = (int)Math.Ceiling(l0 - 1e-9), e1 = (int)Math.Floor(l1 + 1e-9);
        double perDecade = len / (l1 - l0);
        int decadesInside = e1 - e0 + 1;
        if (decadesInside >= 2)
        {
            for (int stride = 1; ; stride++)
            {
                var major = new List<double>();
                var labels = new List<string>();
                var minor = new List<double>();
                int first = (int)(Math.Ceiling(e0 / (double)stride) * stride);
                for (int e = (int)Math.Floor(l0); e <= (int)Math.Ceiling(l1); e++)
                {
                    double dec = Ticks.Pow10(e);
                    bool inside = e >= e0 && e <= e1;
                    if (inside && (e - first) % stride == 0)
                    {
                        major.Add(dec);
                        labels.Add(NumberFormat.Decade(e));
                    }
                    else if (inside)
                    {
                        minor.Add(dec);
                    }

                    if (stride == 1 && perDecade >= 30)
                    {
                        for (int k = 2; k <= 9; k++)
                        {
                            double v = k * dec;
                            if (v >= axis.Min * (1 - 1e-12) && v <= axis.Max * (1 + 1e-12))
                            {
                                minor.Add(v);
                            }
                        }
                    }
                }

                double gap = perDecade * stride;
                bool fits = labels.Count == 0 || (labels.Max(l => extent(l)) + 8 <= gap && gap >= spacing * 0.6);
                if (fits || major.Count <= 2)
                {
                    return new TickSet([.. major], [.. labels], [.. minor]);
                }
            }
        }

        // Less than two decades visible: label 1-2-5 (or every integer) multiples with plain numbers.
        foreach (var mantissas in new[] { new[] { 1.0, 2, 3, 4, 5, 6, 7, 8, 9 }, [1.0, 2, 5], [1.0, 3], [1.0] })
        {
            var major = new List<double>();
            var minor = new List<double>();
            for (int e = (int)Math.Floor(l0); e <= (int)Math.Ceiling(l1); e++)
            {
                for (int k = 1; k <= 9; k++)
                {
                    double v = Ticks.Decimal(k, e);
                    if (v < axis.Min * (1 - 1e-12) || v > axis.Max * (1 + 1e-12))
                    {
                        continue;
                    }

                    (mantissas.Contains(k) ? major : minor).Add(v);
                }
            }

            var labels = major.Select(v => NumberFormat.Compact(v)).ToList();
            bool fits = true;
            for (int i = 0; i + 1 < major.Count; i++)
            {
                double gap = Math.Abs(axis.Map(major[i + 1]) - axis.Map(major[i]));
                if ((extent(labels[i]) + extent(labels[i + 1])) / 2 + 6 > gap)
                {
                    fits = false;
                    break;
                }
            }

            if ((fits && major.Count >= 2) || mantissas.Length == 1)
            {
                if (major.Count < 2)
                {
                    major = [axis.Min, axis.Max];
                    labels = [NumberFormat.Compact(axis.Min), NumberFormat.Compact(axis.Max)];
                }

                return new TickSet([.. major], [.. labels], [.. minor]);
            }
        }

        throw new InvalidOperationException("unreachable");
    }
}
