// Gradient descent (lecture 000/004, "vanilla gradient descent"):
//   g ← −g (maximize);  x ← x − η·∇f(x)
using Descent.Optim.Rules;

namespace Descent.Optim;

/// <summary>Plain gradient descent, as the lectures write it: x ← x − η∇f(x).</summary>
/// <remarks>The same numbers as <see cref="Sgd"/> without momentum or weight decay (<c>param.add_(grad, alpha=-lr)</c>).</remarks>
public sealed class GradientDescent : ElementwiseOptimizer
{
    /// <summary>Creates gradient descent over <paramref name="parameters"/>.</summary>
    /// <param name="parameters">The tensors to optimize.</param>
    /// <param name="lr">Learning rate η.</param>
    /// <param name="maximize">Maximize the objective (gradient ascent).</param>
    /// <exception cref="ArgumentException">Invalid learning rate or parameters.</exception>
    public GradientDescent(IEnumerable<Tensor> parameters, double lr = 1e-3, bool maximize = false)
        : this(parameters, Hp.Options(("lr", lr), ("maximize", maximize)))
    {
    }

    private GradientDescent(IEnumerable<Tensor> parameters, IReadOnlyDictionary<string, HyperValue>? options)
        : base(Definition, parameters, options)
    {
    }

    /// <summary>The registry entry for <c>gd</c>.</summary>
    public static OptimizerInfo Definition { get; } = new(
        "gd",
        "vanilla gradient descent, as in the lectures (= sgd without momentum)",
        "x ← x − η·∇f(x)",
        "lectures 000 and 004 (θ¹ ← θ⁰ − ηg⁰)",
        [Hp.Lr(1e-3), Hp.Maximize()],
        v => Check.NonNegative(v, "lr", "learning rate"),
        (ps, o) => new GradientDescent(ps, o));

    private protected override void InitState(ParamGroup group, Tensor p, ParamState state)
    {
    }

    private protected override void Update<T>(ParamGroup group, Tensor p, Tensor grad, ParamState state)
    {
        var rule = new Chain<T, FlipSign<T>, ApplyLearningRate<T>>(new(group.Flag("maximize")), new(group.Lr));
        FusedStep<T>.Run(rule, p, grad);
    }
}
