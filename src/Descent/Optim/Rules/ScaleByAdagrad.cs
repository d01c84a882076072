using System.Numerics;
using System.Runtime.CompilerServices;

namespace Descent.Optim.Rules;

/// <summary>Adagrad (Duchi et al. 2011): s ← s + g²; p ← p − clr·g/(√s + ε), clr = lr/(1 + (t − 1)·lr_decay). Slot S0 = sum.</summary>
/// <remarks>torch 2.x <c>_single_tensor_adagrad</c>: <c>state_sum.addcmul_(grad, grad, value=1)</c>; <c>std = state_sum.sqrt().add_(eps)</c>; <c>param.addcdiv_(grad, std, value=-clr)</c>.</remarks>
internal readonly struct ScaleByAdagrad<T>(double clr, double eps) : IElementRule<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly Vector<T> _eps = TorchOps.Splat<T>(eps);
    private readonly Vector<T> _negClr = TorchOps.Splat<T>(-clr);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Apply(ref Lanes<T> x)
    {
        x.S0 = TorchOps.Fma(x.G, x.G, x.S0);
        var std = Vector.SquareRoot(x.S0) + _eps;
        x.P = TorchOps.AddCDiv(x.P, x.G, std, _negClr);
    }
}
