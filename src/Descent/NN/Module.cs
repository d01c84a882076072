namespace Descent.NN;

/// <summary>
/// A building block of a model, as <c>torch.nn.Module</c>: it owns parameters (tensors that require grad), buffers (state that is
/// saved but not trained, such as batch-norm running statistics) and child modules, all registered explicitly in a fixed order.
/// </summary>
/// <remarks>
/// Registration is explicit (<see cref="RegisterParameter"/>, <see cref="RegisterBuffer"/>, <see cref="RegisterModule{T}"/>) rather
/// than by reflection, because reflection gives no ordering guarantee and optimizer state, checkpoints and seeded initialisation
/// all depend on a deterministic order. Parameter names are full dotted paths (<c>0.weight</c>, <c>encoder.fc1.bias</c>), kept in
/// each tensor's <see cref="Tensor.Name"/> so that optimizers can key their state by name.
/// </remarks>
public abstract class Module
{
    private readonly List<(string Name, Tensor Value)> _parameters = [];
    private readonly List<(string Name, Tensor Value)> _buffers = [];
    private readonly List<(string Name, Module Value)> _children = [];

    /// <summary>Whether the module is in training mode (dropout active, batch norm using batch statistics). New modules train.</summary>
    public bool IsTraining { get; private set; } = true;

    /// <summary>Computes the module's output.</summary>
    public abstract Tensor Forward(Tensor input);

    /// <summary>Parameters of this module and its children, depth-first in registration order, with full dotted names.</summary>
    public IEnumerable<(string Name, Tensor Parameter)> NamedParameters() => Walk(m => m._parameters, "");

    /// <summary>The parameters, in the order of <see cref="NamedParameters"/>.</summary>
    public IEnumerable<Tensor> Parameters() => NamedParameters().Select(p => p.Parameter);

    /// <summary>Buffers of this module and its children, with full dotted names.</summary>
    public IEnumerable<(string Name, Tensor Buffer)> NamedBuffers() => Walk(m => m._buffers, "");

    /// <summary>Direct children, in registration order.</summary>
    public IEnumerable<(string Name, Module Module)> NamedChildren() => _children;

    /// <summary>This module and every descendant, depth-first, with dotted paths ("" for this module).</summary>
    public IEnumerable<(string Name, Module Module)> NamedModules()
    {
        var stack = new Stack<(string, Module)>();
        stack.Push(("", this));
        while (stack.Count > 0)
        {
            var (name, m) = stack.Pop();
            yield return (name, m);
            for (int i = m._children.Count - 1; i >= 0; i--)
            {
                var (childName, child) = m._children[i];
                stack.Push((name.Length == 0 ? childName : name + "." + childName, child));
            }
        }
    }

    /// <summary>Total number of scalar parameters.</summary>
    public long ParameterCount() => Parameters().Sum(p => (long)p.Numel);

    /// <summary>Switches this module and its children to training mode.</summary>
    public Module Train(bool training = true)
    {
        foreach (var (_, m) in NamedModules())
        {
            m.IsTraining = training;
        }

        return this;
    }

    /// <summary>Switches to evaluation mode (same as <c>Train(false)</c>).</summary>
    public Module Eval() => Train(false);

    /// <summary>Clears gradients: sets them to null (default, as PyTorch 2.x) or fills them with zeros.</summary>
    public void ZeroGrad(bool setToNull = true)
    {
        foreach (var p in Parameters())
        {
            if (setToNull || p.Grad == null)
            {
                p.Grad = null;
            }
            else
            {
                p.Grad.Clear();
            }
        }
    }

    /// <summary>Copies of every parameter and buffer, keyed by full name (parameters first, then buffers).</summary>
    public Dictionary<string, Tensor> StateDict()
    {
        var d = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, p) in NamedParameters())
        {
            d[name] = Tensor.CopyData(p);
        }

        foreach (var (name, b) in NamedBuffers())
        {
            d[name] = Tensor.CopyData(b);
        }

        return d;
    }

    /// <summary>
    /// Loads values saved by <see cref="StateDict"/>. Everything is validated before anything is copied, so a failed load never
    /// leaves the module half-loaded.
    /// </summary>
    /// <param name="state">Tensors keyed by full name.</param>
    /// <param name="strict">Require exactly the module's names (otherwise load the intersection).</param>
    /// <exception cref="ArgumentException">Missing or unexpected names (strict), or a shape mismatch; the message lists them.</exception>
    public void LoadStateDict(IReadOnlyDictionary<string, Tensor> state, bool strict = true)
    {
        ArgumentNullException.ThrowIfNull(state);
        var targets = NamedParameters().Concat(NamedBuffers()).ToList();
        var names = targets.Select(t => t.Item1).ToHashSet(StringComparer.Ordinal);
        var problems = new List<string>();
        if (strict)
        {
            var missing = names.Where(n => !state.ContainsKey(n)).ToList();
            var unexpected = state.Keys.Where(n => !names.Contains(n)).ToList();
            if (missing.Count > 0)
            {
                problems.Add($"missing: {string.Join(", ", missing)}");
            }

            if (unexpected.Count > 0)
            {
                problems.Add($"unexpected: {string.Join(", ", unexpected)}");
            }
        }

        foreach (var (name, t) in targets)
        {
            if (state.TryGetValue(name, out var v) && v.Shape != t.Shape)
            {
                problems.Add($"{name} has shape {v.Shape} in the state but {t.Shape} in the model");
            }
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException($"Cannot load state into {GetType().Name}: {string.Join("; ", problems)}", nameof(state));
        }

        foreach (var (name, t) in targets)
        {
            if (state.TryGetValue(name, out var v))
            {
                t.CopyFrom(v);
            }
        }
    }

    /// <summary>Registers a trainable tensor under <paramref name="name"/> (sets RequiresGrad and its Name) and returns it.</summary>
    /// <exception cref="ArgumentException">The name is empty, contains a dot, or is already used in this module.</exception>
    protected Tensor RegisterParameter(string name, Tensor parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        CheckName(name);
        if (!parameter.IsLeaf)
        {
            throw new ArgumentException($"Parameter \"{name}\" must be a leaf tensor; pass a detached tensor", nameof(parameter));
        }

        parameter.RequiresGrad = true;
        parameter.Name = name;
        _parameters.Add((name, parameter));
        return parameter;
    }

    /// <summary>Registers a non-trainable state tensor (saved in the state dict, not optimized) and returns it.</summary>
    protected Tensor RegisterBuffer(string name, Tensor buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        CheckName(name);
        buffer.Name = name;
        _buffers.Add((name, buffer));
        return buffer;
    }

    /// <summary>Registers a child module; its parameters' names gain the prefix <c>name.</c>.</summary>
    protected T RegisterModule<T>(string name, T module)
        where T : Module
    {
        ArgumentNullException.ThrowIfNull(module);
        CheckName(name);
        _children.Add((name, module));
        foreach (var (childName, p) in module.NamedParameters())
        {
            p.Name = name + "." + childName;
        }

        foreach (var (childName, b) in module.NamedBuffers())
        {
            b.Name = name + "." + childName;
        }

        return module;
    }

    /// <summary>Replaces a registered buffer's tensor (for modules whose state is reassigned, such as running statistics).</summary>
    protected void ReplaceBuffer(string name, Tensor value)
    {
        int i = _buffers.FindIndex(b => b.Name == name);
        if (i < 0)
        {
            throw new ArgumentException($"No buffer named \"{name}\" in {GetType().Name}", nameof(name));
        }

        value.Name = _buffers[i].Value.Name;
        _buffers[i] = (name, value);
    }

    private IEnumerable<(string, Tensor)> Walk(Func<Module, List<(string Name, Tensor Value)>> select, string prefix)
    {
        foreach (var (name, t) in select(this))
        {
            yield return (prefix + name, t);
        }

        foreach (var (name, child) in _children)
        {
            foreach (var item in child.Walk(select, prefix + name + "."))
            {
                yield return item;
            }
        }
    }

    private void CheckName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Contains('.', StringComparison.Ordinal))
        {
            throw new ArgumentException($"Invalid name \"{name}\": names must be non-empty and contain no '.'", nameof(name));
        }

        if (_parameters.Any(p => p.Name == name) || _buffers.Any(b => b.Name == name) || _children.Any(c => c.Name == name))
        {
            throw new ArgumentException($"{GetType().Name} already has a member named \"{name}\"", nameof(name));
        }
    }
}
