namespace Descent.Plotting;

/// <summary>
/// Counts (or densities) of values in bins: eigenvalue spectra, gradient-norm or weight distributions. Several datasets
/// share the bins and overlap translucently; curves (e.g. a theoretical density) can be drawn on top. Non-finite values
/// are ignored.
/// </summary>
/// <example>
/// <code>
/// var h = new Histogram(eigenvalues, "Hessian eigenvalues") { Density = true, XLabel = "λ" };
/// h.AddCurve("Marchenko–Pastur", xs, density);
/// h.Save("spectrum.svg");
/// </code>
/// </example>
public sealed class Histogram : XYChart
{
    private readonly List<(string Name, double[] Data, Color? Color)> _data = [];
    private readonly List<(string Name, double[] X, double[] Y, Color? Color)> _curves = [];
    private int _bins;
    private double[]? _edges;

    /// <summary>Creates an empty histogram; add data with <see cref="Add"/>.</summary>
    public Histogram()
    {
    }

    /// <summary>Creates a histogram of one dataset.</summary>
    public Histogram(IReadOnlyList<double> data, string name = "data") => Add(name, data);

    /// <summary>Number of equal-width bins; 0 (default) picks it from the data (the larger of Sturges' and Freedman–Diaconis' rules, as NumPy's "auto").</summary>
    public int Bins
    {
        get => _bins;
        set => _bins = value is >= 0 and <= 10_000 ? value : throw new ArgumentOutOfRangeException(nameof(Bins), value, "Bins must be 0 (automatic) or between 1 and 10000.");
    }

    /// <summary>Explicit bin edges (increasing, at least two), overriding <see cref="Bins"/>; values outside are not counted.</summary>
    /// <exception cref="ArgumentException">Fewer than two edges, or not strictly increasing and finite.</exception>
    public IReadOnlyList<double>? BinEdges
    {
        get => _edges;
        set
        {
            if (value is not null)
            {
                if (value.Count < 2)
                {
                    throw new ArgumentException($"BinEdges needs at least two edges, got {value.Count}.", nameof(BinEdges));
                }

                for (int i = 0; i < value.Count; i++)
                {
                    if (!double.IsFinite(value[i]) || (i > 0 && !(value[i] > value[i - 1])))
                    {
                        throw new ArgumentException($"BinEdges must be finite and strictly increasing; edge {i} is {value[i]}.", nameof(BinEdges));
                    }
                }
            }

            _edges = value is null ? null : [.. value];
        }
    }

    /// <summary>Show densities (count / (values in range × bin width), integrating to 1, as NumPy's <c>density=True</c>) instead of counts.</summary>
    public bool Density { get; set; }

    /// <summary>Adds a dataset (copied) with an optional colour.</summary>
    public void Add(string name, IReadOnlyList<double> data, Color? color = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(data);
        _data.Add((name, [.. data], color));
    }

    /// <summary>Adds a curve drawn over the bars, e.g. a density to compare against (use <see cref="Density"/> to match scales).</summary>
    /// <exception cref="ArgumentException">The arrays differ in length.</exception>
    public void AddCurve(string name, IReadOnlyList<double> x, IReadOnlyList<double> y, Color? color = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count != y.Count)
        {
            throw new ArgumentException($"Curve '{name}' has {x.Count} x values but {y.Count} y values; pass arrays of equal length.", nameof(y));
        }

        _curves.Add((name, [.. x], [.. y], color));
    }

    /// <summary>The bin edges that will be used.</summary>
    public double[] Edges()
    {
        if (_edges is not null)
        {
            return [.. _edges];
        }

        var all = _data.SelectMany(d => d.Data).Where(double.IsFinite).ToArray();
        if (all.Length == 0)
        {
            return [0, 1];
        }

        double lo = all.Min(), hi = all.Max();
        if (hi == lo)
        {
            return [lo - 0.5, lo + 0.5];
        }

        int bins = _bins > 0 ? _bins : AutoBins(all, lo, hi);
        var edges = new double[bins + 1];
        for (int i = 0; i <= bins; i++)
        {
            edges[i] = i == bins ? hi : lo + ((hi - lo) * i / bins);
        }

        return edges;
    }

    /// <summary>
    /// The height of each bin for dataset <paramref name="index"/> (counts, or densities when <see cref="Density"/>). Bins are
    /// half-open [a, b) except the last, which includes its right edge (NumPy's convention).
    /// </summary>
    public double[] Heights(int index)
    {
        if (index < 0 || index >= _data.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"There are {_data.Count} datasets.");
        }

        return Heights(_data[index].Data, Edges());
    }

    internal override string? YAxisLabel => YLabel ?? (Density ? "density" : "count");

    internal override (double Low, double High) PadX => (0.02, 0.02);

    internal override (double Low, double High) PadY => LogY ? (0.05, 0.05) : (0, 0.05);

    internal override string Summary()
    {
        var e = Edges();
        return $"Histogram of {string.Join(", ", _data.Select(d => $"{d.Name} ({d.Data.Count(double.IsFinite)} values)"))} in {e.Length - 1} bins";
    }

    internal override (double Min, double Max) DataRangeX()
    {
        var e = Edges();
        double lo = e[0], hi = e[^1];
        foreach (var c in _curves)
        {
            foreach (double v in c.X.Where(v => double.IsFinite(v) && (!LogX || v > 0)))
            {
                lo = Math.Min(lo, v);
                hi = Math.Max(hi, v);
            }
        }

        if (LogX && !(lo > 0))
        {
            lo = e.Where(v => v > 0).DefaultIfEmpty(double.NaN).Min();
        }

        return (lo, hi);
    }

    internal override (double Min, double Max) DataRangeY(double xMin, double xMax)
    {
        var e = Edges();
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        foreach (var d in _data)
        {
            foreach (double h in Heights(d.Data, e))
            {
                if (h > 0)
                {
                    lo = Math.Min(lo, h);
                    hi = Math.Max(hi, h);
                }
            }
        }

        foreach (var c in _curves)
        {
            for (int i = 0; i < c.X.Length; i++)
            {
                if (double.IsFinite(c.Y[i]) && (!LogY || c.Y[i] > 0) && c.X[i] >= xMin && c.X[i] <= xMax)
                {
                    lo = Math.Min(lo, c.Y[i]);
                    hi = Math.Max(hi, c.Y[i]);
                }
            }
        }

        if (!double.IsFinite(hi))
        {
            return LogY ? (1, 10) : (0, 1);
        }

        return LogY ? (lo, hi) : (Math.Min(0, lo), hi);
    }

    internal override void DrawData(Canvas c, Axis x, Axis y, Rect plot)
    {
        var e = Edges();
        bool several = _data.Count > 1;
        double basePx = y.Log ? plot.Bottom + 2 : y.Map(Math.Max(0, y.Min));
        for (int k = 0; k < _data.Count; k++)
        {
            var color = _data[k].Color ?? Palette.ForSeries(k);
            var h = Heights(_data[k].Data, e);
            using var g = c.Group("bars", label: _data[k].Name);
            for (int i = 0; i < h.Length; i++)
            {
                if (!(h[i] > 0) || !x.Accepts(e[i]) || !x.Accepts(e[i + 1]))
                {
                    continue;
                }

                double x0 = x.MapClamped(e[i]), x1 = x.MapClamped(e[i + 1]), top = y.MapClamped(h[i]);
                var fill = color.WithOpacity(several ? 0.45 : 0.8);
                var edge = several ? new Stroke(color, 0.8) : new Stroke(Color.White, x1 - x0 > 4 ? 0.7 : 0.2);
                c.Rectangle(new Rect(x0, Math.Min(top, basePx), x1 - x0, Math.Abs(basePx - top)), fill, edge, "bar");
            }
        }

        for (int k = 0; k < _curves.Count; k++)
        {
            var cv = _curves[k];
            var color = cv.Color ?? Palette.ForSeries(_data.Count + k);
            var pts = new List<Point>(cv.X.Length);
            for (int i = 0; i < cv.X.Length; i++)
            {
                pts.Add(x.Accepts(cv.X[i]) && y.Accepts(cv.Y[i]) ? new Point(x.MapClamped(cv.X[i]), y.MapClamped(cv.Y[i])) : new Point(double.NaN, double.NaN));
            }

            using var g = c.Group("curve", label: cv.Name);
            c.Polyline(pts, new Stroke(color, 2));
        }
    }

    internal override List<LegendEntry> LegendEntries()
    {
        var entries = new List<LegendEntry>();
        if (_data.Count > 1 || _curves.Count > 0)
        {
            for (int k = 0; k < _data.Count; k++)
            {
                var color = _data[k].Color ?? Palette.ForSeries(k);
                entries.Add(new LegendEntry(_data[k].Name, color.WithOpacity(_data.Count > 1 ? 0.45 : 0.8), Box: true));
            }
        }

        for (int k = 0; k < _curves.Count; k++)
        {
            var color = _curves[k].Color ?? Palette.ForSeries(_data.Count + k);
            entries.Add(new LegendEntry(_curves[k].Name, color, new Stroke(color, 2)));
        }

        return entries;
    }

    internal override IEnumerable<Point> Obstacles(Axis x, Axis y)
    {
        var e = Edges();
        foreach (var d in _data)
        {
            var h = Heights(d.Data, e);
            for (int i = 0; i < h.Length; i++)
            {
                if (h[i] > 0 && x.Accepts(e[i]) && y.Accepts(h[i]))
                {
                    double top = y.MapClamped(h[i]);
                    for (double px = x.MapClamped(e[i]); px <= x.MapClamped(e[i + 1]); px += 3)
                    {
                        for (double py = top; py <= y.P0; py += 6)
                        {
                            yield return new Point(px, py);
                        }
                    }
                }
            }
        }

        foreach (var cv in _curves)
        {
            for (int i = 0; i < cv.X.Length; i++)
            {
                if (x.Accepts(cv.X[i]) && y.Accepts(cv.Y[i]))
                {
                    yield return new Point(x.MapClamped(cv.X[i]), y.MapClamped(cv.Y[i]));
                }
            }
        }
    }

    private double[] Heights(double[] data, double[] edges)
    {
        int bins = edges.Length - 1;
        var counts = new double[bins];
        int total = 0;
        foreach (double v in data)
        {
            if (!double.IsFinite(v))
            {
                continue;
            }

            if (v < edges[0] || v > edges[^1])
            {
                continue;
            }

            int i = Array.BinarySearch(edges, v);
            int bin = i >= 0 ? Math.Min(i, bins - 1) : ~i - 1;
            counts[bin]++;
            total++;
        }

        if (Density && total > 0)
        {
            for (int i = 0; i < bins; i++)
            {
                counts[i] /= total * (edges[i + 1] - edges[i]);
            }
        }

        return counts;
    }

    private static int AutoBins(double[] values, double lo, double hi)
    {
        int n = values.Length;
        int sturges = (int)Math.Ceiling(Math.Log2(n)) + 1;
        var sorted = values.Order().ToArray();
        double iqr = Quantile(sorted, 0.75) - Quantile(sorted, 0.25);
        int fd = iqr > 0 ? (int)Math.Ceiling((hi - lo) / (2 * iqr / Math.Cbrt(n))) : 0;
        return Math.Clamp(Math.Max(sturges, fd), 1, 200);
    }

    private static double Quantile(double[] sorted, double q)
    {
        double pos = q * (sorted.Length - 1);
        int i = (int)Math.Floor(pos);
        return i + 1 < sorted.Length ? sorted[i] + ((pos - i) * (sorted[i + 1] - sorted[i])) : sorted[i];
    }
}
