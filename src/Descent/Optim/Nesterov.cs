// Nesterov momentum, the lectures' look-ahead form (lecture 000; Sutskever et al. 2013):
//   v ← γ·v + η·∇f(x − γ·v);  x ← x − v
// The gradient is taken at the look-ahead point, so each step evaluates the closure there.
using Descent.Optim.Rules;

namespace Descent.Optim;

/// <summary>
/// Nesterov accelerated gradient in its look-ahead form: v ← γv + η∇f(x − γv); x ← x − v. Needs <see cref="Optimizer.Step(Func{double})"/>:
/// the parameters are moved to x − γv, the closure computes the gradient there, and they are restored before the update.
/// </summary>
/// <remarks>
/// <see cref="Sgd"/> with <c>nesterov=true</c> is the reformulation that needs no second evaluation (torch, Sutskever et al. 2013 eq. 3–4
/// rewritten in terms of x − γv); this class evaluates the gradient where the lecture does. The loss returned is the one at the
/// look-ahead point. The parameters are restored exactly (from a copy), so only the update changes them.
/// </remarks>
public sealed class Nesterov : ElementwiseOptimizer
{
    /// <summary>Creates look-ahead Nesterov momentum over <paramref name="parameters"/>.</summary>
    /// <param name="parameters">The tensors to optimize.</param>
    /// <param name="lr">Learning rate η.</param>
    /// <param name="gamma">Momentum term γ.</param>
    /// <param name="maximize">Maximize the objective.</param>
    /// <exception cref="ArgumentException">Invalid hyperparameters or parameters.</exception>
    public Nesterov(IEnumerable<Tensor> parameters, double lr = 1e-3, double gamma = 0.9, bool maximize = false)
        : this(parameters, Hp.Options(("lr", lr), ("gamma", gamma), ("maximize", maximize)))
    {
    }

    private Nesterov(IEnumerable<Tensor> parameters, IReadOnlyDictionary<string, HyperValue>? options)
        : base(Definition, parameters, options)
    {
    }

    /// <summary>The registry entry for <c>nesterov</c>.</summary>
    public static OptimizerInfo Definition { get; } = new(
        "nesterov",
        "Nesterov momentum with the gradient at the look-ahead point, as in lecture 000 (needs a closure)",
        "v ← γ·v + η·∇f(x − γ·v); x ← x − v",
        "lecture 000; Nesterov 1983; Sutskever et al. 2013",
        [Hp.Lr(1e-3), Hp.Num("gamma", 0.9, "momentum term γ"), Hp.Maximize()],
        LectureChecks.Gamma,
        (ps, o) => new Nesterov(ps, o))
    {
        RequiresClosure = true,
    };

    private protected override string ClosureRequiredMessage =>
        "nesterov evaluates the gradient at the look-ahead point x − γv, so it needs Step(closure): pass a closure that zeroes the " +
        "gradients, computes the loss, calls Backward() and returns the loss (or use sgd with nesterov=true, which needs no closure)";

    private protected override double StepWithClosure(Func<double> closure)
    {
        var saved = new List<(Tensor Param, Tensor Copy)>();
        using (Autograd.NoGrad())
        {
            foreach (var group in ParamGroups)
            {
                foreach (var p in group.Params)
                {
                    var v = GetState(p)?.TryBuffer("velocity");
                    if (v == null)
                    {
                        continue;
                    }

                    saved.Add((p, Tensor.CopyData(p)));
                    if (p.DType == DType.Float32)
                    {
                        FusedStep<float>.Run(new LookAhead<float>(group.Number("gamma")), p, p, v);
                    }
                    else
                    {
                        FusedStep<double>.Run(new LookAhead<double>(group.Number("gamma")), p, p, v);
                    }
                }
            }
        }

        return base.StepWithClosure(() =>
        {
            try
            {
                return closure();
            }
            finally
            {
                foreach (var (p, copy) in saved)
                {
                    p.CopyFrom(copy);
                }
            }
        });
    }

    private protected override void InitState(ParamGroup group, Tensor p, ParamState state) => state.EnsureBuffer("velocity", p);

    private protected override void Update<T>(ParamGroup group, Tensor p, Tensor grad, ParamState state)
    {
        var rule = new Chain<T, FlipSign<T>, Velocity<T>>(new(group.Flag("maximize")), new(group.Lr, group.Number("gamma")));
        FusedStep<T>.Run(rule, p, grad, state.Buffer("velocity"));
    }
}
