using Descent.Text;

namespace Descent.Schedules;

/// <summary>
/// A parsed schedule spec: <c>name</c> or <c>name:key=value,key=value</c> (booleans <c>true</c>/<c>false</c>, lists
/// <c>a;b;c</c>, numbers in invariant culture), checked against the <see cref="ScheduleRegistry"/>: the name and every key are known
/// and given once. Values are checked when the schedule is created (<see cref="ScheduleRegistry.Create(ScheduleSpec)"/>).
/// </summary>
public sealed class ScheduleSpec
{
    private readonly List<KeyValuePair<string, string>> _values;

    private ScheduleSpec(ScheduleDefinition definition, List<KeyValuePair<string, string>> values)
    {
        Definition = definition;
        _values = values;
    }

    /// <summary>The schedule's registry entry.</summary>
    public ScheduleDefinition Definition { get; }

    /// <summary>The schedule name.</summary>
    public string Name => Definition.Name;

    /// <summary>The given keys and their raw values, in the order written.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Values => _values;

    /// <summary>Whether the spec gives <paramref name="key"/>.</summary>
    public bool Has(string key) => _values.Any(kv => kv.Key == key);

    /// <summary>The raw value of <paramref name="key"/>, or null when it is not given.</summary>
    public string? this[string key] => _values.FirstOrDefault(kv => kv.Key == key).Value;

    /// <summary>Parses a spec such as <c>cosine:t_max=100,eta_min=1e-5,warmup=500</c>. Names and keys are case-insensitive.</summary>
    /// <exception cref="ArgumentException">The text is empty or malformed, or names an unknown schedule or key (the message lists the
    /// valid ones and suggests the closest).</exception>
    public static ScheduleSpec Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string trimmed = text.Trim();
        int colon = trimmed.IndexOf(':', StringComparison.Ordinal);
        string name = (colon < 0 ? trimmed : trimmed[..colon]).Trim().ToLowerInvariant();
        if (name.Length == 0)
        {
            throw new ArgumentException(
                $"empty schedule spec \"{text}\"; expected NAME or NAME:key=value,... Valid: {string.Join(", ", ScheduleRegistry.Names)}");
        }

        var definition = ScheduleRegistry.Find(name) ?? throw ScheduleRegistry.UnknownName(name);
        var values = new List<KeyValuePair<string, string>>();
        if (colon >= 0 && trimmed[(colon + 1)..].Trim().Length > 0)
        {
            ScheduleKey? previous = null;
            foreach (var rawPair in trimmed[(colon + 1)..].Split(','))
            {
                string pair = rawPair.Trim();
                int eq = pair.IndexOf('=', StringComparison.Ordinal);
                if (eq < 0)
                {
                    string hint = previous?.Kind == ScheduleKeyKind.IntegerList
                        ? $"; separate list items with ';' as in {previous.Name}=30;60;90"
                        : "";

                    throw new ArgumentException(
                        pair.Length == 0
                            ? $"schedule \"{name}\": empty key=value pair in \"{text}\" (stray comma?)"
                            : $"schedule \"{name}\": expected key=value, got \"{pair}\"{hint}");
                }

                string key = pair[..eq].Trim().ToLowerInvariant();
                string value = pair[(eq + 1)..].Trim();
                var keyDef = definition.Keys.FirstOrDefault(k => k.Name == key);
                if (keyDef == null)
                {
                    var names = definition.Keys.Select(k => k.Name).ToArray();
                    throw new ArgumentException($"unknown key \"{key}\" for schedule \"{name}\"" + Spelling.DidYouMean(key, names, "valid keys"));
                }

                if (values.Any(kv => kv.Key == key))
                {
                    throw new ArgumentException($"schedule \"{name}\": key \"{key}\" is given more than once");
                }

                if (value.Length == 0)
                {
                    throw new ArgumentException($"schedule \"{name}\": key \"{key}\" has no value ({keyDef.Description})");
                }

                values.Add(new(key, value));
                previous = keyDef;
            }
        }

        return new ScheduleSpec(definition, values);
    }

    /// <summary>The spec as text, keys in the order written: <c>step:step_size=30,gamma=0.5</c>.</summary>
    public override string ToString() =>
        _values.Count == 0 ? Name : Name + ":" + string.Join(',', _values.Select(kv => kv.Key + "=" + kv.Value));
}
