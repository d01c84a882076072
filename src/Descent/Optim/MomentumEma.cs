// Momentum as an exponential moving average (lecture 004, "not the classic momentum"; Adam's first moment without correction):
//   g ← −g (maximize);  m ← β·m + (1 − β)·g   (init=first_grad: m⁰ = g⁰);   x ← x − η·m
using Descent.Optim.Rules;

namespace Descent.Optim;

/// <summary>Momentum as an exponential moving average of gradients, as lecture 004 writes it: m ← βm + (1 − β)g; x ← x − ηm.</summary>
/// <remarks>
/// <c>init=first_grad</c> sets m⁰ = g⁰ at the first step, exactly as the lecture starts the recursion; the default <c>zero</c>
/// starts from m = 0 (so the first step is η(1 − β)g, as Adam's uncorrected first moment).
/// </remarks>
public sealed class MomentumEma : ElementwiseOptimizer
{
    /// <summary>Creates EMA momentum over <paramref name="parameters"/>.</summary>
    /// <param name="parameters">The tensors to optimize.</param>
    /// <param name="lr">Learning rate η.</param>
    /// <param name="beta">Averaging factor β.</param>
    /// <param name="init"><c>zero</c> (m⁰ = 0) or <c>first_grad</c> (m⁰ = g⁰).</param>
    /// <param name="maximize">Maximize the objective.</param>
    /// <exception cref="ArgumentException">Invalid hyperparameters or parameters.</exception>
    public MomentumEma(IEnumerable<Tensor> parameters, double lr = 1e-3, double beta = 0.9, string init = "zero", bool maximize = false)
        : this(parameters, Hp.Options(("lr", lr), ("beta", beta), ("init", init), ("maximize", maximize)))
    {
    }

    private MomentumEma(IEnumerable<Tensor> parameters, IReadOnlyDictionary<string, HyperValue>? options)
        : base(Definition, parameters, options)
    {
    }

    /// <summary>The registry entry for <c>momentum_ema</c>.</summary>
    public static OptimizerInfo Definition { get; } = new(
        "momentum_ema",
        "momentum as a moving average of gradients, as in lecture 004",
        "m ← β·m + (1−β)·g (init=first_grad: m⁰ = g⁰); x ← x − η·m",
        "lecture 004 (m_i^t = βm_i^{t−1} + (1−β)g_i^t)",
        [
            Hp.Lr(1e-3),
            Hp.Num("beta", 0.9, "averaging factor β"),
            Hp.Choice("init", "zero", ["zero", "first_grad"], "m⁰: zero, or first_grad (m⁰ = g⁰ as the lecture writes)"),
            Hp.Maximize(),
        ],
        v =>
        {
            Check.NonNegative(v, "lr", "learning rate");
            Check.InRange(v, "beta", 0, 1, inclusiveHigh: true, "Invalid beta value: ");
        },
        (ps, o) => new MomentumEma(ps, o));

    private protected override void InitState(ParamGroup group, Tensor p, ParamState state) => state.EnsureBuffer("exp_avg", p);

    private protected override void Update<T>(ParamGroup group, Tensor p, Tensor grad, ParamState state)
    {
        var rule = new Chain<T, FlipSign<T>, EmaTrace<T>, ApplyLearningRate<T>>(
            new(group.Flag("maximize")),
            new(group.Number("beta"), group.Choice("init") == "first_grad" && state.Step == 1),
            new(group.Lr));
        FusedStep<T>.Run(rule, p, grad, state.Buffer("exp_avg"));
    }
}
