using System.Numerics;
using System.Runtime.CompilerServices;

namespace Descent.Optim.Rules;

/// <summary>
/// RAdam's update (Liu et al. 2020): m ← lerp(m, g, 1 − β₁); v ← β₂·v + (1 − β₂)·g²; m̂ = m/bc₁; when the variance is tractable
/// (ρₜ &gt; 5) p ← p − m̂·lr·(√bc₂/(√v + ε))·r, otherwise p ← p − m̂·lr. Slots: S0 = exp_avg, S1 = exp_avg_sq.
/// </summary>
/// <remarks>
/// torch 2.x <c>_single_tensor_radam</c> op order: <c>bias_corrected_exp_avg * lr * adaptive_lr * rect</c> left to right, where
/// <c>adaptive_lr = bc2**0.5 / (exp_avg_sq.sqrt() + eps)</c> is Python's <c>float / Tensor</c>, i.e. <c>reciprocal(·)·bc2**0.5</c>.
/// ε is added to the uncorrected √v.
/// </remarks>
internal readonly struct ScaleByRAdam<T>(double beta1, double beta2, double eps, double lr, double biasCorrection1, double biasCorrection2Sqrt, double rect, bool rectified) : IElementRule<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly LerpWeight<T> _w1 = new(1 - beta1);
    private readonly Vector<T> _beta2 = TorchOps.Splat<T>(beta2);
    private readonly Vector<T> _oneMinusBeta2 = TorchOps.Splat<T>(1 - beta2);
    private readonly Vector<T> _eps = TorchOps.Splat<T>(eps);
    private readonly Vector<T> _lr = TorchOps.Splat<T>(lr);
    private readonly Vector<T> _bc1 = TorchOps.Splat<T>(biasCorrection1);
    private readonly Vector<T> _bc2Sqrt = TorchOps.Splat<T>(biasCorrection2Sqrt);
    private readonly Vector<T> _rect = TorchOps.Splat<T>(rect);
    private readonly bool _rectified = rectified;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Apply(ref Lanes<T> x)
    {
        x.S0 = TorchOps.Lerp(x.S0, x.G, in _w1);
        x.S1 = TorchOps.AddCMul(x.S1 * _beta2, x.G, x.G, _oneMinusBeta2);
        var scaled = x.S0 / _bc1 * _lr;
        if (_rectified)
        {
            var adaptive = (Vector<T>.One / (Vector.SquareRoot(x.S1) + _eps)) * _bc2Sqrt;
            x.P -= scaled * adaptive * _rect;
        }
        else
        {
            x.P -= scaled;
        }
    }
}
