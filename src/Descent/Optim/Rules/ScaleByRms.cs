using System.Numerics;
using System.Runtime.CompilerServices;

namespace Descent.Optim.Rules;

/// <summary>
/// RMSprop (Hinton 2012, torch form): v ← α·v + (1 − α)·g²; [centered: ḡ ← lerp(ḡ, g, 1 − α), v̄ = v − ḡ²]; d = √v̄ + ε
/// (or √(v̄ + ε) with <c>eps_inside_sqrt</c>); with momentum b ← μ·b + g/d, p ← p − lr·b, else p ← p − lr·g/d.
/// Slots: S0 = square_avg, S1 = grad_avg, S2 = momentum_buffer.
/// </summary>
/// <remarks>
/// torch 2.x <c>_single_tensor_rmsprop</c>: <c>square_avg.mul_(alpha).addcmul_(grad, grad, value=1 - alpha)</c>;
/// centered <c>grad_avg.lerp_(grad, 1 - alpha)</c>, <c>square_avg.addcmul(grad_avg, grad_avg, value=-1).sqrt_()</c>; <c>avg.add_(eps)</c>;
/// <c>buf.mul_(momentum).addcdiv_(grad, avg)</c>, <c>param.add_(buf, alpha=-lr)</c> or <c>param.addcdiv_(grad, avg, value=-lr)</c>.
/// The lectures' variants: <c>eps_inside_sqrt</c> (x ← x − η·g/√(r + δ)) and <c>init=first_grad</c> (r⁰ = (g⁰)², i.e. σ⁰ = |g⁰|),
/// which replaces the first update of v by v ← g².
/// </remarks>
internal readonly struct ScaleByRms<T>(double lr, double alpha, double eps, double momentum, bool centered, bool epsInsideSqrt, bool squareFirstGradient) : IElementRule<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly Vector<T> _alpha = TorchOps.Splat<T>(alpha);
    private readonly Vector<T> _oneMinusAlpha = TorchOps.Splat<T>(1 - alpha);
    private readonly LerpWeight<T> _wAvg = new(1 - alpha);
    private readonly Vector<T> _eps = TorchOps.Splat<T>(eps);
    private readonly Vector<T> _momentum = TorchOps.Splat<T>(momentum);
    private readonly Vector<T> _negLr = TorchOps.Splat<T>(-lr);
    private readonly bool _centered = centered;
    private readonly bool _useMomentum = momentum > 0;
    private readonly bool _epsInside = epsInsideSqrt;
    private readonly bool _squareFirst = squareFirstGradient;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Apply(ref Lanes<T> x)
    {
        x.S0 = _squareFirst ? x.G * x.G : TorchOps.AddCMul(x.S0 * _alpha, x.G, x.G, _oneMinusAlpha);
        var v = x.S0;
        if (_centered)
        {
            x.S1 = TorchOps.Lerp(x.S1, x.G, in _wAvg);
            v = TorchOps.AddCMul(x.S0, x.S1, x.S1, -Vector<T>.One);
        }

        var avg = _epsInside ? Vector.SquareRoot(v + _eps) : Vector.SquareRoot(v) + _eps;
        if (_useMomentum)
        {
            x.S2 = (x.S2 * _momentum) + (x.G / avg);
            x.P = TorchOps.Add(x.P, x.S2, _negLr);
        }
        else
        {
            x.P = TorchOps.AddCDiv(x.P, x.G, avg, _negLr);
        }
    }
}
