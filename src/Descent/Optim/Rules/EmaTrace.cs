using System.Numerics;
using System.Runtime.CompilerServices;

namespace Descent.Optim.Rules;

/// <summary>
/// Exponential moving average of gradients: m ← β·m + (1 − β)·g (or m ← g on the first step when <c>init=first_grad</c>);
/// then g ← m. Slot S0 holds m.
/// </summary>
/// <remarks>Written as torch ops <c>m.mul_(β).add_(g, alpha=1-β)</c>.</remarks>
internal readonly struct EmaTrace<T>(double beta, bool copyGradient) : IElementRule<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly bool _copy = copyGradient;
    private readonly Vector<T> _beta = TorchOps.Splat<T>(beta);
    private readonly Vector<T> _oneMinusBeta = TorchOps.Splat<T>(1 - beta);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Apply(ref Lanes<T> x)
    {
        x.S0 = _copy ? x.G : TorchOps.Add(x.S0 * _beta, x.G, _oneMinusBeta);
        x.G = x.S0;
    }
}
