namespace Descent.Optim;

/// <summary>Hyperparameter validation with PyTorch's wording (numbers formatted as Python prints them).</summary>
internal static class Check
{
    /// <summary>torch's <c>if not 0.0 &lt;= x: raise ValueError(f"Invalid {what}: {x}")</c>, also rejecting infinity.</summary>
    public static void NonNegative(IReadOnlyDictionary<string, HyperValue> v, string key, string what)
    {
        double x = v[key].AsNumber();
        if (!(x >= 0) || double.IsInfinity(x))
        {
            throw Invalid(key, $"Invalid {what}: {PyFormat.Float(x)}");
        }
    }

    /// <summary>A value in [lo, hi) (or [lo, hi] when <paramref name="inclusiveHigh"/>), with the given message.</summary>
    public static void InRange(IReadOnlyDictionary<string, HyperValue> v, string key, double lo, double hi, bool inclusiveHigh, string message)
    {
        double x = v[key].AsNumber();
        if (!(x >= lo && (inclusiveHigh ? x <= hi : x < hi)))
        {
            throw Invalid(key, message + PyFormat.Float(x));
        }
    }

    /// <summary>Adam's beta check: <c>not 0.0 &lt;= betas[i] &lt; 1.0</c> → <c>Invalid beta parameter at index i: β</c>.</summary>
    public static void Beta(IReadOnlyDictionary<string, HyperValue> v, string key, int index, bool allowOne = false) =>
        InRange(v, key, 0, 1, allowOne, $"Invalid beta parameter at index {index}: ");

    /// <summary>A whole number of at least <paramref name="min"/>.</summary>
    public static void AtLeast(IReadOnlyDictionary<string, HyperValue> v, string key, long min)
    {
        long x = v[key].AsInteger();
        if (x < min)
        {
            throw Invalid(key, $"Invalid {key} value: {PyFormat.Int(x)} (must be at least {PyFormat.Int(min)})");
        }
    }

    /// <summary>Every numeric hyperparameter must be finite (torch accepts inf for most; Descent does not).</summary>
    public static void AllFinite(IReadOnlyDictionary<string, HyperValue> v)
    {
        foreach (var (key, value) in v)
        {
            if (value.Kind == HyperparameterKind.Number && !double.IsFinite(value.AsNumber()))
            {
                throw Invalid(key, $"Invalid {key} value: {PyFormat.Float(value.AsNumber())}");
            }
        }
    }

    public static ArgumentOutOfRangeException Invalid(string key, string message) => new(key, message);
}
