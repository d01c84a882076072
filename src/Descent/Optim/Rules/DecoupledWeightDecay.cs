using System.Numerics;
using System.Runtime.CompilerServices;

namespace Descent.Optim.Rules;

/// <summary>Decoupled weight decay (Loshchilov &amp; Hutter): p ← p·(1 − lr·wd) (torch AdamW's <c>param.mul_(1 - lr * weight_decay)</c>).</summary>
/// <remarks>The factor is computed in double and rounded once to the element type; skipped when wd = 0.</remarks>
internal readonly struct DecoupledWeightDecay<T>(double lr, double weightDecay) : IElementRule<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly bool _on = weightDecay != 0;
    private readonly Vector<T> _factor = TorchOps.Splat<T>(1 - (lr * weightDecay));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Apply(ref Lanes<T> x)
    {
        if (_on)
        {
            x.P *= _factor;
        }
    }
}
