// Momentum, the lectures' formulation (lecture 000; Sutskever et al. 2013; TensorFlow's MomentumOptimizer):
//   g ← −g (maximize);  v ← γ·v + η·∇f(x);  x ← x − v          (v⁰ = 0, lr inside the velocity)
using Descent.Optim.Rules;

namespace Descent.Optim;

/// <summary>Momentum with the learning rate inside the velocity, as lecture 000 writes it: v ← γv + η∇f(x); x ← x − v.</summary>
/// <remarks>
/// With a constant η this equals <see cref="Sgd"/> with momentum γ (torch keeps η outside: b ← μb + g; x ← x − ηb) up to rounding,
/// but it differs once η changes over time: here past steps keep the learning rate they were taken with.
/// </remarks>
public sealed class Momentum : ElementwiseOptimizer
{
    /// <summary>Creates lecture-style momentum over <paramref name="parameters"/>.</summary>
    /// <param name="parameters">The tensors to optimize.</param>
    /// <param name="lr">Learning rate η.</param>
    /// <param name="gamma">Momentum term γ (usually 0.9).</param>
    /// <param name="maximize">Maximize the objective.</param>
    /// <exception cref="ArgumentException">Invalid hyperparameters or parameters.</exception>
    public Momentum(IEnumerable<Tensor> parameters, double lr = 1e-3, double gamma = 0.9, bool maximize = false)
        : this(parameters, Hp.Options(("lr", lr), ("gamma", gamma), ("maximize", maximize)))
    {
    }

    private Momentum(IEnumerable<Tensor> parameters, IReadOnlyDictionary<string, HyperValue>? options)
        : base(Definition, parameters, options)
    {
    }

    /// <summary>The registry entry for <c>momentum</c>.</summary>
    public static OptimizerInfo Definition { get; } = new(
        "momentum",
        "momentum with the learning rate inside the velocity, as in lecture 000",
        "v ← γ·v + η·∇f(x); x ← x − v",
        "lecture 000 (v_t = γv_{t−1} + η∇f(x_t)); Sutskever et al. 2013",
        [Hp.Lr(1e-3), Hp.Num("gamma", 0.9, "momentum term γ"), Hp.Maximize()],
        LectureChecks.Gamma,
        (ps, o) => new Momentum(ps, o));

    private protected override void InitState(ParamGroup group, Tensor p, ParamState state) => state.EnsureBuffer("velocity", p);

    private protected override void Update<T>(ParamGroup group, Tensor p, Tensor grad, ParamState state)
    {
        var rule = new Chain<T, FlipSign<T>, Velocity<T>>(new(group.Flag("maximize")), new(group.Lr, group.Number("gamma")));
        FusedStep<T>.Run(rule, p, grad, state.Buffer("velocity"));
    }
}

/// <summary>Validation shared by the lecture formulations.</summary>
internal static class LectureChecks
{
    public static void Gamma(IReadOnlyDictionary<string, HyperValue> v)
    {
        Check.NonNegative(v, "lr", "learning rate");
        Check.InRange(v, "gamma", 0, 1, inclusiveHigh: true, "Invalid gamma value: ");
    }
}
