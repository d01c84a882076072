using System.Numerics;
using System.Runtime.CompilerServices;

namespace Descent.Optim.Rules;

/// <summary>The lectures' momentum, lr inside the velocity: v ← γ·v + η·g; p ← p − v. Slot S0 holds v (starts at 0).</summary>
/// <remarks>Written as torch ops <c>v.mul_(γ).add_(g, alpha=η)</c>; <c>p.sub_(v)</c>.</remarks>
internal readonly struct Velocity<T>(double lr, double gamma) : IElementRule<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly Vector<T> _lr = TorchOps.Splat<T>(lr);
    private readonly Vector<T> _gamma = TorchOps.Splat<T>(gamma);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Apply(ref Lanes<T> x)
    {
        x.S0 = TorchOps.Add(x.S0 * _gamma, x.G, _lr);
        x.P -= x.S0;
    }
}
