namespace Descent.Analysis;

/// <summary>
/// Hessian-vector products from a recorded gradient graph: given leaves x and their gradients g(x) built with
/// <c>createGraph: true</c>, H·v = ∇ₓ(g·v), one extra backward pass per product (Pearlmutter 1994; PyHessian's
/// <c>hessian_vector_product</c>). The graph is kept and reused for every product.
/// </summary>
internal sealed class GraphHessianOperator : ISymmetricOperator
{
    private readonly Tensor[] _leaves;
    private readonly Tensor[] _gradients;
    private readonly int[] _offsets;
    private readonly Action? _beforeApply;

    /// <param name="leaves">The variables, in flat-vector order.</param>
    /// <param name="gradients">∂f/∂leaf for each leaf, recorded with createGraph (a gradient that does not require grad is
    /// constant in x and contributes nothing to H).</param>
    /// <param name="beforeApply">Runs before each product (restores state the graph depends on).</param>
    public GraphHessianOperator(Tensor[] leaves, Tensor[] gradients, Action? beforeApply = null)
    {
        _leaves = leaves;
        _gradients = gradients;
        _beforeApply = beforeApply;
        _offsets = new int[leaves.Length + 1];
        for (int i = 0; i < leaves.Length; i++)
        {
            _offsets[i + 1] = _offsets[i] + leaves[i].Numel;
        }

        Dimension = _offsets[^1];
    }

    public int Dimension { get; }

    /// <summary>How many products have been computed (each costs about two gradient evaluations).</summary>
    public int Applications { get; private set; }

    public void Apply(ReadOnlySpan<double> vector, Span<double> result)
    {
        OperatorChecks.CheckLengths(Dimension, vector, result);
        _beforeApply?.Invoke();
        Applications++;
        using var _ = Autograd.EnableGrad();
        Tensor? dot = null;
        for (int i = 0; i < _gradients.Length; i++)
        {
            var g = _gradients[i];
            if (!g.RequiresGrad)
            {
                continue;
            }

            var v = FlatData.ToTensor(vector[_offsets[i].._offsets[i + 1]], g.Shape, g.DType);
            var term = (g * v).Sum();
            dot = dot == null ? term : dot + term;
        }

        if (dot == null)
        {
            result.Clear();
            return;
        }

        var hv = Autograd.Grad(dot, _leaves, allowUnused: true);
        for (int i = 0; i < _leaves.Length; i++)
        {
            FlatData.Read(hv[i], result[_offsets[i].._offsets[i + 1]]);
        }
    }
}
