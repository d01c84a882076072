using System.Numerics;
using System.Runtime.CompilerServices;

namespace Descent.Optim.Rules;

/// <summary>The plain descent step: p ← p − lr·g (torch <c>param.add_(grad, alpha=-lr)</c>; Optax <c>scale_by_learning_rate</c> + <c>apply_updates</c>).</summary>
internal readonly struct ApplyLearningRate<T>(double lr) : IElementRule<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly Vector<T> _negLr = TorchOps.Splat<T>(-lr);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Apply(ref Lanes<T> x) => x.P = TorchOps.Add(x.P, x.G, _negLr);
}
