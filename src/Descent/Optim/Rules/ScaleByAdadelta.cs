using System.Numerics;
using System.Runtime.CompilerServices;

namespace Descent.Optim.Rules;

/// <summary>
/// Adadelta (Zeiler 2012): v ← ρ·v + (1 − ρ)·g²; Δ = √(u + ε)/√(v + ε)·g; u ← ρ·u + (1 − ρ)·Δ²; p ← p − lr·Δ.
/// Slots: S0 = square_avg, S1 = acc_delta.
/// </summary>
/// <remarks>torch 2.x <c>_single_tensor_adadelta</c>: <c>std = square_avg.add(eps).sqrt_()</c>; <c>delta = acc_delta.add(eps).sqrt_().div_(std).mul_(grad)</c>; <c>param.add_(delta, alpha=-lr)</c>.</remarks>
internal readonly struct ScaleByAdadelta<T>(double lr, double rho, double eps) : IElementRule<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly Vector<T> _rho = TorchOps.Splat<T>(rho);
    private readonly Vector<T> _oneMinusRho = TorchOps.Splat<T>(1 - rho);
    private readonly Vector<T> _eps = TorchOps.Splat<T>(eps);
    private readonly Vector<T> _negLr = TorchOps.Splat<T>(-lr);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Apply(ref Lanes<T> x)
    {
        x.S0 = TorchOps.AddCMul(x.S0 * _rho, x.G, x.G, _oneMinusRho);
        var std = Vector.SquareRoot(x.S0 + _eps);
        var delta = Vector.SquareRoot(x.S1 + _eps) / std * x.G;
        x.S1 = TorchOps.AddCMul(x.S1 * _rho, delta, delta, _oneMinusRho);
        x.P = TorchOps.Add(x.P, delta, _negLr);
    }
}
