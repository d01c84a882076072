using System.Numerics;
using System.Runtime.CompilerServices;

namespace Descent.Optim.Rules;

/// <summary>L2 weight decay folded into the gradient: g ← g + wd·p (torch <c>grad = grad.add(param, alpha=weight_decay)</c>).</summary>
/// <remarks>Skipped entirely when wd = 0, as torch skips the op.</remarks>
internal readonly struct AddDecayedWeights<T>(double weightDecay) : IElementRule<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly bool _on = weightDecay != 0;
    private readonly Vector<T> _wd = TorchOps.Splat<T>(weightDecay);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Apply(ref Lanes<T> x)
    {
        if (_on)
        {
            x.G = TorchOps.Add(x.G, x.P, _wd);
        }
    }
}
