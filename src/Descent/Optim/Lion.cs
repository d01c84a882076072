// Lion (Chen et al. 2023):
//   g ← −g (maximize);  p ← p·(1 − lr·wd);  c = β₁·m + (1 − β₁)·g;  p ← p − lr·sign(c);  m ← β₂·m + (1 − β₂)·g
using Descent.Optim.Rules;

namespace Descent.Optim;

/// <summary>
/// Lion, "EvoLved Sign Momentum" (Chen et al. 2023, arXiv:2302.06675): c = β₁m + (1 − β₁)g; p ← p·(1 − lr·wd) − lr·sign(c);
/// m ← β₂m + (1 − β₂)g.
/// </summary>
/// <remarks>
/// Not in torch.optim; follows the paper's Algorithm 2 with the op order of the authors' reference PyTorch port
/// (lucidrains/lion-pytorch). Defaults lr 1e-4, β = (0.9, 0.99), wd 0 (Optax's <c>lion</c> defaults wd to 1e-3). Use a learning
/// rate 3–10× smaller than AdamW's: the sign makes every step ±lr.
/// </remarks>
public sealed class Lion : ElementwiseOptimizer
{
    /// <summary>Creates Lion over <paramref name="parameters"/>.</summary>
    /// <param name="parameters">The tensors to optimize.</param>
    /// <param name="lr">Learning rate (the size of every step).</param>
    /// <param name="beta1">Interpolation factor for the update direction.</param>
    /// <param name="beta2">Decay of the momentum.</param>
    /// <param name="weightDecay">Decoupled weight decay.</param>
    /// <param name="maximize">Maximize the objective.</param>
    /// <exception cref="ArgumentException">Invalid hyperparameters or parameters.</exception>
    public Lion(IEnumerable<Tensor> parameters, double lr = 1e-4, double beta1 = 0.9, double beta2 = 0.99, double weightDecay = 0, bool maximize = false)
        : this(parameters, Hp.Options(("lr", lr), ("beta1", beta1), ("beta2", beta2), ("weight_decay", weightDecay), ("maximize", maximize)))
    {
    }

    private Lion(IEnumerable<Tensor> parameters, IReadOnlyDictionary<string, HyperValue>? options)
        : base(Definition, parameters, options)
    {
    }

    /// <summary>The registry entry for <c>lion</c>.</summary>
    public static OptimizerInfo Definition { get; } = new(
        "lion",
        "Lion: sign of an interpolated momentum (Chen et al. 2023)",
        "c = β1·m + (1−β1)·g; p ← p·(1 − lr·wd) − lr·sign(c); m ← β2·m + (1−β2)·g",
        "Chen et al. 2023, arXiv:2302.06675 (Algorithm 2); op order of lucidrains/lion-pytorch",
        [
            Hp.Lr(1e-4),
            Hp.Beta1(0.9),
            Hp.Beta2(0.99),
            Hp.WeightDecay(0, "decoupled weight decay: p ← p·(1 − lr·wd)"),
            Hp.Maximize(),
        ],
        Validate,
        (ps, o) => new Lion(ps, o));

    private static void Validate(IReadOnlyDictionary<string, HyperValue> v)
    {
        Check.NonNegative(v, "lr", "learning rate");
        Check.Beta(v, "beta1", 0, allowOne: true);
        Check.Beta(v, "beta2", 1, allowOne: true);
        Check.NonNegative(v, "weight_decay", "weight_decay value");
    }

    private protected override void InitState(ParamGroup group, Tensor p, ParamState state) => state.EnsureBuffer("exp_avg", p);

    private protected override void Update<T>(ParamGroup group, Tensor p, Tensor grad, ParamState state)
    {
        double lr = group.Lr;
        var rule = new Chain<T, FlipSign<T>, DecoupledWeightDecay<T>, ScaleByLion<T>>(
            new(group.Flag("maximize")),
            new(lr, group.Number("weight_decay")),
            new(lr, group.Number("beta1"), group.Number("beta2")));
        FusedStep<T>.Run(rule, p, grad, state.Buffer("exp_avg"));
    }
}
