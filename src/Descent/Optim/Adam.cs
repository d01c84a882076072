// Adam (torch.optim.Adam, PyTorch 2.x single-tensor path):
//   g ← −g (maximize);  g ← g + wd·p (L2)  |  p ← p·(1 − lr·wd) (decoupled_weight_decay);
//   m ← lerp(m, g, 1 − β₁);  v ← β₂·v + (1 − β₂)·g²;  [v_max ← max(v_max, v)];
//   p ← p − (lr/bc₁)·m / (√v/√bc₂ + ε),   bc₁ = 1 − β₁ᵗ, bc₂ = 1 − β₂ᵗ (both 1 with bias_correction=false)
using System.Numerics;
using Descent.Optim.Rules;

namespace Descent.Optim;

/// <summary>
/// Adam (Kingma &amp; Ba 2015): m ← β₁m + (1 − β₁)g; v ← β₂v + (1 − β₂)g²; p ← p − lr·m̂/(√v̂ + ε) with m̂ = m/(1 − β₁ᵗ),
/// v̂ = v/(1 − β₂ᵗ); optional AMSGrad, L2 or decoupled weight decay, maximize, and the lectures' form without bias correction.
/// </summary>
/// <remarks>
/// Matches <c>torch.optim.Adam</c> (PyTorch 2.x) bit for bit on FMA CPUs: <c>lerp</c> for m, ε added after dividing √v by √bc₂,
/// AMSGrad over the uncorrected v. <c>bias_correction=false</c> gives the lectures' Adam (p ← p − lr·m/(√v + ε)), which torch lacks.
/// Composed as FlipSign → AddDecayedWeights → DecoupledWeightDecay → ScaleByAdam, one fused pass.
/// </remarks>
public sealed class Adam : ElementwiseOptimizer
{
    /// <summary>Creates Adam over <paramref name="parameters"/>.</summary>
    /// <param name="parameters">The tensors to optimize.</param>
    /// <param name="lr">Learning rate.</param>
    /// <param name="beta1">Decay of the first moment (torch betas[0]).</param>
    /// <param name="beta2">Decay of the second moment (torch betas[1]).</param>
    /// <param name="eps">Added to the denominator.</param>
    /// <param name="weightDecay">Weight decay: L2 (added to the gradient) unless <paramref name="decoupledWeightDecay"/>.</param>
    /// <param name="amsgrad">Use the maximum of past second moments (Reddi et al. 2018).</param>
    /// <param name="maximize">Maximize the objective.</param>
    /// <param name="biasCorrection">Divide the moments by 1 − βᵗ (false: the lectures' simplified Adam).</param>
    /// <param name="decoupledWeightDecay">Decay the weights directly, as AdamW.</param>
    /// <exception cref="ArgumentException">Invalid hyperparameters (PyTorch's messages) or parameters.</exception>
    public Adam(
        IEnumerable<Tensor> parameters,
        double lr = 1e-3,
        double beta1 = 0.9,
        double beta2 = 0.999,
        double eps = 1e-8,
        double weightDecay = 0,
        bool amsgrad = false,
        bool maximize = false,
        bool biasCorrection = true,
        bool decoupledWeightDecay = false)
        : this(parameters, Hp.Options(
            ("lr", lr), ("beta1", beta1), ("beta2", beta2), ("eps", eps), ("weight_decay", weightDecay), ("amsgrad", amsgrad),
            ("maximize", maximize), ("bias_correction", biasCorrection), ("decoupled_weight_decay", decoupledWeightDecay)))
    {
    }

    private Adam(IEnumerable<Tensor> parameters, IReadOnlyDictionary<string, HyperValue>? options)
        : base(Definition, parameters, options)
    {
    }

    /// <summary>The registry entry for <c>adam</c>.</summary>
    public static OptimizerInfo Definition { get; } = new(
        "adam",
        "Adam: bias-corrected moment estimates (torch.optim.Adam); bias_correction=false gives the lectures' form",
        "m ← lerp(m, g, 1−β1); v ← β2·v + (1−β2)·g²; [v_max ← max(v_max, v)]; p ← p − (lr/(1−β1^t))·m/(√v/√(1−β2^t) + eps)",
        "Kingma & Ba 2015; torch.optim.Adam (PyTorch 2.x)",
        [
            Hp.Lr(1e-3),
            Hp.Beta1(),
            Hp.Beta2(),
            Hp.Eps(1e-8),
            Hp.WeightDecay(0, "weight decay: L2 (g ← g + wd·p), or p ← p·(1 − lr·wd) when decoupled"),
            Hp.Flag("amsgrad", false, "AMSGrad: use the running maximum of v"),
            Hp.Maximize(),
            Hp.Flag("bias_correction", true, "divide m and v by 1 − βᵗ (false: the lectures' Adam)"),
            Hp.Flag("decoupled_weight_decay", false, "decay the weights directly, as AdamW"),
        ],
        AdamMath.Validate,
        (ps, o) => new Adam(ps, o));

    private protected override void InitState(ParamGroup group, Tensor p, ParamState state) => AdamMath.Init(group, p, state);

    private protected override void Update<T>(ParamGroup group, Tensor p, Tensor grad, ParamState state) =>
        AdamMath.Update<T>(group, p, grad, state, group.Flag("decoupled_weight_decay"), group.Flag("bias_correction"));
}

/// <summary>The update shared by <see cref="Adam"/> and <see cref="AdamW"/> (torch's AdamW is Adam with decoupled decay).</summary>
internal static class AdamMath
{
    public static void Validate(IReadOnlyDictionary<string, HyperValue> v)
    {
        Check.NonNegative(v, "lr", "learning rate");
        Check.NonNegative(v, "eps", "epsilon value");
        Check.Beta(v, "beta1", 0);
        Check.Beta(v, "beta2", 1);
        Check.NonNegative(v, "weight_decay", "weight_decay value");
    }

    public static void Init(ParamGroup group, Tensor p, ParamState state)
    {
        state.EnsureBuffer("exp_avg", p);
        state.EnsureBuffer("exp_avg_sq", p);
        if (group.Flag("amsgrad"))
        {
            state.EnsureBuffer("max_exp_avg_sq", p);
        }
    }

    public static void Update<T>(ParamGroup group, Tensor p, Tensor grad, ParamState state, bool decoupled, bool biasCorrection)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        double lr = group.Lr, beta1 = group.Number("beta1"), beta2 = group.Number("beta2"), wd = group.Number("weight_decay");
        bool amsgrad = group.Flag("amsgrad");
        double t = state.Step;
        double bc1 = biasCorrection ? 1 - Math.Pow(beta1, t) : 1;
        double bc2 = biasCorrection ? 1 - Math.Pow(beta2, t) : 1;
        var rule = new Chain<T, FlipSign<T>, AddDecayedWeights<T>, DecoupledWeightDecay<T>, ScaleByAdam<T>>(
            new(group.Flag("maximize")),
            new(decoupled ? 0 : wd),
            new(lr, decoupled ? wd : 0),
            new(beta1, beta2, group.Number("eps"), lr / bc1, Math.Sqrt(bc2), amsgrad));
        FusedStep<T>.Run(
            rule, p, grad, state.Buffer("exp_avg"), state.Buffer("exp_avg_sq"), amsgrad ? state.EnsureBuffer("max_exp_avg_sq", p) : null);
    }
}
