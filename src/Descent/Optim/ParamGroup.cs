namespace Descent.Optim;

/// <summary>
/// A set of parameters sharing hyperparameters (PyTorch's <c>param_group</c>). Values can be read and changed between steps;
/// every change is validated with the optimizer's rules (<c>group.Lr = -1</c> throws <c>Invalid learning rate: -1.0</c>).
/// </summary>
public sealed class ParamGroup
{
    private readonly Optimizer _owner;

    internal ParamGroup(Optimizer owner, IReadOnlyList<Tensor> parameters, Dictionary<string, HyperValue> values)
    {
        _owner = owner;
        Params = parameters;
        Values = values;
    }

    /// <summary>The parameters, in the order given.</summary>
    public IReadOnlyList<Tensor> Params { get; }

    /// <summary>Every hyperparameter of the group by its key (PyTorch names: <c>lr</c>, <c>beta1</c>, <c>amsgrad</c>…).</summary>
    public IReadOnlyDictionary<string, HyperValue> Hyperparameters => Values;

    /// <summary>The learning rate (<c>lr</c>).</summary>
    /// <exception cref="ArgumentException">Set to a negative or non-finite value.</exception>
    public double Lr
    {
        get => Number("lr");
        set => Set("lr", value);
    }

    internal Dictionary<string, HyperValue> Values { get; set; }

    /// <summary>A numeric hyperparameter by key; setting it validates the new value.</summary>
    /// <exception cref="ArgumentException">The key is unknown or not numeric, or the value is invalid.</exception>
    public double this[string name]
    {
        get => Number(name);
        set => Set(name, value);
    }

    /// <summary>A numeric (number or integer) hyperparameter.</summary>
    /// <exception cref="ArgumentException">The group has no numeric hyperparameter of that name.</exception>
    public double Number(string name) => Get(name).AsNumber();

    /// <summary>A boolean hyperparameter (<c>amsgrad</c>, <c>nesterov</c>, <c>maximize</c>…).</summary>
    /// <exception cref="ArgumentException">The group has no boolean hyperparameter of that name.</exception>
    public bool Flag(string name) => Get(name, HyperparameterKind.Boolean).AsBoolean();

    /// <summary>A choice hyperparameter (<c>line_search_fn</c>, <c>init</c>).</summary>
    /// <exception cref="ArgumentException">The group has no choice hyperparameter of that name.</exception>
    public string Choice(string name) => Get(name, HyperparameterKind.Choice).AsChoice();

    /// <summary>Sets a hyperparameter of any kind after validating it with the optimizer's rules; the next step uses it.</summary>
    /// <exception cref="ArgumentException">Unknown key, wrong kind or invalid value (the group is left unchanged).</exception>
    public void Set(string name, HyperValue value) => _owner.SetGroupValue(this, name, value);

    internal long Integer(string name) => Get(name).AsInteger();

    private HyperValue Get(string name, HyperparameterKind? kind = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!Values.TryGetValue(name, out var v))
        {
            throw _owner.UnknownHyperparameter(name, numericOnly: false);
        }

        if (kind != null ? v.Kind != kind : !(v.Kind is HyperparameterKind.Number or HyperparameterKind.Integer))
        {
            throw new ArgumentException($"{_owner.Name}: hyperparameter \"{name}\" is a {v.Kind.ToString().ToLowerInvariant()} ({v})", nameof(name));
        }

        return v;
    }
}
