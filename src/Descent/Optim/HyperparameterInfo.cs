namespace Descent.Optim;

/// <summary>The definition of one optimizer hyperparameter: its spec key (PyTorch's name), kind, default and meaning.</summary>
public sealed class HyperparameterInfo
{
    internal HyperparameterInfo(string name, HyperValue defaultValue, string description, IReadOnlyList<string>? choices = null, string? defaultText = null)
    {
        Name = name;
        Kind = defaultValue.Kind;
        Default = defaultValue;
        Description = description;
        Choices = choices ?? [];
        DefaultText = defaultText ?? defaultValue.ToString();
    }

    /// <summary>The key, as in PyTorch and in spec strings (<c>lr</c>, <c>weight_decay</c>, <c>beta1</c>…).</summary>
    public string Name { get; }

    /// <summary>The kind of value.</summary>
    public HyperparameterKind Kind { get; }

    /// <summary>The default value (for a derived default, the value it takes with the other defaults).</summary>
    public HyperValue Default { get; }

    /// <summary>The default as shown to users (e.g. <c>max_iter*5/4</c> for a derived default).</summary>
    public string DefaultText { get; }

    /// <summary>One line saying what it does.</summary>
    public string Description { get; }

    /// <summary>The allowed words of a <see cref="HyperparameterKind.Choice"/>; empty otherwise.</summary>
    public IReadOnlyList<string> Choices { get; }

    /// <summary>Whether a scheduler may change it between steps (numbers and integers).</summary>
    public bool IsNumeric => Kind is HyperparameterKind.Number or HyperparameterKind.Integer;

    /// <summary>Computes the default from the other values when the user did not give one (LBFGS's <c>max_eval</c>).</summary>
    internal Func<IReadOnlyDictionary<string, HyperValue>, HyperValue>? DerivedDefault { get; init; }

    /// <summary>
    /// Converts a user-supplied value to this hyperparameter's kind (an integer is accepted for a number, an integral number for an
    /// integer), or throws an <see cref="ArgumentException"/> naming the key, the value and what is expected.
    /// </summary>
    internal HyperValue Coerce(HyperValue value, string optimizer)
    {
        switch (Kind)
        {
            case HyperparameterKind.Number when value.Kind is HyperparameterKind.Number or HyperparameterKind.Integer:
                return HyperValue.Number(value.AsNumber());
            case HyperparameterKind.Integer when value.Kind is HyperparameterKind.Integer:
                return value;
            case HyperparameterKind.Integer when value.Kind is HyperparameterKind.Number:
                double d = value.AsNumber();
                if (Math.Floor(d) == d && Math.Abs(d) < 9e15)
                {
                    return HyperValue.Integer((long)d);
                }

                break;
            case HyperparameterKind.Boolean when value.Kind is HyperparameterKind.Boolean:
                return value;
            case HyperparameterKind.Choice when value.Kind is HyperparameterKind.Choice:
                var word = value.AsChoice();
                if (Choices.Contains(word))
                {
                    return value;
                }

                var close = Text.Spelling.Closest(word, Choices);
                throw new ArgumentException(
                    $"{optimizer}: invalid value \"{word}\" for {Name}" + (close != null ? $"; did you mean \"{close}\"? Valid: " : "; valid: ") +
                    string.Join(", ", Choices), Name);
        }

        string expected = Kind switch
        {
            HyperparameterKind.Number => "a number",
            HyperparameterKind.Integer => "a whole number",
            HyperparameterKind.Boolean => "true or false",
            _ => "one of " + string.Join(", ", Choices),
        };
        throw new ArgumentException($"{optimizer}: {Name} expects {expected}, got \"{value}\"", Name);
    }
}
