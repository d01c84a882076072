// RMSprop (torch.optim.RMSprop, PyTorch 2.x) and the lectures' variants:
//   g ← −g (maximize);  g ← g + wd·p;
//   v ← α·v + (1 − α)·g²    (init=first_grad: v ← g² at the first step, i.e. σ⁰ = |g⁰|)
//   centered: ḡ ← lerp(ḡ, g, 1 − α);  v̄ = v − ḡ²   else v̄ = v
//   d = √v̄ + ε    (eps_inside_sqrt: d = √(v̄ + ε), the lectures' x ← x − η·g/√(r + δ))
//   momentum > 0: b ← μ·b + g/d;  p ← p − lr·b      else p ← p − lr·g/d
using Descent.Optim.Rules;

namespace Descent.Optim;

/// <summary>
/// RMSprop (Hinton 2012): v ← αv + (1 − α)g²; p ← p − lr·g/(√v + ε); optional centering (v − ḡ²), momentum, L2 weight decay, and
/// the lectures' variants ε inside the square root and v⁰ = (g⁰)².
/// </summary>
/// <remarks>
/// Matches <c>torch.optim.RMSprop</c> (PyTorch 2.x; no bias correction, ε outside the square root, lr outside the momentum buffer).
/// <c>eps_inside_sqrt=true</c> gives the TensorFlow/lecture form x ← x − η·g/√(r + δ); <c>init=first_grad</c> starts the average at
/// the first squared gradient as lecture 004 writes (σ⁰ = |g⁰|); it applies to v only, not to the centered ḡ.
/// </remarks>
public sealed class RmsProp : ElementwiseOptimizer
{
    /// <summary>Creates RMSprop over <paramref name="parameters"/>.</summary>
    /// <param name="parameters">The tensors to optimize.</param>
    /// <param name="lr">Learning rate.</param>
    /// <param name="alpha">Smoothing constant of the squared-gradient average.</param>
    /// <param name="eps">Added to the denominator.</param>
    /// <param name="weightDecay">L2 penalty added to the gradient.</param>
    /// <param name="momentum">Momentum factor (0: none).</param>
    /// <param name="centered">Normalize by the estimated variance v − ḡ² instead of v.</param>
    /// <param name="maximize">Maximize the objective.</param>
    /// <param name="epsInsideSqrt">Use √(v + ε) instead of √v + ε.</param>
    /// <param name="init"><c>zero</c> (torch) or <c>first_grad</c> (v ← g² at the first step).</param>
    /// <exception cref="ArgumentException">Invalid hyperparameters (PyTorch's messages) or parameters.</exception>
    public RmsProp(
        IEnumerable<Tensor> parameters,
        double lr = 1e-2,
        double alpha = 0.99,
        double eps = 1e-8,
        double weightDecay = 0,
        double momentum = 0,
        bool centered = false,
        bool maximize = false,
        bool epsInsideSqrt = false,
        string init = "zero")
        : this(parameters, Hp.Options(
            ("lr", lr), ("alpha", alpha), ("eps", eps), ("weight_decay", weightDecay), ("momentum", momentum), ("centered", centered),
            ("maximize", maximize), ("eps_inside_sqrt", epsInsideSqrt), ("init", init)))
    {
    }

    private RmsProp(IEnumerable<Tensor> parameters, IReadOnlyDictionary<string, HyperValue>? options)
        : base(Definition, parameters, options)
    {
    }

    /// <summary>The registry entry for <c>rmsprop</c>.</summary>
    public static OptimizerInfo Definition { get; } = new(
        "rmsprop",
        "RMSprop: divide by a running RMS of the gradients (torch.optim.RMSprop, plus the lectures' variants)",
        "v ← α·v + (1−α)·g²; [centered: ḡ ← lerp(ḡ, g, 1−α), v ← v − ḡ²]; d = √v + eps (eps_inside_sqrt: √(v + eps)); " +
        "momentum: b ← μ·b + g/d, p ← p − lr·b; else p ← p − lr·g/d",
        "Hinton 2012 (lecture 6e); torch.optim.RMSprop (PyTorch 2.x); lecture variants eps_inside_sqrt and init=first_grad",
        [
            Hp.Lr(1e-2),
            Hp.Num("alpha", 0.99, "smoothing constant α of the squared-gradient average"),
            Hp.Eps(1e-8),
            Hp.WeightDecay(),
            Hp.Num("momentum", 0, "momentum factor μ"),
            Hp.Flag("centered", false, "normalize by the variance estimate v − ḡ²"),
            Hp.Maximize(),
            Hp.Flag("eps_inside_sqrt", false, "use √(v + eps) (lecture/TensorFlow form)"),
            Hp.Choice("init", "zero", ["zero", "first_grad"], "v⁰: zero (torch) or first_grad (v ← g² at step 1, σ⁰ = |g⁰|)"),
        ],
        Validate,
        (ps, o) => new RmsProp(ps, o));

    private static void Validate(IReadOnlyDictionary<string, HyperValue> v)
    {
        Check.NonNegative(v, "lr", "learning rate");
        Check.NonNegative(v, "eps", "epsilon value");
        Check.NonNegative(v, "momentum", "momentum value");
        Check.NonNegative(v, "weight_decay", "weight_decay value");
        Check.NonNegative(v, "alpha", "alpha value");
    }

    private protected override void InitState(ParamGroup group, Tensor p, ParamState state)
    {
        state.EnsureBuffer("square_avg", p);
        if (group.Number("momentum") > 0)
        {
            state.EnsureBuffer("momentum_buffer", p);
        }

        if (group.Flag("centered"))
        {
            state.EnsureBuffer("grad_avg", p);
        }
    }

    private protected override void Update<T>(ParamGroup group, Tensor p, Tensor grad, ParamState state)
    {
        double momentum = group.Number("momentum");
        bool centered = group.Flag("centered");
        var rule = new Chain<T, FlipSign<T>, AddDecayedWeights<T>, ScaleByRms<T>>(
            new(group.Flag("maximize")),
            new(group.Number("weight_decay")),
            new(group.Lr, group.Number("alpha"), group.Number("eps"), momentum, centered, group.Flag("eps_inside_sqrt"),
                group.Choice("init") == "first_grad" && state.Step == 1));
        FusedStep<T>.Run(
            rule,
            p,
            grad,
            state.Buffer("square_avg"),
            centered ? state.EnsureBuffer("grad_avg", p) : null,
            momentum > 0 ? state.EnsureBuffer("momentum_buffer", p) : null);
    }
}
