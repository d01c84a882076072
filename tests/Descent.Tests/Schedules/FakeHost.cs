using Descent.Optim;

namespace Descent.Tests.Schedules;

/// <summary>A minimal <see cref="IHyperparameterHost"/>: groups of named values, a settable step count, attached components.</summary>
internal sealed class FakeHost : IHyperparameterHost
{
    private readonly List<Dictionary<string, double>> _groups;

    public FakeHost(params Dictionary<string, double>[] groups) => _groups = [.. groups];

    /// <summary>SGD-like groups: lr and momentum.</summary>
    public static FakeHost Sgd(double lr, double momentum = 0.9, int groups = 1) =>
        new(Enumerable.Range(0, groups).Select(_ => new Dictionary<string, double> { ["lr"] = lr, ["momentum"] = momentum }).ToArray());

    /// <summary>Adam-like groups: lr, beta1, beta2.</summary>
    public static FakeHost Adam(double lr, double beta1 = 0.9) =>
        new(new Dictionary<string, double> { ["lr"] = lr, ["beta1"] = beta1, ["beta2"] = 0.999 });

    public List<IStateComponent> Components { get; } = [];

    public long StepCount { get; set; }

    public int GroupCount => _groups.Count;

    public bool HasHyperparameter(int group, string name) => _groups[group].ContainsKey(name);

    public double GetHyperparameter(int group, string name) =>
        _groups[group].TryGetValue(name, out double v) ? v : throw new ArgumentException($"group {group} has no {name}");

    public void SetHyperparameter(int group, string name, double value)
    {
        if (!_groups[group].ContainsKey(name))
        {
            throw new ArgumentException($"group {group} has no {name}");
        }

        _groups[group][name] = value;
    }

    public void Attach(IStateComponent component)
    {
        if (Components.Any(c => c.StateKey == component.StateKey))
        {
            throw new ArgumentException($"a component with key {component.StateKey} is already attached");
        }

        Components.Add(component);
    }

    public void AddGroup(Dictionary<string, double> group) => _groups.Add(group);

    /// <summary>An optimizer step: only the counter matters to schedulers.</summary>
    public void OptimizerStep() => StepCount++;

    public double this[string name, int group = 0] => _groups[group][name];

    public Dictionary<string, IReadOnlyDictionary<string, double>> SaveComponents() =>
        Components.ToDictionary(c => c.StateKey, c => c.SaveState());

    public void LoadComponents(Dictionary<string, IReadOnlyDictionary<string, double>> state)
    {
        foreach (var c in Components)
        {
            c.LoadState(state[c.StateKey]);
        }
    }
}
