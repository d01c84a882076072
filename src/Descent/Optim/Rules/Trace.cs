using System.Numerics;
using System.Runtime.CompilerServices;

namespace Descent.Optim.Rules;

/// <summary>
/// SGD momentum (torch convention, lr outside the buffer): b ← g on the first step, else b ← μ·b + (1 − dampening)·g;
/// then g ← g + μ·b (Nesterov) or g ← b. Slot S0 holds the buffer.
/// </summary>
/// <remarks>
/// torch <c>_single_tensor_sgd</c>: <c>buf = grad.clone()</c> on the first step (no dampening), then
/// <c>buf.mul_(momentum).add_(grad, alpha=1 - dampening)</c> and <c>grad = grad.add(buf, alpha=momentum)</c> for Nesterov.
/// Optax's <c>trace</c> differs: no dampening, and it starts from zeros. A no-op when μ = 0 (no buffer exists).
/// </remarks>
internal readonly struct Trace<T>(double momentum, double dampening, bool nesterov, bool firstStep) : IElementRule<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly bool _on = momentum != 0;
    private readonly bool _first = firstStep;
    private readonly bool _nesterov = nesterov;
    private readonly Vector<T> _mu = TorchOps.Splat<T>(momentum);
    private readonly Vector<T> _oneMinusDampening = TorchOps.Splat<T>(1 - dampening);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Apply(ref Lanes<T> x)
    {
        if (!_on)
        {
            return;
        }

        x.S0 = _first ? x.G : TorchOps.Add(x.S0 * _mu, x.G, _oneMinusDampening);
        x.G = _nesterov ? TorchOps.Add(x.G, x.S0, _mu) : x.S0;
    }
}
