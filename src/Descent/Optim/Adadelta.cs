// Adadelta (torch.optim.Adadelta, PyTorch 2.x):
//   g ← −g (maximize);  g ← g + wd·p;  v ← ρ·v + (1 − ρ)·g²;  Δ = √(u + ε)/√(v + ε)·g;  u ← ρ·u + (1 − ρ)·Δ²;  p ← p − lr·Δ
using Descent.Optim.Rules;

namespace Descent.Optim;

/// <summary>Adadelta (Zeiler 2012): v ← ρv + (1 − ρ)g²; Δ = √(u + ε)/√(v + ε)·g; u ← ρu + (1 − ρ)Δ²; p ← p − lr·Δ.</summary>
/// <remarks>Matches <c>torch.optim.Adadelta</c> (PyTorch 2.x): ε inside both square roots, default lr 1.0.</remarks>
public sealed class Adadelta : ElementwiseOptimizer
{
    /// <summary>Creates Adadelta over <paramref name="parameters"/>.</summary>
    /// <param name="parameters">The tensors to optimize.</param>
    /// <param name="lr">Scale applied to Δ.</param>
    /// <param name="rho">Decay of the running averages.</param>
    /// <param name="eps">Added inside the square roots.</param>
    /// <param name="weightDecay">L2 penalty added to the gradient.</param>
    /// <param name="maximize">Maximize the objective.</param>
    /// <exception cref="ArgumentException">Invalid hyperparameters (PyTorch's messages) or parameters.</exception>
    public Adadelta(IEnumerable<Tensor> parameters, double lr = 1.0, double rho = 0.9, double eps = 1e-6, double weightDecay = 0, bool maximize = false)
        : this(parameters, Hp.Options(("lr", lr), ("rho", rho), ("eps", eps), ("weight_decay", weightDecay), ("maximize", maximize)))
    {
    }

    private Adadelta(IEnumerable<Tensor> parameters, IReadOnlyDictionary<string, HyperValue>? options)
        : base(Definition, parameters, options)
    {
    }

    /// <summary>The registry entry for <c>adadelta</c>.</summary>
    public static OptimizerInfo Definition { get; } = new(
        "adadelta",
        "Adadelta: step sizes from running averages of squared gradients and updates (torch.optim.Adadelta)",
        "v ← ρ·v + (1−ρ)·g²; Δ = √(u + eps)/√(v + eps)·g; u ← ρ·u + (1−ρ)·Δ²; p ← p − lr·Δ",
        "Zeiler 2012; torch.optim.Adadelta (PyTorch 2.x)",
        [
            Hp.Lr(1.0),
            Hp.Num("rho", 0.9, "decay ρ of the running averages"),
            Hp.Eps(1e-6, "added inside both square roots"),
            Hp.WeightDecay(),
            Hp.Maximize(),
        ],
        Validate,
        (ps, o) => new Adadelta(ps, o));

    private static void Validate(IReadOnlyDictionary<string, HyperValue> v)
    {
        Check.NonNegative(v, "lr", "learning rate");
        Check.InRange(v, "rho", 0, 1, inclusiveHigh: true, "Invalid rho value: ");
        Check.NonNegative(v, "eps", "epsilon value");
        Check.NonNegative(v, "weight_decay", "weight_decay value");
    }

    private protected override void InitState(ParamGroup group, Tensor p, ParamState state)
    {
        state.EnsureBuffer("square_avg", p);
        state.EnsureBuffer("acc_delta", p);
    }

    private protected override void Update<T>(ParamGroup group, Tensor p, Tensor grad, ParamState state)
    {
        var rule = new Chain<T, FlipSign<T>, AddDecayedWeights<T>, ScaleByAdadelta<T>>(
            new(group.Flag("maximize")),
            new(group.Number("weight_decay")),
            new(group.Lr, group.Number("rho"), group.Number("eps")));
        FusedStep<T>.Run(rule, p, grad, state.Buffer("square_avg"), state.Buffer("acc_delta"));
    }
}
