namespace Descent.Optim;

/// <summary>
/// What the registry knows about one optimizer: its name, a one-line summary, the update formula, the source it follows, its
/// hyperparameters with defaults, and a factory. <c>descent optimizers</c> prints these.
/// </summary>
public sealed class OptimizerInfo
{
    private readonly Func<IEnumerable<Tensor>, IReadOnlyDictionary<string, HyperValue>?, Optimizer> _factory;
    private readonly Action<IReadOnlyDictionary<string, HyperValue>> _validate;

    internal OptimizerInfo(
        string name,
        string summary,
        string formula,
        string source,
        IReadOnlyList<HyperparameterInfo> hyperparameters,
        Action<IReadOnlyDictionary<string, HyperValue>> validate,
        Func<IEnumerable<Tensor>, IReadOnlyDictionary<string, HyperValue>?, Optimizer> factory)
    {
        Name = name;
        Summary = summary;
        Formula = formula;
        Source = source;
        Hyperparameters = hyperparameters;
        _validate = validate;
        _factory = factory;
        var lists = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        AddList(lists, "betas", "beta1", "beta2");
        AddList(lists, "etas", "eta_minus", "eta_plus");
        AddList(lists, "step_sizes", "step_size_min", "step_size_max");
        ListKeys = lists;
    }

    /// <summary>The registry name (<c>adam</c>, <c>sgd</c>, <c>momentum_ema</c>…).</summary>
    public string Name { get; }

    /// <summary>One line saying what it is.</summary>
    public string Summary { get; }

    /// <summary>The per-step update, in plain notation.</summary>
    public string Formula { get; }

    /// <summary>The reference it follows (paper, PyTorch class, lecture) and any divergence.</summary>
    public string Source { get; }

    /// <summary>The hyperparameters in their canonical order, with defaults.</summary>
    public IReadOnlyList<HyperparameterInfo> Hyperparameters { get; }

    /// <summary>Keys that take a <c>;</c>-separated list in spec strings and the keys they set (<c>betas=0.9;0.99</c> sets beta1 and beta2).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> ListKeys { get; }

    /// <summary>Whether <see cref="Optimizer.Step(Func{double})"/> must be used (LBFGS, the look-ahead Nesterov).</summary>
    public bool RequiresClosure { get; init; }

    /// <summary>Whether more than one parameter group is allowed (false for LBFGS, as in PyTorch).</summary>
    public bool SupportsParamGroups { get; init; } = true;

    /// <summary>The definition of a key, or null.</summary>
    public HyperparameterInfo? Find(string key) => Hyperparameters.FirstOrDefault(h => h.Name == key);

    /// <summary>Creates the optimizer over <paramref name="parameters"/>; keys missing from <paramref name="options"/> take their defaults.</summary>
    /// <exception cref="ArgumentException">Empty or duplicate parameters, an unknown key, a value of the wrong kind, or an invalid value.</exception>
    public Optimizer Create(IEnumerable<Tensor> parameters, IReadOnlyDictionary<string, HyperValue>? options = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return _factory(parameters, options);
    }

    /// <summary>The full, validated set of values: defaults overlaid with <paramref name="options"/>.</summary>
    internal Dictionary<string, HyperValue> Complete(IReadOnlyDictionary<string, HyperValue>? options, IReadOnlyDictionary<string, HyperValue>? baseValues = null)
    {
        var result = new Dictionary<string, HyperValue>(StringComparer.Ordinal);
        if (options != null)
        {
            foreach (var (key, value) in options)
            {
                var info = Find(key) ?? throw UnknownKey(key);
                result[key] = info.Coerce(value, Name);
            }
        }

        foreach (var h in Hyperparameters)
        {
            if (!result.ContainsKey(h.Name) && h.DerivedDefault == null)
            {
                result[h.Name] = baseValues != null && baseValues.TryGetValue(h.Name, out var b) ? b : h.Default;
            }
        }

        foreach (var h in Hyperparameters)
        {
            if (!result.ContainsKey(h.Name))
            {
                result[h.Name] = baseValues != null && baseValues.TryGetValue(h.Name, out var b) ? b : h.DerivedDefault!(result);
            }
        }

        Validate(result);
        return result;
    }

    /// <summary>Runs the optimizer's checks (PyTorch's messages), then rejects any other non-finite number.</summary>
    internal void Validate(IReadOnlyDictionary<string, HyperValue> values)
    {
        _validate(values);
        Check.AllFinite(values);
    }

    internal ArgumentException UnknownKey(string key)
    {
        var names = Hyperparameters.Select(h => h.Name).ToArray();
        var close = Text.Spelling.Closest(key, names);
        return new ArgumentException(
            $"unknown hyperparameter \"{key}\" for {Name}" + (close != null ? $"; did you mean \"{close}\"? Valid: " : "; valid: ") +
            string.Join(", ", names), nameof(key));
    }

    private void AddList(Dictionary<string, IReadOnlyList<string>> lists, string key, string first, string second)
    {
        if (Find(first) != null && Find(second) != null)
        {
            lists[key] = [first, second];
        }
    }
}
