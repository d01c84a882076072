namespace Descent;

/// <summary>
/// Reverse-mode automatic differentiation: the grad-mode switch, the functional <see cref="Grad"/> and the graph walk behind
/// <see cref="Tensor.Backward"/>.
/// </summary>
public static class Autograd
{
    [ThreadStatic]
    private static int _noGradDepth;

    /// <summary>Whether operations are being recorded on this thread (false inside a <see cref="NoGrad"/> scope).</summary>
    public static bool IsEnabled => _noGradDepth == 0;

    /// <summary>
    /// Stops recording on this thread until the returned scope is disposed (<c>using var _ = Autograd.NoGrad();</c>), like
    /// <c>torch.no_grad()</c>. Scopes nest.
    /// </summary>
    public static NoGradScope NoGrad()
    {
        _noGradDepth++;
        return new NoGradScope(false);
    }

    /// <summary>Turns recording back on inside a <see cref="NoGrad"/> region until disposed (<c>torch.enable_grad()</c>).</summary>
    public static NoGradScope EnableGrad()
    {
        int saved = _noGradDepth;
        _noGradDepth = 0;
        return new NoGradScope(true, saved);
    }

    /// <summary>A scope returned by <see cref="NoGrad"/> or <see cref="EnableGrad"/>.</summary>
    public readonly struct NoGradScope : IDisposable
    {
        private readonly bool _restore;
        private readonly int _saved;

        internal NoGradScope(bool restore, int saved = 0)
        {
            _restore = restore;
            _saved = saved;
        }

        /// <summary>Ends the scope.</summary>
        public void Dispose()
        {
            if (_restore)
            {
                _noGradDepth = _saved;
            }
            else
            {
                _noGradDepth--;
            }
        }
    }

    /// <summary>
    /// Attaches a backward rule to <paramref name="result"/> when recording is on and some input requires grad; returns
    /// <paramref name="result"/>.
    /// </summary>
    internal static Tensor Record(Tensor result, string op, Tensor[] inputs, Func<Tensor, Tensor?[]> backward)
    {
        if (_noGradDepth != 0)
        {
            return result;
        }

        foreach (var t in inputs)
        {
            if (t.RequiresGrad)
            {
                result.GradFn = new Node(op, inputs, backward);
                result.RequiresGrad = true;
                return result;
            }
        }

        return result;
    }

    /// <summary>
    /// The gradients of <paramref name="output"/> with respect to <paramref name="inputs"/>, without touching any
    /// <see cref="Tensor.Grad"/> (like <c>torch.autograd.grad</c>). With <paramref name="createGraph"/> the result is itself
    /// differentiable, which is how Hessians and Hessian-vector products are computed.
    /// </summary>
    /// <param name="output">The tensor to differentiate; a scalar unless <paramref name="seed"/> is given.</param>
    /// <param name="inputs">Tensors that require grad.</param>
    /// <param name="seed">∂L/∂output (defaults to 1 for a scalar output).</param>
    /// <param name="createGraph">Record the backward computation so the gradients can be differentiated again.</param>
    /// <param name="allowUnused">Return zeros for inputs the output does not depend on (otherwise an error).</param>
    /// <exception cref="ArgumentException">An input does not require grad, or is unused and <paramref name="allowUnused"/> is false.</exception>
    public static Tensor[] Grad(Tensor output, IReadOnlyList<Tensor> inputs, Tensor? seed = null, bool createGraph = false, bool allowUnused = false)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(inputs);
        for (int i = 0; i < inputs.Count; i++)
        {
            if (!inputs[i].RequiresGrad)
            {
                throw new ArgumentException($"Grad: input {i} does not require grad; set RequiresGrad = true before building the graph", nameof(inputs));
            }
        }

        var captured = RunBackward(output, seed, createGraph, inputs);
        var result = new Tensor[inputs.Count];
        for (int i = 0; i < inputs.Count; i++)
        {
            if (captured.TryGetValue(inputs[i], out var g))
            {
                result[i] = g;
            }
            else if (allowUnused)
            {
                result[i] = Tensor.ZerosLike(inputs[i]);
            }
            else
            {
                throw new ArgumentException($"Grad: input {i} was not used to compute the output; pass allowUnused: true to get zeros", nameof(inputs));
            }
        }

        return result;
    }

    /// <summary>
    /// Walks the graph below <paramref name="root"/> in reverse topological order. With <paramref name="capture"/> null, leaf
    /// gradients accumulate into <see cref="Tensor.Grad"/>; otherwise the gradients of the captured tensors are returned instead.
    /// </summary>
    internal static Dictionary<Tensor, Tensor> RunBackward(Tensor root, Tensor? seed, bool createGraph, IReadOnlyList<Tensor>? capture)
    {
        if (seed == null)
        {
            if (root.Numel != 1)
            {
                throw new ArgumentException($"Backward() needs a scalar output or a seed gradient; the output has shape {root.Shape}");
            }

            seed = Tensor.OnesLike(root);
        }
        else if (seed.Shape != root.Shape)
        {
            throw new ArgumentException($"Backward(): the seed gradient has shape {seed.Shape} but the output has shape {root.Shape}");
        }

        if (!root.RequiresGrad)
        {
            throw new InvalidOperationException("Backward(): the output does not require grad; no input of its graph has RequiresGrad = true");
        }

        HashSet<Tensor>? captureSet = capture == null ? null : new HashSet<Tensor>(capture, ReferenceEqualityComparer.Instance);
        var order = TopologicalOrder(root);
        var grads = new Dictionary<Tensor, Tensor>(ReferenceEqualityComparer.Instance) { [root] = seed };
        var captured = new Dictionary<Tensor, Tensor>(ReferenceEqualityComparer.Instance);

        // Inside a TensorPool scope, gradients this walk creates go back to the pool as soon as nothing can read them again
        // (first-order Backward only: with createGraph they belong to the new graph, and Grad hands them to the caller).
        int mark = createGraph || captureSet != null ? -1 : TensorPool.Mark();
        int savedDepth = _noGradDepth;
        _noGradDepth = createGraph ? 0 : 1;
        try
        {
            for (int k = order.Count - 1; k >= 0; k--)
            {
                var t = order[k];
                if (!grads.Remove(t, out var g))
                {
                    continue;
                }

                if (captureSet != null && captureSet.Contains(t))
                {
                    captured[t] = g;
                    if (t.GradFn == null)
                    {
                        continue;
                    }
                }

                if (t.GradFn == null)
                {
                    if (captureSet == null && t.RequiresGrad)
                    {
                        Accumulate(t, g, createGraph);
                    }

                    ReleaseIfDead(g, mark, grads, null);
                    continue;
                }

                var node = t.GradFn;
                int nodeMark = mark < 0 ? -1 : TensorPool.Mark();
                var inGrads = node.Backward(g);
                for (int i = 0; i < node.Inputs.Length; i++)
                {
                    var input = node.Inputs[i];
                    var gi = i < inGrads.Length ? inGrads[i] : null;
                    if (gi == null || !input.RequiresGrad)
                    {
                        continue;
                    }

                    if (gi.Shape != input.Shape)
                    {
                        gi = gi.SumTo(input.Shape);
                    }

                    if (gi.DType != input.DType)
                    {
                        gi = gi.To(input.DType);
                    }

                    if (grads.TryGetValue(input, out var prev))
                    {
                        grads[input] = prev + gi;
                        ReleaseIfDead(prev, mark, grads, inGrads);
                    }
                    else
                    {
                        grads[input] = gi;
                    }
                }

                ReleaseIfDead(g, mark, grads, inGrads);

                // What the rule allocated and did not hand on (its intermediates) is dead too: without recording, nothing
                // captured it.
                TensorPool.ReleaseSince(nodeMark, grads);
            }
        }
        finally
        {
            _noGradDepth = savedDepth;
        }

        return captured;
    }

    /// <summary>
    /// Returns a gradient temporary's storage to the pool when this walk created it and no pending gradient, and none of the
    /// gradients just returned by a rule, shares its storage (rules may pass a gradient through or return a view of it).
    /// </summary>
    private static void ReleaseIfDead(Tensor g, int mark, Dictionary<Tensor, Tensor> grads, Tensor?[]? fresh)
    {
        if (mark < 0 || !TensorPool.IsReleasable(g, mark))
        {
            return;
        }

        var block = g.Block;
        foreach (var pending in grads.Values)
        {
            if (ReferenceEquals(pending.Block, block))
            {
                return;
            }
        }

        if (fresh != null)
        {
            foreach (var f in fresh)
            {
                if (f != null && ReferenceEquals(f.Block, block))
                {
                    return;
                }
            }
        }

        TensorPool.ReleaseEarly(g);
    }

    private static void Accumulate(Tensor leaf, Tensor g, bool createGraph)
    {
        if (leaf.Grad == null)
        {
            // A backward rule may hand the same tensor to several inputs; a leaf keeps its own copy so later in-place
            // accumulation cannot leak into another leaf's gradient. The copy outlives any pool scope of the step.
            if (createGraph)
            {
                leaf.Grad = TensorPool.Keep(g);
            }
            else
            {
                using (TensorPool.Suspend())
                {
                    leaf.Grad = Tensor.CopyData(g);
                }
            }
        }
        else if (createGraph || leaf.Grad.RequiresGrad)
        {
            leaf.Grad = TensorPool.Keep(leaf.Grad + g);
        }
        else
        {
            Kernels.Elementwise.AddInPlace(leaf.Grad, g);
        }
    }

    private static List<Tensor> TopologicalOrder(Tensor root)
    {
        // Iterative DFS post-order, so a chain of 100k ops cannot overflow the stack.
        var order = new List<Tensor>();
        var visited = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<(Tensor T, int Next)>();
        stack.Push((root, 0));
        visited.Add(root);
        while (stack.Count > 0)
        {
            var (t, next) = stack.Pop();
            var inputs = t.GradFn?.Inputs;
            if (inputs != null && next < inputs.Length)
            {
                stack.Push((t, next + 1));
                var child = inputs[next];
                if (child.RequiresGrad && visited.Add(child))
                {
                    stack.Push((child, 0));
                }
            }
            else
            {
                order.Add(t);
            }
        }

        return order;
    }
}
