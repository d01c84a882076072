namespace Descent.Plotting;

/// <summary>A map from [0, 1] to colours, for fields (contours, heat maps), by linear interpolation between stops.</summary>
public sealed class Colormap
{
    private readonly Color[] _stops;
    private readonly double[] _positions;

    private Colormap(string name, Color[] stops, double[] positions)
    {
        Name = name;
        _stops = stops;
        _positions = positions;
    }

    /// <summary>
    /// Viridis (van der Walt &amp; Smith, matplotlib 2015; CC0): perceptually uniform, readable in grey and with colour-vision
    /// deficiency. Dark purple for low values, yellow for high. Stored as every eighth entry of the 256-entry table
    /// (interpolation error under 2/255).
    /// </summary>
    public static Colormap Viridis { get; } = FromTable("viridis",
    [
        "440154", "470d60", "48186a", "482374", "472d7b", "453781", "424086", "3e4989", "3b528b", "375b8d", "33638d",
        "2f6b8e", "2c728e", "297a8e", "26828e", "23898e", "21918c", "1f988b", "1fa088", "22a785", "28ae80", "32b67a",
        "3fbc73", "4ec36b", "5ec962", "70cf57", "84d44b", "98d83e", "addc30", "c2df23", "d8e219", "ece51b", "fde725",
    ]);

    /// <summary>
    /// A diverging blue–white–red map (ColorBrewer RdBu, reversed) for signed values centred on zero: negative blue,
    /// zero white, positive red.
    /// </summary>
    public static Colormap BlueWhiteRed { get; } = FromColors("blue-white-red",
        [.. new[] { "2166ac", "4393c3", "92c5de", "d1e5f0", "f7f7f7", "fddbc7", "f4a582", "d6604d", "b2182b" }.Select(Color.FromHex)]);

    /// <summary>Light grey to near-black, for print.</summary>
    public static Colormap Greys { get; } = FromColors("greys", [Color.FromHex("f7f7f7"), Color.FromHex("252525")]);

    /// <summary>The map's name.</summary>
    public string Name { get; }

    /// <summary>A map through evenly spaced colour stops (at least two).</summary>
    /// <exception cref="ArgumentException">Fewer than two stops.</exception>
    public static Colormap FromColors(string name, IReadOnlyList<Color> stops)
    {
        ArgumentNullException.ThrowIfNull(stops);
        if (stops.Count < 2)
        {
            throw new ArgumentException($"A colour map needs at least two stops, got {stops.Count}.", nameof(stops));
        }

        var pos = Enumerable.Range(0, stops.Count).Select(i => i / (double)(stops.Count - 1)).ToArray();
        return new Colormap(name, [.. stops], pos);
    }

    /// <summary>The colour at <paramref name="t"/> (clamped to [0, 1]; NaN gives transparent).</summary>
    public Color Map(double t)
    {
        if (double.IsNaN(t))
        {
            return Color.Transparent;
        }

        t = Math.Clamp(t, 0, 1);
        int hi = Array.BinarySearch(_positions, t);
        if (hi >= 0)
        {
            return _stops[hi];
        }

        hi = ~hi;
        int lo = hi - 1;
        double f = (t - _positions[lo]) / (_positions[hi] - _positions[lo]);
        return Color.Lerp(_stops[lo], _stops[hi], f);
    }

    /// <summary>The map reversed (high values get the low colours).</summary>
    public Colormap Reversed() => new(Name + "_r", [.. _stops.Reverse()], [.. _positions.Reverse().Select(p => 1 - p)]);

    private static Colormap FromTable(string name, string[] hex)
    {
        // Entries sit at table indices 0, 8, …, 248 and 255 of the original 256.
        var pos = Enumerable.Range(0, hex.Length).Select(i => Math.Min(255, i * 8) / 255.0).ToArray();
        return new Colormap(name, [.. hex.Select(Color.FromHex)], pos);
    }
}
