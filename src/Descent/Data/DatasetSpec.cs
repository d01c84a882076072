using System.Globalization;

namespace Descent.Data;

/// <summary>
/// A parsed data set spec <c>name[:key=value,key=value…]</c> (for <c>csv</c>: <c>csv:PATH[,key=value…]</c>), with typed getters
/// whose errors name the data set, the key, the value and what is expected.
/// </summary>
public sealed class DatasetSpec
{
    private readonly Dictionary<string, string> _values;

    private DatasetSpec(string text, string name, string? path, Dictionary<string, string> values)
    {
        Text = text;
        Name = name;
        Path = path;
        _values = values;
    }

    /// <summary>The spec as given.</summary>
    public string Text { get; }

    /// <summary>The data set name, lower-cased (<c>moons</c>).</summary>
    public string Name { get; }

    /// <summary>The positional path of a <c>csv:PATH</c> spec, else null.</summary>
    public string? Path { get; }

    /// <summary>The keys given, in no particular order.</summary>
    public IEnumerable<string> Keys => _values.Keys;

    /// <summary>Parses a spec. <paramref name="pathFirst"/> says whether the first item after the colon is a path (as for csv).</summary>
    /// <exception cref="ArgumentException">An item is not <c>key=value</c>, a key repeats, or a value is empty.</exception>
    public static DatasetSpec Parse(string spec, Func<string, bool>? pathFirst = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        string text = spec.Trim();
        if (text.Length == 0)
        {
            throw new ArgumentException("Empty data set spec; give a name such as \"moons\" or \"moons:n=1000,noise=0.2\"");
        }

        int colon = text.IndexOf(':', StringComparison.Ordinal);
        string name = (colon < 0 ? text : text[..colon]).Trim().ToLowerInvariant();
        string rest = colon < 0 ? "" : text[(colon + 1)..];
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        string? path = null;
        if (rest.Trim().Length > 0)
        {
            var items = rest.Split(',');
            int first = 0;
            if (pathFirst?.Invoke(name) == true)
            {
                path = items[0].Trim();
                first = 1;
            }

            for (int i = first; i < items.Length; i++)
            {
                string item = items[i].Trim();
                int eq = item.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0)
                {
                    throw new ArgumentException(
                        item.Length == 0
                            ? $"{name}: empty item in \"{text}\"; items are key=value separated by commas"
                            : $"{name}: expected key=value, got \"{item}\" in \"{text}\"");
                }

                string key = item[..eq].Trim().ToLowerInvariant();
                string value = item[(eq + 1)..].Trim();
                if (value.Length == 0)
                {
                    throw new ArgumentException($"{name}: {key} has no value in \"{text}\"");
                }

                if (!values.TryAdd(key, value))
                {
                    throw new ArgumentException($"{name}: {key} is given twice in \"{text}\"");
                }
            }
        }

        return new DatasetSpec(text, name, path, values);
    }

    /// <summary>Whether <paramref name="key"/> was given.</summary>
    public bool Has(string key) => _values.ContainsKey(key);

    /// <summary>Throws for the first key not in <paramref name="valid"/>, suggesting the closest valid key.</summary>
    /// <exception cref="ArgumentException">An unknown key.</exception>
    public void RejectUnknown(IReadOnlyCollection<string> valid)
    {
        ArgumentNullException.ThrowIfNull(valid);
        foreach (var key in _values.Keys.Order(StringComparer.Ordinal))
        {
            if (!valid.Contains(key))
            {
                throw new ArgumentException(
                    $"{Name}: unknown key \"{key}\"" + Descent.Text.Spelling.DidYouMean(key, [.. valid.Order(StringComparer.Ordinal)], "valid keys"));
            }
        }
    }

    /// <summary>A string value, or <paramref name="fallback"/>.</summary>
    public string? GetString(string key, string? fallback = null) => _values.TryGetValue(key, out var v) ? v : fallback;

    /// <summary>An integer in [<paramref name="min"/>, <paramref name="max"/>], or <paramref name="fallback"/>.</summary>
    /// <exception cref="ArgumentException">Not an integer, or out of range.</exception>
    public int GetInt(string key, int fallback, int min = int.MinValue, int max = int.MaxValue)
    {
        if (!_values.TryGetValue(key, out var v))
        {
            return fallback;
        }

        if (!int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out int r) || r < min || r > max)
        {
            throw Bad(key, v, max == int.MaxValue ? string.Create(CultureInfo.InvariantCulture, $"an integer ≥ {min}") : string.Create(CultureInfo.InvariantCulture, $"an integer in {min}..{max}"));
        }

        return r;
    }

    /// <summary>An unsigned 64-bit integer (seeds), or <paramref name="fallback"/>.</summary>
    /// <exception cref="ArgumentException">Not a non-negative integer.</exception>
    public ulong GetUInt64(string key, ulong fallback)
    {
        if (!_values.TryGetValue(key, out var v))
        {
            return fallback;
        }

        return ulong.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out ulong r) ? r : throw Bad(key, v, "a non-negative integer");
    }

    /// <summary>A finite number satisfying <paramref name="valid"/> (described by <paramref name="expected"/>), or <paramref name="fallback"/>.</summary>
    /// <exception cref="ArgumentException">Not a number, or invalid.</exception>
    public double GetDouble(string key, double fallback, Func<double, bool>? valid = null, string expected = "a number")
    {
        if (!_values.TryGetValue(key, out var v))
        {
            return fallback;
        }

        if (!double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double r) || !double.IsFinite(r) || (valid != null && !valid(r)))
        {
            throw Bad(key, v, expected);
        }

        return r;
    }

    /// <summary>A list of numbers separated by <c>;</c> or spaces (<c>w=2;-3.4</c>), or <paramref name="fallback"/>.</summary>
    /// <exception cref="ArgumentException">An element is not a finite number.</exception>
    public double[] GetDoubles(string key, double[] fallback)
    {
        if (!_values.TryGetValue(key, out var v))
        {
            return fallback;
        }

        var parts = v.Split([';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var r = new double[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out r[i]) || !double.IsFinite(r[i]))
            {
                throw Bad(key, v, "a number or numbers separated by ';' (e.g. 2;-3.4)");
            }
        }

        return r.Length > 0 ? r : throw Bad(key, v, "a number or numbers separated by ';'");
    }

    /// <summary>A boolean (<c>true/false/yes/no/1/0</c>), or <paramref name="fallback"/>.</summary>
    /// <exception cref="ArgumentException">Not a boolean.</exception>
    public bool GetBool(string key, bool fallback)
    {
        if (!_values.TryGetValue(key, out var v))
        {
            return fallback;
        }

        return v.ToLowerInvariant() switch
        {
            "true" or "yes" or "1" or "on" => true,
            "false" or "no" or "0" or "off" => false,
            _ => throw Bad(key, v, "true or false"),
        };
    }

    /// <summary>One of <paramref name="choices"/> (case-insensitive), or <paramref name="fallback"/>.</summary>
    /// <exception cref="ArgumentException">Not one of the choices (the message suggests the closest).</exception>
    public string GetChoice(string key, string fallback, params string[] choices)
    {
        ArgumentNullException.ThrowIfNull(choices);
        if (!_values.TryGetValue(key, out var v))
        {
            return fallback;
        }

        var match = choices.FirstOrDefault(c => string.Equals(c, v, StringComparison.OrdinalIgnoreCase));
        if (match != null)
        {
            return match;
        }

        var suggestion = Descent.Text.Spelling.Closest(v, choices);
        throw new ArgumentException(
            $"{Name}: {key} must be one of {string.Join(", ", choices)}, got \"{v}\"" + (suggestion != null ? $"; did you mean \"{suggestion}\"?" : ""));
    }

    /// <summary>The spec as given.</summary>
    public override string ToString() => Text;

    private ArgumentException Bad(string key, string value, string expected) => new($"{Name}: {key} must be {expected}, got \"{value}\"");
}
