// Rprop (torch.optim.Rprop, PyTorch 2.x, iRprop−):
//   g ← −g (maximize);  s = sign(g·g_prev);
//   η ← clamp(η·(η₊ if s > 0, η₋ if s < 0, 1 otherwise), η_min, η_max);  g ← 0 where s < 0;
//   p ← p − sign(g)·η;  g_prev ← g          (η starts at lr, g_prev at 0)
using Descent.Optim.Rules;

namespace Descent.Optim;

/// <summary>
/// Resilient backpropagation, iRprop− (Riedmiller &amp; Braun 1993; Igel &amp; Hüsken 2000): per-element step sizes grow by η₊ while the
/// gradient keeps its sign and shrink by η₋ when it flips (skipping that update); p ← p − sign(g)·η.
/// </summary>
/// <remarks>
/// Matches <c>torch.optim.Rprop</c> (PyTorch 2.x). Step sizes start at <c>lr</c> when a parameter's state is created, so changing
/// <c>lr</c> afterwards has no effect, as in torch.
/// </remarks>
public sealed class Rprop : ElementwiseOptimizer
{
    /// <summary>Creates Rprop over <paramref name="parameters"/>.</summary>
    /// <param name="parameters">The tensors to optimize.</param>
    /// <param name="lr">Initial step size.</param>
    /// <param name="etaMinus">Multiplicative decrease factor (torch etas[0]).</param>
    /// <param name="etaPlus">Multiplicative increase factor (torch etas[1]).</param>
    /// <param name="stepSizeMin">Smallest step size (torch step_sizes[0]).</param>
    /// <param name="stepSizeMax">Largest step size (torch step_sizes[1]).</param>
    /// <param name="maximize">Maximize the objective.</param>
    /// <exception cref="ArgumentException">Invalid hyperparameters (PyTorch's messages) or parameters.</exception>
    public Rprop(IEnumerable<Tensor> parameters, double lr = 1e-2, double etaMinus = 0.5, double etaPlus = 1.2, double stepSizeMin = 1e-6, double stepSizeMax = 50, bool maximize = false)
        : this(parameters, Hp.Options(
            ("lr", lr), ("eta_minus", etaMinus), ("eta_plus", etaPlus), ("step_size_min", stepSizeMin), ("step_size_max", stepSizeMax), ("maximize", maximize)))
    {
    }

    private Rprop(IEnumerable<Tensor> parameters, IReadOnlyDictionary<string, HyperValue>? options)
        : base(Definition, parameters, options)
    {
    }

    /// <summary>The registry entry for <c>rprop</c>.</summary>
    public static OptimizerInfo Definition { get; } = new(
        "rprop",
        "resilient backpropagation (iRprop−): sign-based steps with adaptive per-element sizes (torch.optim.Rprop)",
        "s = sign(g·g_prev); η ← clamp(η·{η+ if s>0, η− if s<0, 1}, η_min, η_max); g ← 0 where s<0; p ← p − sign(g)·η; g_prev ← g",
        "Riedmiller & Braun 1993; torch.optim.Rprop (PyTorch 2.x)",
        [
            Hp.Lr(1e-2),
            Hp.Num("eta_minus", 0.5, "step-size decrease factor η− (torch etas[0])"),
            Hp.Num("eta_plus", 1.2, "step-size increase factor η+ (torch etas[1])"),
            Hp.Num("step_size_min", 1e-6, "smallest step size (torch step_sizes[0])"),
            Hp.Num("step_size_max", 50, "largest step size (torch step_sizes[1])"),
            Hp.Maximize(),
        ],
        Validate,
        (ps, o) => new Rprop(ps, o));

    private static void Validate(IReadOnlyDictionary<string, HyperValue> v)
    {
        Check.NonNegative(v, "lr", "learning rate");
        double em = v["eta_minus"].AsNumber(), ep = v["eta_plus"].AsNumber();
        if (!(em > 0 && em < 1 && ep > 1) || double.IsInfinity(ep))
        {
            throw Check.Invalid("eta_minus", $"Invalid eta values: {PyFormat.Float(em)}, {PyFormat.Float(ep)}");
        }

        double lo = v["step_size_min"].AsNumber(), hi = v["step_size_max"].AsNumber();
        if (!(lo >= 0 && lo <= hi) || double.IsInfinity(hi))
        {
            throw Check.Invalid("step_size_min", $"Invalid step_sizes values: {PyFormat.Float(lo)}, {PyFormat.Float(hi)}");
        }
    }

    private protected override void InitState(ParamGroup group, Tensor p, ParamState state)
    {
        state.EnsureBuffer("prev", p);
        state.EnsureBuffer("step_size", p, group.Lr);
    }

    private protected override void Update<T>(ParamGroup group, Tensor p, Tensor grad, ParamState state)
    {
        var rule = new Chain<T, FlipSign<T>, ScaleByRprop<T>>(
            new(group.Flag("maximize")),
            new(group.Number("eta_minus"), group.Number("eta_plus"), group.Number("step_size_min"), group.Number("step_size_max")));
        FusedStep<T>.Run(rule, p, grad, state.Buffer("prev"), state.Buffer("step_size"));
    }
}
