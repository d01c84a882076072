namespace Descent.Optim;

/// <summary>Short constructors for the hyperparameter tables of the optimizer definitions.</summary>
internal static class Hp
{
    public static HyperparameterInfo Lr(double value) => new("lr", HyperValue.Number(value), "learning rate η");

    public static HyperparameterInfo Num(string name, double value, string description) => new(name, HyperValue.Number(value), description);

    public static HyperparameterInfo Int(string name, long value, string description) => new(name, HyperValue.Integer(value), description);

    public static HyperparameterInfo Flag(string name, bool value, string description) => new(name, HyperValue.Boolean(value), description);

    public static HyperparameterInfo Choice(string name, string value, string[] choices, string description) =>
        new(name, HyperValue.Choice(value), description, choices);

    public static HyperparameterInfo Maximize() => Flag("maximize", false, "maximize the objective instead of minimizing it (g ← −g)");

    public static HyperparameterInfo WeightDecay(double value = 0, string description = "L2 penalty: g ← g + wd·p") =>
        Num("weight_decay", value, description);

    public static HyperparameterInfo Beta1(double value = 0.9) => Num("beta1", value, "decay of the first-moment average (torch betas[0])");

    public static HyperparameterInfo Beta2(double value = 0.999) => Num("beta2", value, "decay of the second-moment average (torch betas[1])");

    public static HyperparameterInfo Eps(double value, string description = "added to the denominator for numerical stability") =>
        Num("eps", value, description);

    /// <summary>A dictionary of options from the public constructors' arguments.</summary>
    public static Dictionary<string, HyperValue> Options(params (string Key, HyperValue Value)[] values)
    {
        var d = new Dictionary<string, HyperValue>(StringComparer.Ordinal);
        foreach (var (k, v) in values)
        {
            d[k] = v;
        }

        return d;
    }
}
