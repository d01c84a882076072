// Adagrad (torch.optim.Adagrad, PyTorch 2.x):
//   g ← −g (maximize);  g ← g + wd·p;  clr = lr/(1 + (t − 1)·lr_decay);  s ← s + g²;  p ← p − clr·g/(√s + ε)
using Descent.Optim.Rules;

namespace Descent.Optim;

/// <summary>Adagrad (Duchi, Hazan &amp; Singer 2011): s ← s + g²; p ← p − lr/(1 + (t − 1)·lr_decay)·g/(√s + ε).</summary>
/// <remarks>
/// Matches <c>torch.optim.Adagrad</c> (PyTorch 2.x): ε outside the square root, the sum starts at <c>initial_accumulator_value</c>
/// (Optax: 0.1 and ε inside). torch creates the state eagerly at construction; here it is created at a parameter's first update, so
/// a parameter that never receives a gradient has no state (the numbers are the same).
/// </remarks>
public sealed class Adagrad : ElementwiseOptimizer
{
    /// <summary>Creates Adagrad over <paramref name="parameters"/>.</summary>
    /// <param name="parameters">The tensors to optimize.</param>
    /// <param name="lr">Learning rate.</param>
    /// <param name="lrDecay">Learning-rate decay: clr = lr/(1 + (t − 1)·lr_decay).</param>
    /// <param name="weightDecay">L2 penalty added to the gradient.</param>
    /// <param name="initialAccumulatorValue">Starting value of the sum of squares.</param>
    /// <param name="eps">Added to the denominator.</param>
    /// <param name="maximize">Maximize the objective.</param>
    /// <exception cref="ArgumentException">Invalid hyperparameters (PyTorch's messages) or parameters.</exception>
    public Adagrad(IEnumerable<Tensor> parameters, double lr = 1e-2, double lrDecay = 0, double weightDecay = 0, double initialAccumulatorValue = 0, double eps = 1e-10, bool maximize = false)
        : this(parameters, Hp.Options(
            ("lr", lr), ("lr_decay", lrDecay), ("weight_decay", weightDecay), ("initial_accumulator_value", initialAccumulatorValue),
            ("eps", eps), ("maximize", maximize)))
    {
    }

    private Adagrad(IEnumerable<Tensor> parameters, IReadOnlyDictionary<string, HyperValue>? options)
        : base(Definition, parameters, options)
    {
    }

    /// <summary>The registry entry for <c>adagrad</c>.</summary>
    public static OptimizerInfo Definition { get; } = new(
        "adagrad",
        "Adagrad: divide by the root of the summed squared gradients (torch.optim.Adagrad)",
        "s ← s + g²; p ← p − lr/(1 + (t−1)·lr_decay)·g/(√s + eps)",
        "Duchi, Hazan & Singer 2011; torch.optim.Adagrad (PyTorch 2.x)",
        [
            Hp.Lr(1e-2),
            Hp.Num("lr_decay", 0, "learning-rate decay: lr/(1 + (t−1)·lr_decay)"),
            Hp.WeightDecay(),
            Hp.Num("initial_accumulator_value", 0, "starting value of the sum of squares"),
            Hp.Eps(1e-10),
            Hp.Maximize(),
        ],
        Validate,
        (ps, o) => new Adagrad(ps, o));

    private static void Validate(IReadOnlyDictionary<string, HyperValue> v)
    {
        Check.NonNegative(v, "lr", "learning rate");
        Check.NonNegative(v, "lr_decay", "lr_decay value");
        Check.NonNegative(v, "weight_decay", "weight_decay value");
        Check.NonNegative(v, "initial_accumulator_value", "initial_accumulator_value value");
        Check.NonNegative(v, "eps", "epsilon value");
    }

    private protected override void InitState(ParamGroup group, Tensor p, ParamState state) =>
        state.EnsureBuffer("sum", p, group.Number("initial_accumulator_value"));

    private protected override void Update<T>(ParamGroup group, Tensor p, Tensor grad, ParamState state)
    {
        double clr = group.Lr / (1 + ((state.Step - 1) * group.Number("lr_decay")));
        var rule = new Chain<T, FlipSign<T>, AddDecayedWeights<T>, ScaleByAdagrad<T>>(
            new(group.Flag("maximize")),
            new(group.Number("weight_decay")),
            new(clr, group.Number("eps")));
        FusedStep<T>.Run(rule, p, grad, state.Buffer("sum"));
    }
}
