namespace Descent.Optim;

/// <summary>
/// An optimizer's state for one parameter (PyTorch's <c>optimizer.state[p]</c>): the step count, named buffers shaped like the
/// parameter (<c>exp_avg</c>, <c>momentum_buffer</c>…) and named scalars (<c>mu_product</c>…).
/// </summary>
/// <remarks>The buffers are the live tensors the optimizer updates in place; read them, but copy before keeping them.</remarks>
public sealed class ParamState
{
    internal Dictionary<string, Tensor> BufferMap { get; } = new(StringComparer.Ordinal);

    internal Dictionary<string, double> ScalarMap { get; } = new(StringComparer.Ordinal);

    /// <summary>How many updates this parameter has received (torch's <c>state["step"]</c>; incremented before use, so the first update is step 1).</summary>
    public long Step { get; internal set; }

    /// <summary>The state tensors by name.</summary>
    public IReadOnlyDictionary<string, Tensor> Buffers => BufferMap;

    /// <summary>The scalar state by name.</summary>
    public IReadOnlyDictionary<string, double> Scalars => ScalarMap;

    internal Tensor Buffer(string name) => BufferMap[name];

    internal Tensor? TryBuffer(string name) => BufferMap.TryGetValue(name, out var t) ? t : null;

    /// <summary>Creates (or returns the existing) buffer shaped like <paramref name="like"/>, filled with <paramref name="fill"/>.</summary>
    internal Tensor EnsureBuffer(string name, Tensor like, double fill = 0)
    {
        if (!BufferMap.TryGetValue(name, out var t))
        {
            t = Tensor.Full(like.Shape, fill, like.DType);
            BufferMap[name] = t;
        }

        return t;
    }
}
