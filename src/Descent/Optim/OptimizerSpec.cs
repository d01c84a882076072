using System.Globalization;
using System.Text;

namespace Descent.Optim;

/// <summary>
/// A parsed optimizer spec string such as <c>adam:lr=0.01,beta1=0.9,amsgrad=true</c>: a name, then comma-separated
/// <c>key=value</c> pairs. Values are numbers (invariant culture), <c>true</c>/<c>false</c>, words (<c>strong_wolfe</c>), or
/// <c>;</c>-separated number lists for the list keys (<c>betas=0.9;0.99</c>, <c>etas=0.5;1.2</c>, <c>step_sizes=1e-6;50</c>).
/// </summary>
/// <remarks>Parsing checks only the syntax; <see cref="OptimizerRegistry.Create(OptimizerSpec, IEnumerable{Tensor})"/> checks names, keys and values.</remarks>
public sealed class OptimizerSpec
{
    private OptimizerSpec(string name, Dictionary<string, HyperValue> values, Dictionary<string, IReadOnlyList<double>> lists, List<string> order)
    {
        Name = name;
        Values = values;
        Lists = lists;
        Keys = order;
    }

    /// <summary>The optimizer name, lower-cased (<c>adam</c>).</summary>
    public string Name { get; }

    /// <summary>The single values by key.</summary>
    public IReadOnlyDictionary<string, HyperValue> Values { get; }

    /// <summary>The list values by key (<c>betas</c> → [0.9, 0.99]).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<double>> Lists { get; }

    /// <summary>Every key in the order written.</summary>
    public IReadOnlyList<string> Keys { get; }

    /// <summary>Parses a spec string.</summary>
    /// <exception cref="ArgumentException">The text is empty, a pair lacks <c>=</c>, a key repeats, or a number is malformed.</exception>
    public static OptimizerSpec Parse(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec = spec.Trim();
        int colon = spec.IndexOf(':', StringComparison.Ordinal);
        string name = (colon >= 0 ? spec[..colon] : spec).Trim().ToLowerInvariant();
        if (name.Length == 0)
        {
            throw new ArgumentException(
                $"optimizer spec \"{spec}\" has no name; write NAME or NAME:key=value,... such as adam:lr=0.01,amsgrad=true", nameof(spec));
        }

        var values = new Dictionary<string, HyperValue>(StringComparer.Ordinal);
        var lists = new Dictionary<string, IReadOnlyList<double>>(StringComparer.Ordinal);
        var order = new List<string>();
        string rest = colon >= 0 ? spec[(colon + 1)..] : "";
        if (rest.Trim().Length > 0)
        {
            foreach (var raw in rest.Split(','))
            {
                var pair = raw.Trim();
                int eq = pair.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0)
                {
                    throw new ArgumentException(
                        $"optimizer spec \"{spec}\": expected key=value, got \"{pair}\" (separate pairs with commas, list items with ';')", nameof(spec));
                }

                string key = pair[..eq].Trim().ToLowerInvariant();
                string value = pair[(eq + 1)..].Trim();
                if (order.Contains(key))
                {
                    throw new ArgumentException($"optimizer spec \"{spec}\": key \"{key}\" is given more than once", nameof(spec));
                }

                order.Add(key);
                if (value.Contains(';', StringComparison.Ordinal))
                {
                    var items = value.Split(';');
                    var nums = new double[items.Length];
                    for (int i = 0; i < items.Length; i++)
                    {
                        nums[i] = ParseNumber(items[i].Trim(), key, spec);
                    }

                    lists[key] = nums;
                }
                else
                {
                    values[key] = ParseValue(value, key, spec);
                }
            }
        }

        return new OptimizerSpec(name, values, lists, order);
    }

    /// <summary>The canonical text: <c>name:key=value,...</c> in the order written (shortest round-trip numbers).</summary>
    public override string ToString()
    {
        var sb = new StringBuilder(Name);
        for (int i = 0; i < Keys.Count; i++)
        {
            var k = Keys[i];
            sb.Append(i == 0 ? ':' : ',').Append(k).Append('=');
            if (Lists.TryGetValue(k, out var list))
            {
                sb.AppendJoin(';', list.Select(HyperValue.FormatNumber));
            }
            else
            {
                sb.Append(Values[k].ToString());
            }
        }

        return sb.ToString();
    }

    private static HyperValue ParseValue(string value, string key, string spec)
    {
        if (value.Length == 0)
        {
            throw new ArgumentException($"optimizer spec \"{spec}\": key \"{key}\" has no value", nameof(spec));
        }

        if (value.Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            return HyperValue.Boolean(true);
        }

        if (value.Equals("false", StringComparison.OrdinalIgnoreCase))
        {
            return HyperValue.Boolean(false);
        }

        if (LooksNumeric(value))
        {
            return HyperValue.Number(ParseNumber(value, key, spec));
        }

        return HyperValue.Choice(value.ToLowerInvariant());
    }

    // "nan" and "inf" are numbers to double.Parse; they are read as numbers here so that they are rejected as non-finite.
    private static bool LooksNumeric(string s) => s.Length > 0 && (char.IsDigit(s[0]) || s[0] is '-' or '+' or '.' || IsNonFiniteWord(s));

    // Python spells them nan and inf; .NET parses only NaN and Infinity.
    private static bool IsNonFiniteWord(string s) => s.TrimStart('-', '+').ToLowerInvariant() is "nan" or "inf" or "infinity";

    private static double ParseNumber(string s, string key, string spec)
    {
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v))
        {
            return v;
        }

        throw new ArgumentException(
            double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _) || IsNonFiniteWord(s)
                ? $"optimizer spec \"{spec}\": {key} must be a finite number such as 0.01 or 1e-3, got \"{s}\""
                : $"optimizer spec \"{spec}\": malformed number \"{s}\" for key \"{key}\" (use a finite number such as 0.01 or 1e-3)",
            key);
    }
}
