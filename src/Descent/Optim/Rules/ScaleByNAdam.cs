using System.Numerics;
using System.Runtime.CompilerServices;

namespace Descent.Optim.Rules;

/// <summary>
/// NAdam's update (Dozat 2016, torch 2.x form): m ← lerp(m, g, 1 − β₁); v ← β₂·v + (1 − β₂)·g²; d ← √(v/bc₂) + ε;
/// p ← p − lr·(1 − μₜ)/(1 − Πμ)·g/d; p ← p − lr·μₜ₊₁/(1 − Πμ·μₜ₊₁)·m/d. Slots: S0 = exp_avg, S1 = exp_avg_sq.
/// </summary>
/// <remarks>The two coefficients (<paramref name="gradCoefficient"/> = −lr(1 − μₜ)/(1 − Πμ), <paramref name="avgCoefficient"/> = −lr·μₜ₊₁/(1 − Πμ·μₜ₊₁))
/// are computed in double by the optimizer; torch applies them with two <c>addcdiv_</c> calls, in that order.</remarks>
internal readonly struct ScaleByNAdam<T>(double beta1, double beta2, double eps, double biasCorrection2, double gradCoefficient, double avgCoefficient) : IElementRule<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly LerpWeight<T> _w1 = new(1 - beta1);
    private readonly Vector<T> _beta2 = TorchOps.Splat<T>(beta2);
    private readonly Vector<T> _oneMinusBeta2 = TorchOps.Splat<T>(1 - beta2);
    private readonly Vector<T> _bc2 = TorchOps.Splat<T>(biasCorrection2);
    private readonly Vector<T> _eps = TorchOps.Splat<T>(eps);
    private readonly Vector<T> _cg = TorchOps.Splat<T>(gradCoefficient);
    private readonly Vector<T> _cm = TorchOps.Splat<T>(avgCoefficient);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Apply(ref Lanes<T> x)
    {
        x.S0 = TorchOps.Lerp(x.S0, x.G, in _w1);
        x.S1 = TorchOps.AddCMul(x.S1 * _beta2, x.G, x.G, _oneMinusBeta2);
        var denom = Vector.SquareRoot(x.S1 / _bc2) + _eps;
        x.P = TorchOps.AddCDiv(x.P, x.G, denom, _cg);
        x.P = TorchOps.AddCDiv(x.P, x.S0, denom, _cm);
    }
}
