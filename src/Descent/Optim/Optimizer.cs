namespace Descent.Optim;

/// <summary>
/// The PyTorch-style optimizer shell: parameter groups with per-group hyperparameters, lazily created per-parameter state,
/// <see cref="Step()"/>, <see cref="Step(Func{double})"/>, <see cref="ZeroGrad"/>, and <see cref="StateDict"/>/<see cref="LoadStateDict"/>
/// keyed by parameter name. The concrete optimizers (<see cref="Sgd"/>, <see cref="Adam"/>, <see cref="Lbfgs"/>…) supply the update.
/// </summary>
/// <remarks>
/// <para>Semantics follow <c>torch.optim.Optimizer</c> (PyTorch 2.x): a parameter whose <see cref="Tensor.Grad"/> is null is skipped
/// entirely (no state is created, no step counted, no decay applied); hyperparameters can be changed between steps through
/// <see cref="ParamGroups"/> or <see cref="IHyperparameterHost"/>; an empty parameter list, a parameter listed twice, or a
/// non-leaf tensor is an error with PyTorch's wording.</para>
/// <para>The state dict is keyed by <see cref="Tensor.Name"/> (or <c>group{g}.param{i}</c>) rather than by position, carries a
/// format version and the optimizer's name, and is validated on load. A run resumed from it continues bit for bit.</para>
/// </remarks>
public abstract class Optimizer : IHyperparameterHost
{
    private readonly List<ParamGroup> _groups = [];
    private readonly Dictionary<Tensor, ParamState> _state = new(ReferenceEqualityComparer.Instance);
    private readonly List<IStateComponent> _components = [];

    private protected Optimizer(OptimizerInfo info, IEnumerable<Tensor> parameters, IReadOnlyDictionary<string, HyperValue>? options)
    {
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(parameters);
        Info = info;
        var defaults = info.Complete(options);
        Defaults = defaults;
        AddGroup(parameters, new Dictionary<string, HyperValue>(defaults, StringComparer.Ordinal));
    }

    /// <summary>The registry entry: name, formula, hyperparameters.</summary>
    public OptimizerInfo Info { get; }

    /// <summary>The registry name (<c>adam</c>, <c>sgd</c>…).</summary>
    public string Name => Info.Name;

    /// <summary>The constructor's hyperparameters; <see cref="AddParamGroup"/> fills unspecified keys from these (torch's <c>defaults</c>).</summary>
    public IReadOnlyDictionary<string, HyperValue> Defaults { get; }

    /// <summary>The parameter groups, in order.</summary>
    public IReadOnlyList<ParamGroup> ParamGroups => _groups;

    /// <summary>Every parameter of every group.</summary>
    public IEnumerable<Tensor> Parameters => _groups.SelectMany(g => g.Params);

    /// <inheritdoc/>
    public int GroupCount => _groups.Count;

    /// <summary>Number of completed steps (a step skipped by the finite-gradient guard does not count).</summary>
    public long StepCount { get; private set; }

    /// <summary>
    /// When true, <see cref="Step()"/> first checks every gradient and, if any element is NaN or infinite, skips the step before any
    /// state is touched, recording why in <see cref="LastSkipReason"/> (as <c>torch.cuda.amp.GradScaler</c> skips steps).
    /// </summary>
    public bool SkipNonFiniteSteps { get; set; }

    /// <summary>Why the most recent <see cref="Step()"/> was skipped, or null if it was applied.</summary>
    public string? LastSkipReason { get; private set; }

    /// <summary>How many steps the finite-gradient guard has skipped.</summary>
    public long SkippedSteps { get; private set; }

    /// <summary>The state of <paramref name="parameter"/>, or null if it has not been stepped yet.</summary>
    public ParamState? GetState(Tensor parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        return _state.TryGetValue(parameter, out var s) ? s : null;
    }

    /// <summary>
    /// Adds a parameter group (torch's <c>add_param_group</c>); keys missing from <paramref name="options"/> take the constructor's
    /// values (<see cref="Defaults"/>).
    /// </summary>
    /// <exception cref="ArgumentException">The list is empty, a parameter is already in a group, a key is unknown or a value invalid,
    /// or the optimizer does not support groups (LBFGS).</exception>
    public void AddParamGroup(IEnumerable<Tensor> parameters, IReadOnlyDictionary<string, HyperValue>? options = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!Info.SupportsParamGroups)
        {
            throw new ArgumentException($"{Name} doesn't support per-parameter options (parameter groups)", nameof(parameters));
        }

        AddGroup(parameters, Info.Complete(options, Defaults));
    }

    /// <summary>Performs one optimization step with the gradients currently in <see cref="Tensor.Grad"/>.</summary>
    /// <exception cref="InvalidOperationException">The optimizer needs a closure (<see cref="OptimizerInfo.RequiresClosure"/>).</exception>
    /// <exception cref="ArgumentException">A gradient's shape or dtype differs from its parameter's.</exception>
    public void Step()
    {
        if (Info.RequiresClosure)
        {
            throw new InvalidOperationException(ClosureRequiredMessage);
        }

        ApplyStep();
    }

    /// <summary>
    /// Performs one step with a closure that re-evaluates the model: it should zero the gradients, compute the loss, call
    /// <see cref="Tensor.Backward"/> and return the loss. Runs with gradient recording on. Returns the loss the closure computed
    /// (for LBFGS, the loss at the starting point, as PyTorch).
    /// </summary>
    public double Step(Func<double> closure)
    {
        ArgumentNullException.ThrowIfNull(closure);
        return StepWithClosure(closure);
    }

    /// <summary>As <see cref="Step(Func{double})"/>, for a closure that returns the loss tensor.</summary>
    public double Step(Func<Tensor> closure)
    {
        ArgumentNullException.ThrowIfNull(closure);
        return StepWithClosure(() => closure().Item());
    }

    /// <summary>Clears gradients: sets them to null (default, as PyTorch 2.x) or fills them with zeros.</summary>
    public void ZeroGrad(bool setToNull = true)
    {
        foreach (var p in Parameters)
        {
            var g = p.Grad;
            if (g == null)
            {
                continue;
            }

            if (setToNull)
            {
                p.Grad = null;
            }
            else if (g.IsLeaf && !g.RequiresGrad)
            {
                if (g.DType == DType.Float32)
                {
                    g.Span<float>().Clear();
                }
                else
                {
                    g.Span<double>().Clear();
                }
            }
            else
            {
                // A gradient that is part of a graph (createGraph: true) is replaced rather than mutated.
                using (TensorPool.Suspend())
                {
                    p.Grad = Tensor.ZerosLike(p);
                }
            }
        }
    }

    /// <summary>A snapshot of the optimizer: hyperparameters, per-parameter state (copies), step count and attached components' state.</summary>
    /// <exception cref="InvalidOperationException">Two parameters share a name.</exception>
    public OptimizerStateDict StateDict()
    {
        var names = ParameterNames();
        var sd = new OptimizerStateDict { Optimizer = Name, StepCount = StepCount };
        foreach (var group in _groups)
        {
            var gs = new ParamGroupState();
            foreach (var (k, v) in group.Values)
            {
                gs.Hyperparameters[k] = v;
            }

            foreach (var p in group.Params)
            {
                gs.ParamNames.Add(names[p]);
                if (_state.TryGetValue(p, out var st))
                {
                    var e = new ParamStateEntry { Step = st.Step };
                    foreach (var (k, t) in st.BufferMap)
                    {
                        e.Buffers[k] = Tensor.CopyData(t);
                    }

                    foreach (var (k, x) in st.ScalarMap)
                    {
                        e.Scalars[k] = x;
                    }

                    sd.State[names[p]] = e;
                }
            }

            sd.Groups.Add(gs);
        }

        foreach (var c in _components)
        {
            sd.Components[c.StateKey] = new Dictionary<string, double>(c.SaveState(), StringComparer.Ordinal);
        }

        return sd;
    }

    /// <summary>
    /// Restores a snapshot from <see cref="StateDict"/>. Everything is validated before anything changes: the optimizer name, the
    /// format version, the number of groups, each group's parameter names, the hyperparameters, the buffers' shapes and the attached
    /// components. Hyperparameters are taken from the snapshot, as PyTorch does.
    /// </summary>
    /// <exception cref="ArgumentException">The snapshot does not fit this optimizer; the message says what differs.</exception>
    public void LoadStateDict(OptimizerStateDict state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.FormatVersion > OptimizerStateDict.CurrentFormatVersion)
        {
            throw new ArgumentException(
                $"state dict format version {state.FormatVersion} is newer than this library supports ({OptimizerStateDict.CurrentFormatVersion}); upgrade Descent to load it",
                nameof(state));
        }

        if (state.Optimizer != Name)
        {
            throw new ArgumentException(
                $"state dict was saved by optimizer \"{state.Optimizer}\" but this optimizer is \"{Name}\"; create a {state.Optimizer} optimizer to load it",
                nameof(state));
        }

        if (state.Groups.Count != _groups.Count)
        {
            throw new ArgumentException(
                $"loaded state dict has a different number of parameter groups ({state.Groups.Count} saved, {_groups.Count} in this optimizer)",
                nameof(state));
        }

        var names = ParameterNames();
        var byName = names.ToDictionary(kv => kv.Value, kv => kv.Key, StringComparer.Ordinal);
        var values = new List<Dictionary<string, HyperValue>>();
        for (int gi = 0; gi < _groups.Count; gi++)
        {
            var saved = state.Groups[gi];
            var group = _groups[gi];
            if (saved.ParamNames.Count != group.Params.Count)
            {
                throw new ArgumentException(
                    $"loaded state dict contains a parameter group that doesn't match the size of optimizer's group (group {gi}: {saved.ParamNames.Count} saved, {group.Params.Count} here)",
                    nameof(state));
            }

            var here = group.Params.Select(p => names[p]).ToList();
            var missing = here.Except(saved.ParamNames, StringComparer.Ordinal).ToList();
            var extra = saved.ParamNames.Except(here, StringComparer.Ordinal).ToList();
            if (missing.Count > 0 || extra.Count > 0)
            {
                throw new ArgumentException(
                    $"group {gi} of the state dict does not hold the same parameters: " +
                    (missing.Count > 0 ? $"missing {string.Join(", ", missing.Select(n => $"\"{n}\""))}" : "") +
                    (missing.Count > 0 && extra.Count > 0 ? "; " : "") +
                    (extra.Count > 0 ? $"unexpected {string.Join(", ", extra.Select(n => $"\"{n}\""))}" : "") +
                    " (parameters are matched by Tensor.Name)",
                    nameof(state));
            }

            if (!here.SequenceEqual(saved.ParamNames, StringComparer.Ordinal))
            {
                throw new ArgumentException($"group {gi} of the state dict lists its parameters in a different order", nameof(state));
            }

            values.Add(Info.Complete(new Dictionary<string, HyperValue>(saved.Hyperparameters, StringComparer.Ordinal)));
        }

        foreach (var (name, entry) in state.State)
        {
            if (!byName.TryGetValue(name, out var p))
            {
                throw new ArgumentException($"state dict has state for parameter \"{name}\", which this optimizer does not have", nameof(state));
            }

            if (entry.Step < 0)
            {
                throw new ArgumentException($"state of parameter \"{name}\" has a negative step count {entry.Step}", nameof(state));
            }

            int group = _groups.FindIndex(g => g.Params.Contains(p));
            if (CheckSavedState(values[group], p, entry) is { } problem)
            {
                throw new ArgumentException($"state of parameter \"{name}\" {problem}", nameof(state));
            }

            foreach (var (key, t) in entry.Buffers)
            {
                var expected = ExpectedBufferShape(p, key);
                if (t is null || t.Shape != expected)
                {
                    throw new ArgumentException(
                        $"state \"{key}\" of parameter \"{name}\" has shape {t?.Shape.ToString() ?? "null"} but {expected} is expected",
                        nameof(state));
                }
            }
        }

        foreach (var c in _components)
        {
            if (!state.Components.ContainsKey(c.StateKey))
            {
                throw new ArgumentException($"state dict has no state for the attached component \"{c.StateKey}\"", nameof(state));
            }
        }

        foreach (var key in state.Components.Keys)
        {
            if (!_components.Any(c => c.StateKey == key))
            {
                throw new ArgumentException(
                    $"state dict holds state for component \"{key}\", which is not attached to this optimizer; create (attach) it before calling LoadStateDict",
                    nameof(state));
            }
        }

        foreach (var c in _components)
        {
            c.LoadState(state.Components[c.StateKey]);
        }

        for (int gi = 0; gi < _groups.Count; gi++)
        {
            _groups[gi].Values = values[gi];
        }

        _state.Clear();
        foreach (var (name, entry) in state.State)
        {
            var p = byName[name];
            var st = new ParamState { Step = entry.Step };
            foreach (var (key, t) in entry.Buffers)
            {
                var copy = Tensor.CopyData(t);
                st.BufferMap[key] = copy.DType == p.DType ? copy : copy.To(p.DType);
            }

            foreach (var (key, x) in entry.Scalars)
            {
                st.ScalarMap[key] = x;
            }

            _state[p] = st;
        }

        StepCount = state.StepCount;
        LastSkipReason = null;
    }

    /// <inheritdoc/>
    public bool HasHyperparameter(int group, string name)
    {
        CheckGroupIndex(group);
        return name != null && _groups[group].Values.TryGetValue(name, out var v) && v.Kind is HyperparameterKind.Number or HyperparameterKind.Integer;
    }

    /// <inheritdoc/>
    public double GetHyperparameter(int group, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return HasHyperparameter(group, name) ? _groups[group].Values[name].AsNumber() : throw UnknownHyperparameter(name, numericOnly: true);
    }

    /// <inheritdoc/>
    public void SetHyperparameter(int group, string name, double value)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!HasHyperparameter(group, name))
        {
            throw UnknownHyperparameter(name, numericOnly: true);
        }

        SetGroupValue(_groups[group], name, HyperValue.Number(value));
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">A component with the same <see cref="IStateComponent.StateKey"/> is already attached.</exception>
    public void Attach(IStateComponent component)
    {
        ArgumentNullException.ThrowIfNull(component);
        if (_components.Any(c => c.StateKey == component.StateKey))
        {
            throw new ArgumentException($"a component with state key \"{component.StateKey}\" is already attached to this optimizer", nameof(component));
        }

        _components.Add(component);
    }

    /// <summary>Shows the optimizer and its groups' hyperparameters, like PyTorch's <c>repr</c>.</summary>
    public override string ToString()
    {
        var lines = new List<string> { $"{Name} (" };
        for (int i = 0; i < _groups.Count; i++)
        {
            lines.Add($"Parameter Group {i} ({_groups[i].Params.Count} tensors)");
            foreach (var (k, v) in _groups[i].Values)
            {
                lines.Add($"    {k}: {v}");
            }
        }

        lines.Add(")");
        return string.Join(Environment.NewLine, lines);
    }

    /// <summary>Why <see cref="Step()"/> without a closure is refused.</summary>
    private protected virtual string ClosureRequiredMessage =>
        $"{Name} needs Step(closure): pass a closure that zeroes the gradients, computes the loss, calls Backward() and returns the loss";

    /// <summary>Applies one update from the current gradients (called under no-grad, after the finite-gradient guard).</summary>
    private protected abstract void UpdateParameters();

    /// <summary>
    /// What is wrong with a parameter's saved state for this optimizer under the group's saved hyperparameters (a buffer or scalar the
    /// update reads that is missing, a count out of range), or null; checked by <see cref="LoadStateDict"/> before anything changes, so
    /// that a damaged snapshot is refused there rather than failing inside a later step.
    /// </summary>
    private protected virtual string? CheckSavedState(IReadOnlyDictionary<string, HyperValue> values, Tensor parameter, ParamStateEntry entry) => null;

    /// <summary>The shape a saved buffer must have (the parameter's shape unless the optimizer keeps flat state).</summary>
    private protected virtual Shape ExpectedBufferShape(Tensor parameter, string buffer) => parameter.Shape;

    /// <summary>Evaluates the closure, then steps. LBFGS and the look-ahead Nesterov override this.</summary>
    private protected virtual double StepWithClosure(Func<double> closure)
    {
        double loss = EvaluateClosure(closure);
        ApplyStep();
        return loss;
    }

    /// <summary>Runs the closure with gradient recording on (torch wraps closures in <c>torch.enable_grad()</c>).</summary>
    private protected static double EvaluateClosure(Func<double> closure)
    {
        using var scope = Autograd.EnableGrad();
        return closure();
    }

    /// <summary>Counts a completed step (for optimizers that override <see cref="StepWithClosure"/>).</summary>
    private protected void CountStep() => StepCount++;

    /// <summary>The finite-gradient guard: true (and the reason recorded) when the step must be skipped.</summary>
    private protected bool SkipIfNonFinite()
    {
        LastSkipReason = null;
        if (!SkipNonFiniteSteps)
        {
            return false;
        }

        var names = ParameterNamesOrPositions();
        foreach (var p in Parameters)
        {
            var reason = GradientGuard.DescribeNonFinite(p.Grad, names[p]);
            if (reason != null)
            {
                LastSkipReason = $"step skipped: {reason}";
                SkippedSteps++;
                return true;
            }
        }

        return false;
    }

    /// <summary>The state of <paramref name="p"/>, created by <paramref name="init"/> on first use.</summary>
    private protected ParamState StateFor(Tensor p, Action<ParamState> init)
    {
        if (!_state.TryGetValue(p, out var st))
        {
            st = new ParamState();
            init(st);
            _state[p] = st;
        }

        return st;
    }

    /// <summary>Throws when a gradient does not match its parameter.</summary>
    private protected void CheckGradient(Tensor p, Tensor grad, int group, int index)
    {
        if (grad.DType != p.DType || grad.Shape != p.Shape)
        {
            string who = p.Name != null ? $"\"{p.Name}\"" : $"group{group}.param{index}";
            throw new ArgumentException(
                $"{Name}: gradient of parameter {who} has shape {grad.Shape} and dtype {grad.DType.Name()}, but the parameter has shape {p.Shape} and dtype {p.DType.Name()}",
                nameof(grad));
        }
    }

    internal void SetGroupValue(ParamGroup group, string name, HyperValue value)
    {
        var info = Info.Find(name) ?? throw UnknownHyperparameter(name, numericOnly: false);
        var candidate = new Dictionary<string, HyperValue>(group.Values, StringComparer.Ordinal) { [name] = info.Coerce(value, Name) };
        Info.Validate(candidate);
        group.Values = candidate;
    }

    internal ArgumentException UnknownHyperparameter(string name, bool numericOnly)
    {
        var keys = Info.Hyperparameters.Where(h => !numericOnly || h.IsNumeric).Select(h => h.Name).ToArray();
        var close = Text.Spelling.Closest(name, keys);
        return new ArgumentException(
            $"{Name} has no {(numericOnly ? "numeric " : "")}hyperparameter \"{name}\"" + Text.Spelling.DidYouMean(name, keys), nameof(name));
    }

    private void ApplyStep()
    {
        using var noGrad = Autograd.NoGrad();
        if (SkipIfNonFinite())
        {
            return;
        }

        UpdateParameters();
        StepCount++;
    }

    private void AddGroup(IEnumerable<Tensor> parameters, Dictionary<string, HyperValue> values)
    {
        var list = parameters.ToList();
        if (list.Count == 0)
        {
            throw new ArgumentException("optimizer got an empty parameter list", nameof(parameters));
        }

        var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        foreach (var p in list)
        {
            if (p is null)
            {
                throw new ArgumentException("optimizer can only optimize Tensors, but one of the params is null", nameof(parameters));
            }

            if (!p.IsLeaf)
            {
                throw new ArgumentException("can't optimize a non-leaf Tensor", nameof(parameters));
            }

            if (!seen.Add(p))
            {
                throw new ArgumentException("optimizer contains a parameter group with duplicate parameters", nameof(parameters));
            }
        }

        if (_groups.Any(g => g.Params.Any(seen.Contains)))
        {
            throw new ArgumentException("some parameters appear in more than one parameter group", nameof(parameters));
        }

        _groups.Add(new ParamGroup(this, list.AsReadOnly(), values));
    }

    private void CheckGroupIndex(int group)
    {
        if ((uint)group >= (uint)_groups.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(group), $"{Name} has {_groups.Count} parameter group(s); group {group} does not exist");
        }
    }

    private Dictionary<Tensor, string> ParameterNamesOrPositions()
    {
        var names = new Dictionary<Tensor, string>(ReferenceEqualityComparer.Instance);
        for (int gi = 0; gi < _groups.Count; gi++)
        {
            for (int i = 0; i < _groups[gi].Params.Count; i++)
            {
                var p = _groups[gi].Params[i];
                names[p] = p.Name ?? $"group{gi}.param{i}";
            }
        }

        return names;
    }

    private Dictionary<Tensor, string> ParameterNames()
    {
        var names = ParameterNamesOrPositions();
        var owner = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (p, n) in names)
        {
            if (!owner.TryAdd(n, p))
            {
                throw new InvalidOperationException(
                    $"two parameters are both named \"{n}\"; give them unique Tensor.Name values so that their optimizer state can be saved and restored");
            }
        }

        return names;
    }
}
