using System.Numerics;
using System.Runtime.CompilerServices;

namespace Descent.Optim.Rules;

/// <summary>
/// Adam's moments and update: m ← lerp(m, g, 1 − β₁); v ← β₂·v + (1 − β₂)·g²; [v_max ← max(v_max, v)];
/// p ← p − (lr/bc₁)·m / (√v/√bc₂ + ε). Slots: S0 = exp_avg, S1 = exp_avg_sq, S2 = max_exp_avg_sq.
/// </summary>
/// <remarks>
/// torch 2.x <c>_single_tensor_adam</c>: <c>exp_avg.lerp_(grad, 1 - beta1)</c>; <c>exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)</c>;
/// <c>denom = (exp_avg_sq.sqrt() / bias_correction2_sqrt).add_(eps)</c>; <c>param.addcdiv_(exp_avg, denom, value=-step_size)</c>.
/// ε is added after the bias-corrected square root; AMSGrad keeps the maximum of the uncorrected v.
/// </remarks>
internal readonly struct ScaleByAdam<T>(double beta1, double beta2, double eps, double stepSize, double biasCorrection2Sqrt, bool amsgrad) : IElementRule<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly LerpWeight<T> _w1 = new(1 - beta1);
    private readonly Vector<T> _beta2 = TorchOps.Splat<T>(beta2);
    private readonly Vector<T> _oneMinusBeta2 = TorchOps.Splat<T>(1 - beta2);
    private readonly Vector<T> _bc2Sqrt = TorchOps.Splat<T>(biasCorrection2Sqrt);
    private readonly Vector<T> _eps = TorchOps.Splat<T>(eps);
    private readonly Vector<T> _negStepSize = TorchOps.Splat<T>(-stepSize);
    private readonly bool _amsgrad = amsgrad;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Apply(ref Lanes<T> x)
    {
        x.S0 = TorchOps.Lerp(x.S0, x.G, in _w1);
        x.S1 = TorchOps.AddCMul(x.S1 * _beta2, x.G, x.G, _oneMinusBeta2);
        var v = x.S1;
        if (_amsgrad)
        {
            x.S2 = Vector.Max(x.S2, x.S1);
            v = x.S2;
        }

        var denom = (Vector.SquareRoot(v) / _bc2Sqrt) + _eps;
        x.P = TorchOps.AddCDiv(x.P, x.S0, denom, _negStepSize);
    }
}
