using System.Numerics;

namespace Descent.Optim;

/// <summary>
/// An optimizer whose update is elementwise per parameter (every optimizer here but LBFGS): for each parameter with a gradient it
/// creates the state on first use, increments the step, and runs one fused SIMD pass over parameter, gradient and state.
/// </summary>
public abstract class ElementwiseOptimizer : Optimizer
{
    private protected ElementwiseOptimizer(OptimizerInfo info, IEnumerable<Tensor> parameters, IReadOnlyDictionary<string, HyperValue>? options)
        : base(info, parameters, options)
    {
    }

    /// <summary>Creates a parameter's state buffers (torch's "lazy state initialization"); called once, before its first update.</summary>
    private protected abstract void InitState(ParamGroup group, Tensor p, ParamState state);

    /// <summary>Updates one parameter in place from its gradient; <paramref name="state"/>.Step already counts this update.</summary>
    private protected abstract void Update<T>(ParamGroup group, Tensor p, Tensor grad, ParamState state)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>;

    /// <summary>Every buffer and scalar that a fresh state would have (<see cref="InitState"/> under the saved values) must be there.</summary>
    private protected override string? CheckSavedState(IReadOnlyDictionary<string, HyperValue> values, Tensor parameter, ParamStateEntry entry)
    {
        var template = new ParamState();
        InitState(new ParamGroup(this, [parameter], new Dictionary<string, HyperValue>(values, StringComparer.Ordinal)), parameter, template);
        var missing = template.BufferMap.Keys.Where(k => !entry.Buffers.ContainsKey(k))
            .Concat(template.ScalarMap.Keys.Where(k => !entry.Scalars.ContainsKey(k))).ToList();
        return missing.Count == 0 ? null : $"lacks {string.Join(", ", missing.Select(k => $"\"{k}\""))}, which {Name} keeps for every parameter";
    }

    // Separate so that the lambda's closure is allocated only when a state is created, not on every step.
    private ParamState CreateState(ParamGroup group, Tensor p) => StateFor(p, s => InitState(group, p, s));

    private protected override void UpdateParameters()
    {
        for (int gi = 0; gi < ParamGroups.Count; gi++)
        {
            var group = ParamGroups[gi];
            for (int i = 0; i < group.Params.Count; i++)
            {
                var p = group.Params[i];
                var grad = p.Grad;
                if (grad == null)
                {
                    continue;
                }

                CheckGradient(p, grad, gi, i);
                var state = GetState(p) ?? CreateState(group, p);
                state.Step++;
                if (p.DType == DType.Float32)
                {
                    Update<float>(group, p, grad, state);
                }
                else
                {
                    Update<double>(group, p, grad, state);
                }
            }
        }
    }
}
