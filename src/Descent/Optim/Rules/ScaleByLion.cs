using System.Numerics;
using System.Runtime.CompilerServices;

namespace Descent.Optim.Rules;

/// <summary>
/// Lion (Chen et al. 2023, "Symbolic Discovery of Optimization Algorithms"): c = β₁·m + (1 − β₁)·g; p ← p − lr·sign(c);
/// m ← β₂·m + (1 − β₂)·g. Slot S0 = exp_avg. Decoupled weight decay is a separate rule applied first.
/// </summary>
/// <remarks>Op order of the reference implementation (lucidrains/lion-pytorch): <c>exp_avg.clone().mul_(beta1).add(grad, alpha=1 - beta1).sign_()</c>;
/// <c>p.add_(update, alpha=-lr)</c>; <c>exp_avg.mul_(beta2).add_(grad, alpha=1 - beta2)</c>.</remarks>
internal readonly struct ScaleByLion<T>(double lr, double beta1, double beta2) : IElementRule<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly Vector<T> _negLr = TorchOps.Splat<T>(-lr);
    private readonly Vector<T> _beta1 = TorchOps.Splat<T>(beta1);
    private readonly Vector<T> _oneMinusBeta1 = TorchOps.Splat<T>(1 - beta1);
    private readonly Vector<T> _beta2 = TorchOps.Splat<T>(beta2);
    private readonly Vector<T> _oneMinusBeta2 = TorchOps.Splat<T>(1 - beta2);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Apply(ref Lanes<T> x)
    {
        var c = TorchOps.Add(x.S0 * _beta1, x.G, _oneMinusBeta1);
        x.P = TorchOps.Add(x.P, TorchOps.Sign(c), _negLr);
        x.S0 = TorchOps.Add(x.S0 * _beta2, x.G, _oneMinusBeta2);
    }
}
