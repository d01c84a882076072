// SGD (torch.optim.SGD, PyTorch 2.x):
//   g ← −g (maximize);  g ← g + wd·p;
//   b ← g (first step) | μ·b + (1 − dampening)·g;   g ← g + μ·b (nesterov) | b;
//   p ← p − lr·g
using System.Numerics;
using Descent.Optim.Rules;

namespace Descent.Optim;

/// <summary>
/// Stochastic gradient descent with momentum, dampening, Nesterov momentum and L2 weight decay:
/// g ← g + wd·p; b ← μ·b + (1 − dampening)·g (b ← g on the first step); g ← g + μ·b (Nesterov) or g ← b; p ← p − lr·g.
/// </summary>
/// <remarks>
/// Matches <c>torch.optim.SGD</c> (PyTorch 2.x, default lr 1e-3; 1.13 had no default). The learning rate multiplies the buffer
/// (<c>v = μv + g; p −= lr·v</c>), unlike Sutskever et al. and TensorFlow (<c>v = μv + lr·g; p −= v</c>), which is the lectures'
/// <see cref="Momentum"/>. Composed as FlipSign → AddDecayedWeights → Trace → ApplyLearningRate, run as one fused pass.
/// </remarks>
public sealed class Sgd : ElementwiseOptimizer
{
    /// <summary>Creates SGD over <paramref name="parameters"/>.</summary>
    /// <param name="parameters">The tensors to optimize.</param>
    /// <param name="lr">Learning rate.</param>
    /// <param name="momentum">Momentum factor μ (0 disables the buffer).</param>
    /// <param name="dampening">Dampening for momentum (not applied on the first step).</param>
    /// <param name="weightDecay">L2 penalty added to the gradient.</param>
    /// <param name="nesterov">Use Nesterov momentum (needs μ &gt; 0 and zero dampening).</param>
    /// <param name="maximize">Maximize the objective.</param>
    /// <exception cref="ArgumentException">Invalid hyperparameters (PyTorch's messages) or parameters.</exception>
    public Sgd(IEnumerable<Tensor> parameters, double lr = 1e-3, double momentum = 0, double dampening = 0, double weightDecay = 0, bool nesterov = false, bool maximize = false)
        : this(parameters, Hp.Options(("lr", lr), ("momentum", momentum), ("dampening", dampening), ("weight_decay", weightDecay), ("nesterov", nesterov), ("maximize", maximize)))
    {
    }

    private Sgd(IEnumerable<Tensor> parameters, IReadOnlyDictionary<string, HyperValue>? options)
        : base(Definition, parameters, options)
    {
    }

    /// <summary>The registry entry for <c>sgd</c>.</summary>
    public static OptimizerInfo Definition { get; } = new(
        "sgd",
        "stochastic gradient descent with momentum, dampening, Nesterov and weight decay (torch.optim.SGD)",
        "g ← g + wd·p; b ← μ·b + (1−dampening)·g (b ← g at step 1); g ← nesterov ? g + μ·b : b; p ← p − lr·g",
        "torch.optim.SGD (PyTorch 2.x)",
        [
            Hp.Lr(1e-3),
            Hp.Num("momentum", 0, "momentum factor μ"),
            Hp.Num("dampening", 0, "dampening of the momentum buffer"),
            Hp.WeightDecay(),
            Hp.Flag("nesterov", false, "Nesterov momentum: g ← g + μ·b"),
            Hp.Maximize(),
        ],
        Validate,
        (ps, o) => new Sgd(ps, o));

    private static void Validate(IReadOnlyDictionary<string, HyperValue> v)
    {
        Check.NonNegative(v, "lr", "learning rate");
        Check.NonNegative(v, "momentum", "momentum value");
        Check.NonNegative(v, "weight_decay", "weight_decay value");
        if (v["nesterov"].AsBoolean() && (v["momentum"].AsNumber() <= 0 || v["dampening"].AsNumber() != 0))
        {
            throw new ArgumentException("Nesterov momentum requires a momentum and zero dampening", "nesterov");
        }
    }

    private protected override void InitState(ParamGroup group, Tensor p, ParamState state)
    {
        // torch creates momentum_buffer from the first gradient, in the update itself.
    }

    private protected override void Update<T>(ParamGroup group, Tensor p, Tensor grad, ParamState state)
    {
        double momentum = group.Number("momentum");
        Tensor? buffer = null;
        bool first = false;
        if (momentum != 0)
        {
            buffer = state.TryBuffer("momentum_buffer");
            first = buffer == null;
            buffer ??= state.EnsureBuffer("momentum_buffer", p);
        }

        var rule = new Chain<T, FlipSign<T>, AddDecayedWeights<T>, Trace<T>, ApplyLearningRate<T>>(
            new(group.Flag("maximize")),
            new(group.Number("weight_decay")),
            new(momentum, group.Number("dampening"), group.Flag("nesterov"), first),
            new(group.Lr));
        FusedStep<T>.Run(rule, p, grad, buffer);
    }
}
