using System.Globalization;
using Descent.Text;

namespace Descent.Schedules;

/// <summary>Typed access to a spec's values, with defaults from the registry and messages that name the key and the value.</summary>
internal sealed class ScheduleArguments(ScheduleSpec spec)
{
    public ScheduleSpec Spec { get; } = spec;

    public bool Has(string key) => Spec.Has(key);

    public double Number(string key) => ParseNumber(key, Raw(key));

    public double? OptionalNumber(string key) => Spec.Has(key) ? ParseNumber(key, Spec[key]!) : null;

    public long Integer(string key) => ParseInteger(key, Raw(key));

    public long? OptionalInteger(string key) => Spec.Has(key) ? ParseInteger(key, Spec[key]!) : null;

    public bool Boolean(string key)
    {
        string raw = Raw(key);
        if (raw.Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (raw.Equals("false", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        throw new ArgumentException($"{key} must be true or false, got \"{raw}\"");
    }

    public long[] IntegerList(string key)
    {
        string raw = Raw(key);
        var items = raw.Split(';');
        var result = new long[items.Length];
        for (int i = 0; i < items.Length; i++)
        {
            string item = items[i].Trim();
            if (!TryInteger(item, out result[i]))
            {
                throw new ArgumentException($"{key} must be integers separated by ';' (such as 30;60;90), got \"{raw}\" (\"{item}\" is not an integer)");
            }
        }

        return result;
    }

    public string Choice(string key)
    {
        string raw = Raw(key);
        var def = KeyDefinition(key);
        var choices = def.Choices ?? [];
        string lower = raw.ToLowerInvariant();
        if (choices.Contains(lower))
        {
            return lower;
        }

        string core = def.InvalidChoiceMessage != null
            ? string.Format(CultureInfo.InvariantCulture, def.InvalidChoiceMessage, raw)
            : $"{key} must be one of {string.Join(", ", choices)}, got \"{raw}\"";
        throw new ArgumentException(core + Spelling.DidYouMean(raw, choices, $"valid {key}"));
    }

    private string Raw(string key) =>
        Spec[key] ?? KeyDefinition(key).Default ?? throw new ArgumentException($"{key} is required");

    private ScheduleKey KeyDefinition(string key) =>
        Spec.Definition.Keys.FirstOrDefault(k => k.Name == key) ?? throw new InvalidOperationException($"schedule {Spec.Name} has no key {key}");

    private static double ParseNumber(string key, string raw)
    {
        if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
        {
            throw new ArgumentException($"{key} must be a finite number such as 0.1 or 1e-4, got \"{raw}\"");
        }

        return value;
    }

    private static long ParseInteger(string key, string raw)
    {
        if (!TryInteger(raw, out long value))
        {
            throw new ArgumentException($"{key} must be an integer, got \"{raw}\"");
        }

        return value;
    }

    private static bool TryInteger(string raw, out long value)
    {
        if (long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
        {
            return true;
        }

        // "1e4" is a whole number too.
        if (double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && d == Math.Floor(d) && Math.Abs(d) < 9e15)
        {
            value = (long)d;
            return true;
        }

        return false;
    }
}
