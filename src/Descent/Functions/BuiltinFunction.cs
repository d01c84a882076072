namespace Descent.Functions;

/// <summary>
/// A function an expression may call, with its scalar form (for fast grid evaluation) and its tensor form (for autograd).
/// </summary>
internal sealed class BuiltinFunction
{
    private BuiltinFunction(string name, Func<double, double> scalar, Func<Tensor, Tensor> tensor)
    {
        Name = name;
        Scalar = scalar;
        Tensor = tensor;
    }

    /// <summary>Every function, in the order error messages list them.</summary>
    public static IReadOnlyList<BuiltinFunction> All { get; } =
    [
        new("sin", Math.Sin, t => t.Sin()),
        new("cos", Math.Cos, t => t.Cos()),
        new("tan", Math.Tan, t => t.Tan()),
        new("exp", Math.Exp, t => t.Exp()),
        new("log", Math.Log, t => t.Log()),
        new("sqrt", Math.Sqrt, t => t.Sqrt()),
        new("abs", Math.Abs, t => t.Abs()),
        new("tanh", Math.Tanh, t => t.Tanh()),
        new("sigmoid", x => 1.0 / (1.0 + Math.Exp(-x)), t => t.Sigmoid()),
    ];

    /// <summary>The names, comma-separated, for messages.</summary>
    public static string NameList { get; } = string.Join(", ", All.Select(f => f.Name));

    /// <summary>The name used in expressions (lower case).</summary>
    public string Name { get; }

    /// <summary>The function on one double.</summary>
    public Func<double, double> Scalar { get; }

    /// <summary>The function as a differentiable tensor op.</summary>
    public Func<Tensor, Tensor> Tensor { get; }

    /// <summary>The function called <paramref name="name"/> (case-sensitive), or null.</summary>
    public static BuiltinFunction? Find(string name)
    {
        foreach (var f in All)
        {
            if (f.Name == name)
            {
                return f;
            }
        }

        return null;
    }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
