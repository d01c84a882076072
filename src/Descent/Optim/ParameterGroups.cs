using System.Text.RegularExpressions;

namespace Descent.Optim;

/// <summary>A rule that puts matching parameters into one group with its own hyperparameters.</summary>
/// <param name="Description">A short label for summaries and errors, such as <c>biases and norms</c>.</param>
/// <param name="Matches">Whether a named parameter belongs to the group.</param>
/// <param name="Options">Hyperparameters that override the optimizer spec for this group (e.g. <c>weight_decay</c> = 0).</param>
public sealed record GroupRule(string Description, Func<string, Tensor, bool> Matches, IReadOnlyDictionary<string, HyperValue> Options)
{
    /// <summary>A rule matching parameter names against a regular expression (e.g. <c>\.bias$</c>).</summary>
    public static GroupRule ByName(string pattern, IReadOnlyDictionary<string, HyperValue> options)
    {
        var regex = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        return new GroupRule($"names matching /{pattern}/", (name, _) => regex.IsMatch(name), options);
    }
}

/// <summary>
/// Builds optimizers whose parameters are split into groups by name or predicate (PyTorch's per-parameter options), including
/// the common preset that exempts biases and normalisation weights from weight decay.
/// </summary>
/// <remarks>
/// Each parameter goes to the first rule that matches it, or else to the default group that uses the spec's hyperparameters, so
/// groups are disjoint and cover every parameter by construction. Empty groups are left out.
/// </remarks>
public static class ParameterGroups
{
    /// <summary>Whether a parameter is a bias or a normalisation weight: every parameter with fewer than two dimensions.</summary>
    public static bool IsBiasOrNorm(string name, Tensor parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        return parameter.Rank < 2;
    }

    /// <summary>
    /// An optimizer from <paramref name="spec"/> whose biases and normalisation weights get <c>weight_decay = 0</c> (the usual
    /// AdamW recipe: decaying them does not regularise and hurts).
    /// </summary>
    public static Optimizer NoDecayForBiasAndNorm(string spec, IEnumerable<(string Name, Tensor Parameter)> parameters) =>
        Create(spec, parameters, new GroupRule("biases and norms", IsBiasOrNorm, new Dictionary<string, HyperValue> { ["weight_decay"] = 0.0 }));

    /// <summary>An optimizer whose parameters are grouped by <paramref name="rules"/>; unmatched parameters use the spec as given.</summary>
    /// <exception cref="ArgumentException">No parameters, a duplicate parameter, or an option the optimizer does not have.</exception>
    public static Optimizer Create(string spec, IEnumerable<(string Name, Tensor Parameter)> parameters, params GroupRule[] rules)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(rules);
        var all = parameters.ToList();
        if (all.Count == 0)
        {
            throw new ArgumentException("optimizer got an empty parameter list", nameof(parameters));
        }

        var buckets = new List<Tensor>[rules.Length];
        var rest = new List<Tensor>();
        for (int r = 0; r < rules.Length; r++)
        {
            buckets[r] = [];
        }

        foreach (var (name, p) in all)
        {
            int r = Array.FindIndex(rules, rule => rule.Matches(name, p));
            (r >= 0 ? buckets[r] : rest).Add(p);
        }

        Optimizer? optimizer = rest.Count > 0 ? OptimizerRegistry.Create(spec, rest) : null;
        for (int r = 0; r < rules.Length; r++)
        {
            if (buckets[r].Count == 0)
            {
                continue;
            }

            if (optimizer == null)
            {
                // Every parameter matched a rule: the first non-empty rule's group is created from the spec, then overridden.
                optimizer = OptimizerRegistry.Create(spec, buckets[r]);
                foreach (var (key, value) in rules[r].Options)
                {
                    optimizer.SetHyperparameter(0, key, value.AsNumber());
                }
            }
            else
            {
                optimizer.AddParamGroup(buckets[r], rules[r].Options);
            }
        }

        return optimizer!;
    }
}
