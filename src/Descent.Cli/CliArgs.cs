using System.Globalization;

namespace Descent.Cli;

/// <summary>
/// Parsed options: <c>--name value</c>, <c>--name=value</c> (use this form for values that start with '-', such as
/// <c>--start=-1.5,2</c>) and bare flags. Typed getters throw <see cref="UsageException"/> with the option, the value and what is valid.
/// </summary>
public sealed class CliArgs
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    /// <summary>Positional arguments, in order.</summary>
    public List<string> Positionals { get; } = [];

    /// <summary>Parses arguments.</summary>
    /// <exception cref="UsageException">An option is given twice or is malformed.</exception>
    public static CliArgs Parse(ReadOnlySpan<string> args)
    {
        var r = new CliArgs();
        for (int i = 0; i < args.Length; i++)
        {
            var a = args[i];
            if (a.StartsWith("--", StringComparison.Ordinal) && a.Length > 2)
            {
                string name, value;
                int eq = a.IndexOf('=', StringComparison.Ordinal);
                if (eq > 0)
                {
                    name = a[2..eq];
                    value = a[(eq + 1)..];
                    r.Add(name, value);
                }
                else
                {
                    name = a[2..];
                    if (i + 1 < args.Length && !(args[i + 1].StartsWith("--", StringComparison.Ordinal) && args[i + 1].Length > 2))
                    {
                        r.Add(name, args[++i]);
                    }
                    else
                    {
                        r.Add(name, null);
                    }
                }
            }
            else if (a.StartsWith('-') && a.Length == 2 && char.IsLetter(a[1]))
            {
                r.Add(a[1..], null);
            }
            else
            {
                r.Positionals.Add(a);
            }
        }

        return r;
    }

    private void Add(string name, string? value)
    {
        if (!_options.TryAdd(name, value))
        {
            throw new UsageException($"--{name} is given more than once");
        }
    }

    /// <summary>Whether the option is present (with or without a value).</summary>
    public bool Has(string name)
    {
        _read.Add(name);
        return _options.ContainsKey(name);
    }

    /// <summary>The raw value, or null when absent.</summary>
    /// <exception cref="UsageException">The option is present without a value.</exception>
    public string? String(string name)
    {
        _read.Add(name);
        if (!_options.TryGetValue(name, out var v))
        {
            return null;
        }

        if (v == null)
        {
            throw new UsageException($"--{name}: expected a value");
        }

        return v;
    }

    /// <summary>The raw value.</summary>
    /// <exception cref="UsageException">The option is missing.</exception>
    public string Required(string name, string what) => String(name) ?? throw new UsageException($"--{name} is required ({what})");

    /// <summary>A boolean flag: present without a value, or <c>true</c>/<c>false</c>.</summary>
    public bool Flag(string name)
    {
        _read.Add(name);
        if (!_options.TryGetValue(name, out var v))
        {
            return false;
        }

        return v switch
        {
            null or "true" => true,
            "false" => false,
            _ => throw new UsageException($"--{name}: expected true or false, got \"{v}\""),
        };
    }

    /// <summary>An integer within [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public int Int(string name, int defaultValue, int min = int.MinValue, int max = int.MaxValue)
    {
        var s = String(name);
        if (s == null)
        {
            return defaultValue;
        }

        if (!int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int v) || v < min || v > max)
        {
            string range = min == 1 && max == int.MaxValue ? "a positive integer"
                : min == 0 && max == int.MaxValue ? "a non-negative integer"
                : $"an integer from {min} to {max}";
            throw new UsageException($"--{name}: expected {range}, got \"{s}\"");
        }

        return v;
    }

    /// <summary>A finite number within [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public double Double(string name, double defaultValue, double min = double.MinValue, double max = double.MaxValue)
    {
        var s = String(name);
        if (s == null)
        {
            return defaultValue;
        }

        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v) || v < min || v > max)
        {
            string range = min == 0 && max == double.MaxValue ? "a non-negative number"
                : min == double.MinValue && max == double.MaxValue ? "a finite number"
                : $"a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}";
            throw new UsageException($"--{name}: expected {range}, got \"{s}\"");
        }

        return v;
    }

    /// <summary>A comma-separated list of finite numbers, e.g. <c>-1.5,2</c>.</summary>
    public double[]? Numbers(string name)
    {
        var s = String(name);
        if (s == null)
        {
            return null;
        }

        var parts = s.Split(',');
        var r = new double[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!double.TryParse(parts[i].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out r[i]) || !double.IsFinite(r[i]))
            {
                throw new UsageException($"--{name}: expected comma-separated numbers such as -1.5,2, got \"{s}\" (\"{parts[i]}\" is not a number)");
            }
        }

        return r;
    }

    /// <summary>Fails on options the command never asked about (typos such as <c>--setps</c>).</summary>
    /// <exception cref="UsageException">An option was not recognised.</exception>
    public void RejectUnknown(params string[] known)
    {
        foreach (var name in _options.Keys)
        {
            if (!_read.Contains(name) && !known.Contains(name))
            {
                var all = _read.Concat(known).Distinct().ToArray();
                var s = Suggest.Closest(name, all);
                throw new UsageException($"unknown option --{name}" + (s != null ? $"; did you mean --{s}?" : "") +
                    (all.Length > 0 ? $" Valid options: {string.Join(", ", all.Order(StringComparer.Ordinal).Select(k => "--" + k))}" : ""));
            }
        }

        if (Positionals.Count > 0)
        {
            throw new UsageException($"unexpected argument \"{Positionals[0]}\"");
        }
    }
}
