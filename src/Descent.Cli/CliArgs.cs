using System.Globalization;

namespace Descent.Cli;

/// <summary>
/// Parsed options: <c>--name value</c>, <c>--name=value</c> (use this form for values that start with '-', such as
/// <c>--start=-1.5,2</c>) and bare flags. Typed getters throw <see cref="UsageException"/> with one message shape,
/// <c>--name: expected WHAT IS VALID, got "VALUE"</c> (or <c>got no value</c> when the option ends the line or is followed by
/// another option), so every command reports a bad value the same way.
/// </summary>
public sealed class CliArgs
{
    /// <summary>Options every command accepts because <see cref="Cli.Run(string[], TextWriter, TextWriter)"/> handles them.</summary>
    private static readonly string[] GlobalOptions = ["help", "h"];

    private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _spelled = new(StringComparer.Ordinal);
    /// <summary>Where a value given as a separate argument stood (-1 for none or for <c>--name=value</c>).</summary>
    private readonly Dictionary<string, int> _valueIndex = new(StringComparer.Ordinal);
    private readonly List<int> _positionalIndex = [];
    private readonly Dictionary<string, string> _reclaimedFrom = new(StringComparer.Ordinal);

    /// <summary>For an option without a value, the short flag that followed it (<c>--function -x</c> meant the value "-x").</summary>
    private readonly Dictionary<string, string> _followedByShortFlag = new(StringComparer.Ordinal);
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
                int eq = a.IndexOf('=', StringComparison.Ordinal);
                if (eq == 2)
                {
                    throw new UsageException($"option \"{a}\" has no name; write --name=value");
                }

                if (eq > 0)
                {
                    r.Add(a[2..eq], a[(eq + 1)..], a[..eq], -1);
                }
                else if (i + 1 < args.Length && !IsOption(args[i + 1]))
                {
                    r.Add(a[2..], args[++i], a, i);
                }
                else
                {
                    r.Add(a[2..], null, a, -1);
                    if (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) && IsOption(args[i + 1]))
                    {
                        r._followedByShortFlag[a[2..]] = args[i + 1];
                    }
                }
            }
            else if (a.StartsWith('-') && a.Length == 2 && char.IsLetter(a[1]))
            {
                r.Add(a[1..], null, a, -1);
            }
            else
            {
                r.Positionals.Add(a);
                r._positionalIndex.Add(i);
            }
        }

        return r;
    }

    // "--name" or "-x" starts an option; "-4" and "-1.5,2" are values.
    private static bool IsOption(string s) =>
        (s.StartsWith("--", StringComparison.Ordinal) && s.Length > 2) || (s.Length == 2 && s[0] == '-' && char.IsLetter(s[1]));

    private void Add(string name, string? value, string spelled, int index)
    {
        if (!_options.TryAdd(name, value))
        {
            throw new UsageException($"--{name} is given more than once; give it once");
        }

        _spelled[name] = spelled;
        _valueIndex[name] = index;
    }

    /// <summary>Whether the option is present (with or without a value).</summary>
    public bool Has(string name)
    {
        _read.Add(name);
        return _options.ContainsKey(name);
    }

    /// <summary>The raw value, or null when absent.</summary>
    /// <exception cref="UsageException">The option is present without a value.</exception>
    public string? String(string name) => String(name, "a value");

    /// <summary>The raw value, or null when absent; <paramref name="what"/> says what is valid when the value is missing.</summary>
    /// <exception cref="UsageException">The option is present without a value.</exception>
    public string? String(string name, string what)
    {
        _read.Add(name);
        if (!_options.TryGetValue(name, out var v))
        {
            return null;
        }

        return v ?? throw new UsageException($"--{name}: expected {what}, got no value" +
            (_followedByShortFlag.TryGetValue(name, out var flag) ? $" (for a value that starts with '-', write --{name}={flag})" : ""));
    }

    /// <summary>The raw value.</summary>
    /// <exception cref="UsageException">The option is missing or has no value.</exception>
    public string Required(string name, string what) => String(name, what) ?? throw new UsageException($"--{name} is required ({what})");

    /// <summary>
    /// A boolean flag: present without a value, or <c>true</c>/<c>false</c>. Any other word after a flag is an argument of its
    /// own (<c>descent optimizers --names adam</c>), which the command then takes or rejects.
    /// </summary>
    public bool Flag(string name)
    {
        _read.Add(name);
        if (!_options.TryGetValue(name, out var v))
        {
            return false;
        }

        switch (v)
        {
            case null or "true":
                return true;
            case "false":
                return false;
        }

        if (_valueIndex[name] < 0)
        {
            throw new UsageException($"--{name}: expected true or false, got \"{v}\"");
        }

        // "--flag word": the word was never the flag's value.
        int at = _positionalIndex.Count(i => i < _valueIndex[name]);
        at = Math.Min(at, Positionals.Count);
        Positionals.Insert(at, v);
        _positionalIndex.Insert(Math.Min(at, _positionalIndex.Count), _valueIndex[name]);
        _reclaimedFrom[v] = name;
        _options[name] = null;
        return true;
    }

    /// <summary>An integer within [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public int Int(string name, int defaultValue, int min = int.MinValue, int max = int.MaxValue) => OptionalInt(name, min, max) ?? defaultValue;

    /// <summary>An integer within [<paramref name="min"/>, <paramref name="max"/>], or null when the option is absent.</summary>
    public int? OptionalInt(string name, int min = int.MinValue, int max = int.MaxValue)
    {
        string range = min == 1 && max == int.MaxValue ? "a positive integer"
            : min == 0 && max == int.MaxValue ? "a non-negative integer"
            : min == int.MinValue && max == int.MaxValue ? "an integer"
            : string.Create(CultureInfo.InvariantCulture, $"an integer from {min} to {max}");
        var s = String(name, range);
        if (s == null)
        {
            return null;
        }

        if (!int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int v) || v < min || v > max)
        {
            throw Invalid(name, range, s);
        }

        return v;
    }

    /// <summary>A non-negative 64-bit integer such as a seed (default 0).</summary>
    public ulong UInt64(string name, ulong defaultValue = 0)
    {
        const string What = "a non-negative integer";
        var s = String(name, What);
        if (s == null)
        {
            return defaultValue;
        }

        return ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out ulong v) ? v : throw Invalid(name, What, s);
    }

    /// <summary>A finite number within [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public double Double(string name, double defaultValue, double min = double.MinValue, double max = double.MaxValue)
    {
        string range = min == 0 && max == double.MaxValue ? "a non-negative number"
            : min == double.MinValue && max == double.MaxValue ? "a finite number"
            : max == double.MaxValue ? $"a number of at least {Number(min)}"
            : $"a number from {Number(min)} to {Number(max)}";
        return Number(name, range, v => v >= min && v <= max) ?? defaultValue;
    }

    /// <summary>A finite number above zero.</summary>
    public double Positive(string name, double defaultValue) => OptionalPositive(name) ?? defaultValue;

    /// <summary>A finite number above zero, or null when the option is absent.</summary>
    public double? OptionalPositive(string name) => Number(name, "a positive number", v => v > 0);

    /// <summary>A finite number of at least zero, or null when the option is absent.</summary>
    public double? OptionalNonNegative(string name) => Number(name, "a non-negative number", v => v >= 0);

    /// <summary>One of <paramref name="choices"/> (the first is the default), suggesting the closest for a typo.</summary>
    public string Choice(string name, params string[] choices)
    {
        ArgumentNullException.ThrowIfNull(choices);
        string what = Alternatives(choices);
        var s = String(name, what);
        if (s == null)
        {
            return choices[0];
        }

        if (choices.Contains(s, StringComparer.Ordinal))
        {
            return s;
        }

        var close = Suggest.Closest(s, choices);
        throw new UsageException($"--{name}: expected {what}, got \"{s}\"" + (close != null ? $"; did you mean \"{close}\"?" : ""));
    }

    /// <summary>A comma-separated list of finite numbers, e.g. <c>-1.5,2</c>.</summary>
    public double[]? Numbers(string name)
    {
        var s = String(name, "comma-separated numbers such as -1.5,2");
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
                throw new UsageException($"--{name}: expected comma-separated finite numbers such as -1.5,2, got \"{s}\" (\"{parts[i]}\" is not one)");
            }
        }

        return r;
    }

    /// <summary>A file to write: checked before any work (see <see cref="OutputFiles.Check"/>); null when absent.</summary>
    public string? OutputFile(string name, params string[] extensions)
    {
        var path = String(name, extensions.Length > 0 ? $"a file name ending in {string.Join(" or ", extensions)}" : "a file name");
        if (path != null)
        {
            OutputFiles.Check(name, path, extensions);
        }

        return path;
    }

    /// <summary>A directory to write into, created later if missing: its parent must exist and it must not be a file.</summary>
    public string? OutputDirectory(string name)
    {
        var path = String(name, "a directory");
        if (path != null)
        {
            OutputFiles.CheckDirectory(name, path, mustExist: false);
        }

        return path;
    }

    /// <summary>A directory to read: it must exist.</summary>
    public string? ExistingDirectory(string name)
    {
        var path = String(name, "a directory");
        if (path != null)
        {
            OutputFiles.CheckDirectory(name, path, mustExist: true);
        }

        return path;
    }

    /// <summary>Fails on options the command never asked about (typos such as <c>--setps</c>) and on stray arguments.</summary>
    /// <exception cref="UsageException">An option was not recognised, or an argument was not expected.</exception>
    public void RejectUnknown(params string[] known)
    {
        foreach (var name in _options.Keys)
        {
            if (!_read.Contains(name) && !known.Contains(name) && !GlobalOptions.Contains(name))
            {
                var all = _read.Concat(known).Except(GlobalOptions).Distinct().Order(StringComparer.Ordinal).ToArray();
                var s = Suggest.Closest(name, all);
                throw new UsageException($"unknown option \"{_spelled[name]}\"" + (s != null ? $"; did you mean \"--{s}\"?" : "") +
                    (all.Length == 0 ? "; this command takes no options"
                        : (s != null ? " Valid options: " : "; valid options: ") + string.Join(", ", all.Select(k => "--" + k))));
            }
        }

        if (Positionals.Count > 0)
        {
            string stray = Positionals[0];
            throw new UsageException($"unexpected argument \"{stray}\"" + (_reclaimedFrom.TryGetValue(stray, out var flag)
                ? $"; --{flag} is a flag and takes no value (write --{flag}, or --{flag}=false to turn it off)"
                : stray.StartsWith('-') ? $"; options start with --, and a negative number goes after '=' (--start=-1,2)" : ""));
        }
    }

    /// <summary>The usage error for a bad value, in the one shape every option uses.</summary>
    public static UsageException Invalid(string name, string what, string value) => new($"--{name}: expected {what}, got \"{value}\"");

    /// <summary>"a, b or c".</summary>
    public static string Alternatives(IReadOnlyList<string> choices)
    {
        ArgumentNullException.ThrowIfNull(choices);
        return choices.Count == 1 ? choices[0] : string.Join(", ", choices.Take(choices.Count - 1)) + " or " + choices[^1];
    }

    private double? Number(string name, string what, Func<double, bool> valid)
    {
        var s = String(name, what);
        if (s == null)
        {
            return null;
        }

        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v) || !valid(v))
        {
            throw Invalid(name, what, s);
        }

        return v;
    }

    private static string Number(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
