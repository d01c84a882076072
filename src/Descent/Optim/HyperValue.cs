using System.Globalization;

namespace Descent.Optim;

/// <summary>What a hyperparameter holds.</summary>
public enum HyperparameterKind
{
    /// <summary>A real number (<c>lr</c>, <c>beta1</c>, <c>eps</c>…).</summary>
    Number,

    /// <summary>A whole number (<c>history_size</c>, <c>max_iter</c>…).</summary>
    Integer,

    /// <summary>true or false (<c>amsgrad</c>, <c>nesterov</c>, <c>maximize</c>…).</summary>
    Boolean,

    /// <summary>One word out of a fixed set (<c>line_search_fn</c>, <c>init</c>).</summary>
    Choice,
}

/// <summary>
/// The value of one hyperparameter: a number, an integer, a boolean or a choice. Converts implicitly from <see cref="double"/>,
/// <see cref="int"/>, <see cref="bool"/> and <see cref="string"/>, so option dictionaries read naturally:
/// <c>new Dictionary&lt;string, HyperValue&gt; { ["lr"] = 0.1, ["amsgrad"] = true }</c>.
/// </summary>
public readonly struct HyperValue : IEquatable<HyperValue>
{
    private readonly double _number;
    private readonly string? _text;

    private HyperValue(HyperparameterKind kind, double number, string? text)
    {
        Kind = kind;
        _number = number;
        _text = text;
    }

    /// <summary>The kind of value held.</summary>
    public HyperparameterKind Kind { get; }

    /// <summary>A real-number value.</summary>
    public static HyperValue Number(double value) => new(HyperparameterKind.Number, value, null);

    /// <summary>A whole-number value.</summary>
    public static HyperValue Integer(long value) => new(HyperparameterKind.Integer, value, null);

    /// <summary>A boolean value.</summary>
    public static HyperValue Boolean(bool value) => new(HyperparameterKind.Boolean, value ? 1 : 0, null);

    /// <summary>A choice (a word such as <c>strong_wolfe</c>).</summary>
    public static HyperValue Choice(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(HyperparameterKind.Choice, 0, value);
    }

    /// <summary>Wraps a double.</summary>
    public static implicit operator HyperValue(double value) => Number(value);

    /// <summary>Wraps an int.</summary>
    public static implicit operator HyperValue(int value) => Integer(value);

    /// <summary>Wraps a bool.</summary>
    public static implicit operator HyperValue(bool value) => Boolean(value);

    /// <summary>Wraps a choice word.</summary>
    public static implicit operator HyperValue(string value) => Choice(value);

    /// <summary>Equality by kind and value.</summary>
    public static bool operator ==(HyperValue left, HyperValue right) => left.Equals(right);

    /// <summary>Inequality by kind and value.</summary>
    public static bool operator !=(HyperValue left, HyperValue right) => !left.Equals(right);

    /// <summary>The numeric value of a <see cref="HyperparameterKind.Number"/> or <see cref="HyperparameterKind.Integer"/>.</summary>
    /// <exception cref="InvalidOperationException">The value is a boolean or a choice.</exception>
    public double AsNumber() => Kind is HyperparameterKind.Number or HyperparameterKind.Integer
        ? _number
        : throw new InvalidOperationException($"Hyperparameter value {this} is a {Kind.ToString().ToLowerInvariant()}, not a number");

    /// <summary>The value of an <see cref="HyperparameterKind.Integer"/> (or of an integral <see cref="HyperparameterKind.Number"/>).</summary>
    /// <exception cref="InvalidOperationException">The value is not a whole number.</exception>
    public long AsInteger()
    {
        double v = AsNumber();
        return Math.Floor(v) == v && Math.Abs(v) < 9e15
            ? (long)v
            : throw new InvalidOperationException($"Hyperparameter value {this} is not a whole number");
    }

    /// <summary>The value of a <see cref="HyperparameterKind.Boolean"/>.</summary>
    /// <exception cref="InvalidOperationException">The value is not a boolean.</exception>
    public bool AsBoolean() => Kind == HyperparameterKind.Boolean
        ? _number != 0
        : throw new InvalidOperationException($"Hyperparameter value {this} is not a boolean");

    /// <summary>The word of a <see cref="HyperparameterKind.Choice"/>.</summary>
    /// <exception cref="InvalidOperationException">The value is not a choice.</exception>
    public string AsChoice() => Kind == HyperparameterKind.Choice
        ? _text!
        : throw new InvalidOperationException($"Hyperparameter value {this} is not a choice");

    /// <inheritdoc/>
    public bool Equals(HyperValue other) =>
        Kind == other.Kind && (Kind == HyperparameterKind.Choice ? _text == other._text : _number.Equals(other._number));

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is HyperValue v && Equals(v);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Kind, _number, _text);

    /// <summary>Shortest round-trip text with a lower-case, unpadded exponent (<c>1e-8</c>, <c>0.001</c>, <c>1.5e+20</c>).</summary>
    internal static string FormatNumber(double value)
    {
        var s = value.ToString("R", CultureInfo.InvariantCulture);
        int e = s.IndexOf('E', StringComparison.Ordinal);
        if (e < 0)
        {
            return s;
        }

        string sign = s[e + 1] is '-' or '+' ? s[(e + 1)..(e + 2)] : "";
        string digits = s[(e + 1 + sign.Length)..].TrimStart('0');
        return s[..e] + "e" + sign + (digits.Length == 0 ? "0" : digits);
    }

    /// <summary>The value as written in a spec string: shortest round-trip numbers, <c>true</c>/<c>false</c>, or the choice word.</summary>
    public override string ToString() => Kind switch
    {
        HyperparameterKind.Number => FormatNumber(_number),
        HyperparameterKind.Integer => ((long)_number).ToString(CultureInfo.InvariantCulture),
        HyperparameterKind.Boolean => _number != 0 ? "true" : "false",
        _ => _text ?? "",
    };
}
