using System.Numerics;

namespace Descent.Optim.Rules;

/// <summary>
/// The registers of one fused optimizer pass: a vector of parameters, their gradients (a private copy the rules may rewrite, as
/// torch's <c>grad = grad.add(param, alpha=wd)</c> makes a new tensor) and up to three per-parameter state buffers.
/// </summary>
internal struct Lanes<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public Vector<T> P;
    public Vector<T> G;
    public Vector<T> S0;
    public Vector<T> S1;
    public Vector<T> S2;
}

/// <summary>
/// One step of an optimizer's per-element math (Optax's "gradient transformation", narrowed to an element). Rules are small
/// structs holding their hyperparameters, combined at the type level with <see cref="Chain{T, A, B}"/>; the JIT inlines the whole
/// chain into the loop of <see cref="FusedStep{T}"/>, so an optimizer step is one pass over memory however many rules it has.
/// </summary>
/// <remarks>Stateful rules document which state slot (<c>S0</c>, <c>S1</c>, <c>S2</c>) holds which buffer.</remarks>
internal interface IElementRule<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    void Apply(ref Lanes<T> x);
}
