// RAdam (torch.optim.RAdam, PyTorch 2.x):
//   g ← −g (maximize);  g ← g + wd·p (L2) | p ← p·(1 − lr·wd) (decoupled);
//   m ← lerp(m, g, 1 − β₁);  v ← β₂·v + (1 − β₂)·g²;  m̂ = m/bc₁;
//   ρ∞ = 2/(1 − β₂) − 1;  ρₜ = ρ∞ − 2tβ₂ᵗ/bc₂;
//   ρₜ > 5:  r = √((ρₜ−4)(ρₜ−2)ρ∞ / ((ρ∞−4)(ρ∞−2)ρₜ));  p ← p − m̂·lr·(√bc₂/(√v + ε))·r
//   else:    p ← p − m̂·lr
using Descent.Optim.Rules;

namespace Descent.Optim;

/// <summary>
/// Rectified Adam (Liu et al. 2020): while the variance of the adaptive rate is intractable (ρₜ ≤ 5) it takes SGD-with-momentum
/// steps p ← p − lr·m̂; afterwards p ← p − lr·m̂·√(1 − β₂ᵗ)/(√v + ε)·r with the rectification term r.
/// </summary>
/// <remarks>Matches <c>torch.optim.RAdam</c> (PyTorch 2.x): ε is added to the uncorrected √v. With β₂ = 0.999 the first rectified step is t = 6.</remarks>
public sealed class RAdam : ElementwiseOptimizer
{
    /// <summary>Creates RAdam over <paramref name="parameters"/>.</summary>
    /// <param name="parameters">The tensors to optimize.</param>
    /// <param name="lr">Learning rate.</param>
    /// <param name="beta1">Decay of the first moment.</param>
    /// <param name="beta2">Decay of the second moment.</param>
    /// <param name="eps">Added to √v.</param>
    /// <param name="weightDecay">Weight decay (L2 unless <paramref name="decoupledWeightDecay"/>).</param>
    /// <param name="decoupledWeightDecay">Decay the weights directly.</param>
    /// <param name="maximize">Maximize the objective.</param>
    /// <exception cref="ArgumentException">Invalid hyperparameters (PyTorch's messages) or parameters.</exception>
    public RAdam(IEnumerable<Tensor> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0, bool decoupledWeightDecay = false, bool maximize = false)
        : this(parameters, Hp.Options(
            ("lr", lr), ("beta1", beta1), ("beta2", beta2), ("eps", eps), ("weight_decay", weightDecay),
            ("decoupled_weight_decay", decoupledWeightDecay), ("maximize", maximize)))
    {
    }

    private RAdam(IEnumerable<Tensor> parameters, IReadOnlyDictionary<string, HyperValue>? options)
        : base(Definition, parameters, options)
    {
    }

    /// <summary>The registry entry for <c>radam</c>.</summary>
    public static OptimizerInfo Definition { get; } = new(
        "radam",
        "Rectified Adam: momentum steps until the adaptive rate's variance is tractable (torch.optim.RAdam)",
        "m ← lerp(m, g, 1−β1); v ← β2·v + (1−β2)·g²; m̂ = m/(1−β1^t); ρt = ρ∞ − 2tβ2^t/(1−β2^t); " +
        "ρt > 5: p ← p − lr·m̂·√(1−β2^t)/(√v + eps)·r, else p ← p − lr·m̂",
        "Liu et al. 2020; torch.optim.RAdam (PyTorch 2.x)",
        [
            Hp.Lr(1e-3),
            Hp.Beta1(),
            Hp.Beta2(),
            Hp.Eps(1e-8),
            Hp.WeightDecay(0, "weight decay: L2, or p ← p·(1 − lr·wd) when decoupled"),
            Hp.Flag("decoupled_weight_decay", false, "decay the weights directly"),
            Hp.Maximize(),
        ],
        AdamMath.Validate,
        (ps, o) => new RAdam(ps, o));

    private protected override void InitState(ParamGroup group, Tensor p, ParamState state)
    {
        state.EnsureBuffer("exp_avg", p);
        state.EnsureBuffer("exp_avg_sq", p);
    }

    private protected override void Update<T>(ParamGroup group, Tensor p, Tensor grad, ParamState state)
    {
        double lr = group.Lr, beta1 = group.Number("beta1"), beta2 = group.Number("beta2"), wd = group.Number("weight_decay");
        bool decoupled = group.Flag("decoupled_weight_decay");
        double t = state.Step;
        double bc1 = 1 - Math.Pow(beta1, t);
        double bc2 = 1 - Math.Pow(beta2, t);
        double rhoInf = (2 / (1 - beta2)) - 1;
        double rhoT = rhoInf - (2 * t * Math.Pow(beta2, t) / bc2);
        bool rectified = rhoT > 5.0;
        double rect = rectified ? Math.Pow((rhoT - 4) * (rhoT - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rhoT), 0.5) : 0;
        var rule = new Chain<T, FlipSign<T>, AddDecayedWeights<T>, DecoupledWeightDecay<T>, ScaleByRAdam<T>>(
            new(group.Flag("maximize")),
            new(decoupled ? 0 : wd),
            new(lr, decoupled ? wd : 0),
            new(beta1, beta2, group.Number("eps"), lr, bc1, Math.Pow(bc2, 0.5), rect, rectified));
        FusedStep<T>.Run(rule, p, grad, state.Buffer("exp_avg"), state.Buffer("exp_avg_sq"));
    }
}
