// NAdam (torch.optim.NAdam, PyTorch 2.x):
//   g ← −g (maximize);  g ← g + wd·p (L2) | p ← p·(1 − lr·wd) (decoupled);
//   μₜ = β₁(1 − ½·0.96^(t·ψ)),  μₜ₊₁ = β₁(1 − ½·0.96^((t+1)·ψ)),  Πμ ← Πμ·μₜ;
//   m ← lerp(m, g, 1 − β₁);  v ← β₂·v + (1 − β₂)·g²;  d = √(v/bc₂) + ε;
//   p ← p − lr(1 − μₜ)/(1 − Πμ)·g/d;   p ← p − lr·μₜ₊₁/(1 − Πμ·μₜ₊₁)·m/d
using Descent.Optim.Rules;

namespace Descent.Optim;

/// <summary>
/// NAdam (Dozat 2016), Adam with Nesterov momentum and a momentum schedule μₜ = β₁(1 − ½·0.96^(tψ)):
/// p ← p − lr(1 − μₜ)/(1 − Πμ)·g/d − lr·μₜ₊₁/(1 − Πμ·μₜ₊₁)·m/d with d = √(v/(1 − β₂ᵗ)) + ε.
/// </summary>
/// <remarks>
/// Matches <c>torch.optim.NAdam</c> of PyTorch 2.x, which fixed 1.13's double counting of μₜ in the next product
/// (1.13: Πμ·μₜ·μₜ₊₁). torch keeps the running product Πμ in a 0-dim tensor of its default dtype; Descent keeps it in the
/// parameter's dtype (rounded to float32 for float32 parameters after each multiplication), which is what torch does when its default
/// dtype matches the parameters (float32 training, or float64 after <c>torch.set_default_dtype(torch.float64)</c>).
/// </remarks>
public sealed class NAdam : ElementwiseOptimizer
{
    /// <summary>Creates NAdam over <paramref name="parameters"/>.</summary>
    /// <param name="parameters">The tensors to optimize.</param>
    /// <param name="lr">Learning rate.</param>
    /// <param name="beta1">Decay of the first moment.</param>
    /// <param name="beta2">Decay of the second moment.</param>
    /// <param name="eps">Added to the denominator.</param>
    /// <param name="weightDecay">Weight decay (L2 unless <paramref name="decoupledWeightDecay"/>).</param>
    /// <param name="momentumDecay">ψ in the momentum schedule.</param>
    /// <param name="decoupledWeightDecay">Decay the weights directly (NAdamW).</param>
    /// <param name="maximize">Maximize the objective.</param>
    /// <exception cref="ArgumentException">Invalid hyperparameters (PyTorch's messages) or parameters.</exception>
    public NAdam(
        IEnumerable<Tensor> parameters,
        double lr = 2e-3,
        double beta1 = 0.9,
        double beta2 = 0.999,
        double eps = 1e-8,
        double weightDecay = 0,
        double momentumDecay = 4e-3,
        bool decoupledWeightDecay = false,
        bool maximize = false)
        : this(parameters, Hp.Options(
            ("lr", lr), ("beta1", beta1), ("beta2", beta2), ("eps", eps), ("weight_decay", weightDecay), ("momentum_decay", momentumDecay),
            ("decoupled_weight_decay", decoupledWeightDecay), ("maximize", maximize)))
    {
    }

    private NAdam(IEnumerable<Tensor> parameters, IReadOnlyDictionary<string, HyperValue>? options)
        : base(Definition, parameters, options)
    {
    }

    /// <summary>The registry entry for <c>nadam</c>.</summary>
    public static OptimizerInfo Definition { get; } = new(
        "nadam",
        "Adam with Nesterov momentum and a momentum schedule (torch.optim.NAdam, 2.x formula)",
        "μt = β1(1 − 0.5·0.96^(t·ψ)); Πμ ← Πμ·μt; m ← lerp(m, g, 1−β1); v ← β2·v + (1−β2)·g²; d = √(v/(1−β2^t)) + eps; " +
        "p ← p − lr(1−μt)/(1−Πμ)·g/d − lr·μ(t+1)/(1−Πμ·μ(t+1))·m/d",
        "Dozat 2016; torch.optim.NAdam (PyTorch 2.x)",
        [
            Hp.Lr(2e-3),
            Hp.Beta1(),
            Hp.Beta2(),
            Hp.Eps(1e-8),
            Hp.WeightDecay(0, "weight decay: L2, or p ← p·(1 − lr·wd) when decoupled"),
            Hp.Num("momentum_decay", 4e-3, "ψ in the momentum schedule μt = β1(1 − 0.5·0.96^(tψ))"),
            Hp.Flag("decoupled_weight_decay", false, "decay the weights directly (NAdamW)"),
            Hp.Maximize(),
        ],
        Validate,
        (ps, o) => new NAdam(ps, o));

    private static void Validate(IReadOnlyDictionary<string, HyperValue> v)
    {
        AdamMath.Validate(v);
        Check.NonNegative(v, "momentum_decay", "momentum_decay value");
    }

    private protected override void InitState(ParamGroup group, Tensor p, ParamState state)
    {
        state.ScalarMap["mu_product"] = 1.0;
        state.EnsureBuffer("exp_avg", p);
        state.EnsureBuffer("exp_avg_sq", p);
    }

    private protected override void Update<T>(ParamGroup group, Tensor p, Tensor grad, ParamState state)
    {
        double lr = group.Lr, beta1 = group.Number("beta1"), beta2 = group.Number("beta2"), wd = group.Number("weight_decay");
        double psi = group.Number("momentum_decay");
        bool decoupled = group.Flag("decoupled_weight_decay");
        double t = state.Step;
        double bc2 = 1 - Math.Pow(beta2, t);
        double mu = beta1 * (1.0 - (0.5 * Math.Pow(0.96, t * psi)));
        double muNext = beta1 * (1.0 - (0.5 * Math.Pow(0.96, (t + 1) * psi)));
        double product = state.ScalarMap["mu_product"];
        product = typeof(T) == typeof(float) ? (float)product * (float)mu : product * mu;
        state.ScalarMap["mu_product"] = product;
        double productNext = product * muNext;
        var rule = new Chain<T, FlipSign<T>, AddDecayedWeights<T>, DecoupledWeightDecay<T>, ScaleByNAdam<T>>(
            new(group.Flag("maximize")),
            new(decoupled ? 0 : wd),
            new(lr, decoupled ? wd : 0),
            new(beta1, beta2, group.Number("eps"), bc2, -lr * (1.0 - mu) / (1.0 - product), -lr * muNext / (1.0 - productNext)));
        FusedStep<T>.Run(rule, p, grad, state.Buffer("exp_avg"), state.Buffer("exp_avg_sq"));
    }
}
