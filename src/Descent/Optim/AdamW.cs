// AdamW (torch.optim.AdamW = Adam with decoupled weight decay, PyTorch 2.x):
//   p ← p·(1 − lr·wd);  m ← lerp(m, g, 1 − β₁);  v ← β₂·v + (1 − β₂)·g²;  [v_max ← max(v_max, v)];
//   p ← p − (lr/bc₁)·m / (√v/√bc₂ + ε)
using Descent.Optim.Rules;

namespace Descent.Optim;

/// <summary>
/// AdamW (Loshchilov &amp; Hutter 2019): p ← p·(1 − lr·wd), then the Adam update p ← p − lr·m̂/(√v̂ + ε). Default weight decay 1e-2.
/// </summary>
/// <remarks>Matches <c>torch.optim.AdamW</c> (PyTorch 2.x). Optax's <c>adamw</c> defaults to wd = 1e-4; PyTorch's default is used here.</remarks>
public sealed class AdamW : ElementwiseOptimizer
{
    /// <summary>Creates AdamW over <paramref name="parameters"/>.</summary>
    /// <param name="parameters">The tensors to optimize.</param>
    /// <param name="lr">Learning rate.</param>
    /// <param name="beta1">Decay of the first moment.</param>
    /// <param name="beta2">Decay of the second moment.</param>
    /// <param name="eps">Added to the denominator.</param>
    /// <param name="weightDecay">Decoupled weight decay coefficient.</param>
    /// <param name="amsgrad">Use the maximum of past second moments.</param>
    /// <param name="maximize">Maximize the objective.</param>
    /// <exception cref="ArgumentException">Invalid hyperparameters (PyTorch's messages) or parameters.</exception>
    public AdamW(IEnumerable<Tensor> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 1e-2, bool amsgrad = false, bool maximize = false)
        : this(parameters, Hp.Options(
            ("lr", lr), ("beta1", beta1), ("beta2", beta2), ("eps", eps), ("weight_decay", weightDecay), ("amsgrad", amsgrad), ("maximize", maximize)))
    {
    }

    private AdamW(IEnumerable<Tensor> parameters, IReadOnlyDictionary<string, HyperValue>? options)
        : base(Definition, parameters, options)
    {
    }

    /// <summary>The registry entry for <c>adamw</c>.</summary>
    public static OptimizerInfo Definition { get; } = new(
        "adamw",
        "Adam with decoupled weight decay (torch.optim.AdamW)",
        "p ← p·(1 − lr·wd); m ← lerp(m, g, 1−β1); v ← β2·v + (1−β2)·g²; p ← p − (lr/(1−β1^t))·m/(√v/√(1−β2^t) + eps)",
        "Loshchilov & Hutter 2019; torch.optim.AdamW (PyTorch 2.x)",
        [
            Hp.Lr(1e-3),
            Hp.Beta1(),
            Hp.Beta2(),
            Hp.Eps(1e-8),
            Hp.WeightDecay(1e-2, "decoupled weight decay: p ← p·(1 − lr·wd)"),
            Hp.Flag("amsgrad", false, "AMSGrad: use the running maximum of v"),
            Hp.Maximize(),
        ],
        AdamMath.Validate,
        (ps, o) => new AdamW(ps, o));

    private protected override void InitState(ParamGroup group, Tensor p, ParamState state) => AdamMath.Init(group, p, state);

    private protected override void Update<T>(ParamGroup group, Tensor p, Tensor grad, ParamState state) =>
        AdamMath.Update<T>(group, p, grad, state, decoupled: true, biasCorrection: true);
}
