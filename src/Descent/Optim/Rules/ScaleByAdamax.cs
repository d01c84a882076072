using System.Numerics;
using System.Runtime.CompilerServices;

namespace Descent.Optim.Rules;

/// <summary>
/// Adamax (Adam with the infinity norm): m ← lerp(m, g, 1 − β₁); u ← max(β₂·u, |g| + ε); p ← p − (lr/bc₁)·m/u.
/// Slots: S0 = exp_avg, S1 = exp_inf.
/// </summary>
/// <remarks>torch 2.x <c>_single_tensor_adamax</c>: <c>torch.maximum(exp_inf.mul_(beta2), grad.abs().add_(eps))</c> (ε inside the max), then <c>param.addcdiv_(exp_avg, exp_inf, value=-clr)</c>.</remarks>
internal readonly struct ScaleByAdamax<T>(double beta1, double beta2, double eps, double stepSize) : IElementRule<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly LerpWeight<T> _w1 = new(1 - beta1);
    private readonly Vector<T> _beta2 = TorchOps.Splat<T>(beta2);
    private readonly Vector<T> _eps = TorchOps.Splat<T>(eps);
    private readonly Vector<T> _negStepSize = TorchOps.Splat<T>(-stepSize);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Apply(ref Lanes<T> x)
    {
        x.S0 = TorchOps.Lerp(x.S0, x.G, in _w1);
        x.S1 = Vector.Max(x.S1 * _beta2, Vector.Abs(x.G) + _eps);
        x.P = TorchOps.AddCDiv(x.P, x.S0, x.S1, _negStepSize);
    }
}
