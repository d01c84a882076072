using System.Numerics;
using System.Runtime.CompilerServices;

namespace Descent.Optim.Rules;

/// <summary>Moves a parameter to Nesterov's look-ahead point: p ← p − γ·v (torch op <c>p.add_(v, alpha=-γ)</c>). Slot S0 = velocity; the gradient is not read.</summary>
internal readonly struct LookAhead<T>(double gamma) : IElementRule<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly Vector<T> _negGamma = TorchOps.Splat<T>(-gamma);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Apply(ref Lanes<T> x) => x.P = TorchOps.Add(x.P, x.S0, _negGamma);
}
