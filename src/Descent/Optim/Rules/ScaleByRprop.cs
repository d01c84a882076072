using System.Numerics;
using System.Runtime.CompilerServices;

namespace Descent.Optim.Rules;

/// <summary>
/// Rprop (iRprop−, Riedmiller &amp; Braun 1993): s = sign(g·g_prev); η ← clamp(η·{η₊ if s &gt; 0, η₋ if s &lt; 0, 1 otherwise}, η_min, η_max);
/// g ← 0 where s &lt; 0; p ← p − sign(g)·η; g_prev ← g. Slots: S0 = prev, S1 = step_size.
/// </summary>
/// <remarks>torch 2.x <c>_single_tensor_rprop</c>: <c>step_size.mul_(sign).clamp_(min, max)</c>; <c>grad[sign.eq(etaminus)] = 0</c>; <c>param.addcmul_(grad.sign(), step_size, value=-1)</c>.</remarks>
internal readonly struct ScaleByRprop<T>(double etaMinus, double etaPlus, double stepSizeMin, double stepSizeMax) : IElementRule<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly Vector<T> _etaMinus = TorchOps.Splat<T>(etaMinus);
    private readonly Vector<T> _etaPlus = TorchOps.Splat<T>(etaPlus);
    private readonly Vector<T> _min = TorchOps.Splat<T>(stepSizeMin);
    private readonly Vector<T> _max = TorchOps.Splat<T>(stepSizeMax);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Apply(ref Lanes<T> x)
    {
        var s = x.G * x.S0;
        var up = Vector.GreaterThan(s, Vector<T>.Zero);
        var down = Vector.LessThan(s, Vector<T>.Zero);
        var factor = Vector.ConditionalSelect(up, _etaPlus, Vector.ConditionalSelect(down, _etaMinus, Vector<T>.One));
        x.S1 = TorchOps.Clamp(x.S1 * factor, _min, _max);
        var g = Vector.ConditionalSelect(down, Vector<T>.Zero, x.G);
        x.P = TorchOps.Fma(-TorchOps.Sign(g), x.S1, x.P);
        x.S0 = g;
    }
}
