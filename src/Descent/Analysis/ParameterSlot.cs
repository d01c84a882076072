namespace Descent.Analysis;

/// <summary>Where one parameter tensor lives inside the flat parameter vector of a <see cref="ParameterLayout"/>.</summary>
/// <param name="Name">The parameter's full dotted name (<c>1.weight</c>).</param>
/// <param name="Parameter">The model's tensor itself (not a copy).</param>
/// <param name="Offset">The index of its first element in the flat vector.</param>
public sealed record ParameterSlot(string Name, Tensor Parameter, int Offset)
{
    /// <summary>The parameter's shape.</summary>
    public Shape Shape => Parameter.Shape;

    /// <summary>The number of elements.</summary>
    public int Length => Parameter.Numel;
}
