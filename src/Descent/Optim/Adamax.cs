// Adamax (torch.optim.Adamax, PyTorch 2.x):
//   g ← −g (maximize);  g ← g + wd·p;  m ← lerp(m, g, 1 − β₁);  u ← max(β₂·u, |g| + ε);  p ← p − (lr/(1 − β₁ᵗ))·m/u
using Descent.Optim.Rules;

namespace Descent.Optim;

/// <summary>Adamax (Kingma &amp; Ba 2015, §7.1): m ← β₁m + (1 − β₁)g; u ← max(β₂u, |g| + ε); p ← p − lr/(1 − β₁ᵗ)·m/u.</summary>
/// <remarks>Matches <c>torch.optim.Adamax</c> (PyTorch 2.x): ε inside the maximum, first moment by <c>lerp</c>.</remarks>
public sealed class Adamax : ElementwiseOptimizer
{
    /// <summary>Creates Adamax over <paramref name="parameters"/>.</summary>
    /// <param name="parameters">The tensors to optimize.</param>
    /// <param name="lr">Learning rate.</param>
    /// <param name="beta1">Decay of the first moment.</param>
    /// <param name="beta2">Decay of the infinity norm.</param>
    /// <param name="eps">Added inside the maximum.</param>
    /// <param name="weightDecay">L2 penalty added to the gradient.</param>
    /// <param name="maximize">Maximize the objective.</param>
    /// <exception cref="ArgumentException">Invalid hyperparameters (PyTorch's messages) or parameters.</exception>
    public Adamax(IEnumerable<Tensor> parameters, double lr = 2e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0, bool maximize = false)
        : this(parameters, Hp.Options(("lr", lr), ("beta1", beta1), ("beta2", beta2), ("eps", eps), ("weight_decay", weightDecay), ("maximize", maximize)))
    {
    }

    private Adamax(IEnumerable<Tensor> parameters, IReadOnlyDictionary<string, HyperValue>? options)
        : base(Definition, parameters, options)
    {
    }

    /// <summary>The registry entry for <c>adamax</c>.</summary>
    public static OptimizerInfo Definition { get; } = new(
        "adamax",
        "Adam with the infinity norm (torch.optim.Adamax)",
        "m ← lerp(m, g, 1−β1); u ← max(β2·u, |g| + eps); p ← p − (lr/(1−β1^t))·m/u",
        "Kingma & Ba 2015 §7.1; torch.optim.Adamax (PyTorch 2.x)",
        [Hp.Lr(2e-3), Hp.Beta1(), Hp.Beta2(), Hp.Eps(1e-8, "added to |g| inside the maximum"), Hp.WeightDecay(), Hp.Maximize()],
        AdamMath.Validate,
        (ps, o) => new Adamax(ps, o));

    private protected override void InitState(ParamGroup group, Tensor p, ParamState state)
    {
        state.EnsureBuffer("exp_avg", p);
        state.EnsureBuffer("exp_inf", p);
    }

    private protected override void Update<T>(ParamGroup group, Tensor p, Tensor grad, ParamState state)
    {
        double lr = group.Lr, beta1 = group.Number("beta1");
        double clr = lr / (1 - Math.Pow(beta1, state.Step));
        var rule = new Chain<T, FlipSign<T>, AddDecayedWeights<T>, ScaleByAdamax<T>>(
            new(group.Flag("maximize")),
            new(group.Number("weight_decay")),
            new(beta1, group.Number("beta2"), group.Number("eps"), clr));
        FusedStep<T>.Run(rule, p, grad, state.Buffer("exp_avg"), state.Buffer("exp_inf"));
    }
}
