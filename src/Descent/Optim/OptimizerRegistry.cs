using System.Globalization;

namespace Descent.Optim;

/// <summary>
/// Every optimizer by name, with its keys, defaults, formula and summary, and a factory from spec strings:
/// <c>OptimizerRegistry.Create("adam:lr=0.01,amsgrad=true", model.Parameters())</c>.
/// </summary>
public static class OptimizerRegistry
{
    /// <summary>All optimizers: the lectures' formulations first, then PyTorch's, roughly from simple to complex.</summary>
    public static IReadOnlyList<OptimizerInfo> All { get; } =
    [
        GradientDescent.Definition,
        Sgd.Definition,
        Momentum.Definition,
        MomentumEma.Definition,
        Nesterov.Definition,
        Adagrad.Definition,
        RmsProp.Definition,
        Adadelta.Definition,
        Adam.Definition,
        AdamW.Definition,
        Adamax.Definition,
        NAdam.Definition,
        RAdam.Definition,
        Rprop.Definition,
        Lion.Definition,
        Lbfgs.Definition,
    ];

    /// <summary>The registered names, in <see cref="All"/>'s order.</summary>
    public static IReadOnlyList<string> Names { get; } = All.Select(i => i.Name).ToArray();

    /// <summary>The optimizer called <paramref name="name"/> (case-insensitive).</summary>
    /// <exception cref="ArgumentException">No such optimizer; the message suggests the closest name and lists the valid ones.</exception>
    public static OptimizerInfo Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (TryGet(name, out var info))
        {
            return info;
        }

        var close = Text.Spelling.Closest(name, Names);
        throw new ArgumentException(
            $"unknown optimizer \"{name}\"" + (close != null ? $"; did you mean \"{close}\"? Valid: " : "; valid: ") + string.Join(", ", Names),
            nameof(name));
    }

    /// <summary>Looks an optimizer up by name (case-insensitive).</summary>
    public static bool TryGet(string name, out OptimizerInfo info)
    {
        ArgumentNullException.ThrowIfNull(name);
        var key = name.Trim().ToLowerInvariant();
        info = All.FirstOrDefault(i => i.Name == key)!;
        return info != null;
    }

    /// <summary>Creates the optimizer a spec string describes over <paramref name="parameters"/>.</summary>
    /// <exception cref="ArgumentException">Malformed spec, unknown optimizer or key, wrong value kind, invalid value, or invalid parameters.</exception>
    public static Optimizer Create(string spec, IEnumerable<Tensor> parameters) => Create(OptimizerSpec.Parse(spec), parameters);

    /// <summary>Creates the optimizer a parsed spec describes over <paramref name="parameters"/>.</summary>
    /// <exception cref="ArgumentException">Unknown optimizer or key, wrong value kind, invalid value, or invalid parameters.</exception>
    public static Optimizer Create(OptimizerSpec spec, IEnumerable<Tensor> parameters)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(parameters);
        var info = Get(spec.Name);
        return info.Create(parameters, ResolveOptions(info, spec));
    }

    /// <summary>
    /// The spec's values as hyperparameters of <paramref name="info"/>: list keys expanded (<c>betas</c> → <c>beta1</c>, <c>beta2</c>),
    /// every key checked (with a did-you-mean suggestion) and converted to its kind. Keys not in the spec are left out (they take defaults).
    /// </summary>
    /// <exception cref="ArgumentException">An unknown key, a list of the wrong length, a key given twice, or a value of the wrong kind.</exception>
    public static IReadOnlyDictionary<string, HyperValue> ResolveOptions(OptimizerInfo info, OptimizerSpec spec)
    {
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(spec);
        var result = new Dictionary<string, HyperValue>(StringComparer.Ordinal);
        foreach (var key in spec.Keys)
        {
            if (spec.Lists.TryGetValue(key, out var list))
            {
                if (!info.ListKeys.TryGetValue(key, out var targets))
                {
                    if (info.Find(key) != null)
                    {
                        throw new ArgumentException($"{info.Name}: key \"{key}\" takes one value, got a list ({string.Join(";", list.Select(Format))})", nameof(spec));
                    }

                    throw UnknownKey(info, key);
                }

                if (list.Count != targets.Count)
                {
                    throw new ArgumentException(
                        $"{info.Name}: \"{key}\" expects {targets.Count} values separated by ';' ({string.Join(";", targets)}), got {list.Count}", nameof(spec));
                }

                for (int i = 0; i < targets.Count; i++)
                {
                    Add(info, result, targets[i], HyperValue.Number(list[i]), key);
                }
            }
            else if (info.ListKeys.TryGetValue(key, out var targets))
            {
                throw new ArgumentException(
                    $"{info.Name}: \"{key}\" expects {targets.Count} values separated by ';' ({string.Join(";", targets)}), got \"{spec.Values[key]}\"", nameof(spec));
            }
            else
            {
                var h = info.Find(key) ?? throw UnknownKey(info, key);
                Add(info, result, key, h.Coerce(spec.Values[key], info.Name), key);
            }
        }

        return result;
    }

    private static void Add(OptimizerInfo info, Dictionary<string, HyperValue> result, string key, HyperValue value, string writtenAs)
    {
        if (!result.TryAdd(key, value))
        {
            throw new ArgumentException($"{info.Name}: \"{key}\" is set twice (also through \"{writtenAs}\")", nameof(key));
        }
    }

    private static ArgumentException UnknownKey(OptimizerInfo info, string key)
    {
        var names = info.Hyperparameters.Select(h => h.Name).Concat(info.ListKeys.Keys).ToArray();
        var close = Text.Spelling.Closest(key, names);
        return new ArgumentException(
            $"unknown hyperparameter \"{key}\" for {info.Name}" + (close != null ? $"; did you mean \"{close}\"? Valid: " : "; valid: ") +
            string.Join(", ", names), nameof(key));
    }

    private static string Format(double x) => x.ToString("R", CultureInfo.InvariantCulture);
}
