using Descent.NN;

namespace Descent.Analysis;

/// <summary>
/// A model's parameters as one flat vector θ ∈ ℝⁿ: the tensors of <see cref="Module.NamedParameters"/> concatenated in that
/// order, each flattened row-major (the layout of <c>torch.nn.utils.parameters_to_vector</c>). Reads and writes go straight
/// to the model's tensors, so analysing a network means moving a point in ℝⁿ.
/// </summary>
public sealed class ParameterLayout
{
    private readonly ParameterSlot[] _slots;

    /// <summary>The layout of <paramref name="parameters"/>, in the given order.</summary>
    /// <exception cref="ArgumentException">No parameters, mixed dtypes, or more than 2³¹ − 1 elements in total.</exception>
    public ParameterLayout(IEnumerable<(string Name, Tensor Parameter)> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var slots = new List<ParameterSlot>();
        long offset = 0;
        foreach (var (name, p) in parameters)
        {
            ArgumentNullException.ThrowIfNull(p);
            if (slots.Count > 0 && p.DType != slots[0].Parameter.DType)
            {
                throw new ArgumentException(
                    $"Parameters must share one dtype: {slots[0].Name} is {slots[0].Parameter.DType.Name()} but {name} is {p.DType.Name()}",
                    nameof(parameters));
            }

            slots.Add(new ParameterSlot(name, p, (int)offset));
            offset += p.Numel;
            if (offset > int.MaxValue)
            {
                throw new ArgumentException($"The parameters hold {offset} elements; a flat vector is limited to {int.MaxValue}", nameof(parameters));
            }
        }

        if (slots.Count == 0)
        {
            throw new ArgumentException("The model has no parameters to analyse", nameof(parameters));
        }

        _slots = [.. slots];
        Count = (int)offset;
    }

    /// <summary>The layout of <paramref name="model"/>'s parameters in <see cref="Module.NamedParameters"/> order.</summary>
    /// <exception cref="ArgumentException">The model has no parameters, or they mix dtypes.</exception>
    public static ParameterLayout Of(Module model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new ParameterLayout(model.NamedParameters());
    }

    /// <summary>n, the total number of scalar parameters.</summary>
    public int Count { get; }

    /// <summary>The parameters' dtype.</summary>
    public DType DType => _slots[0].Parameter.DType;

    /// <summary>One slot per parameter tensor, in order.</summary>
    public IReadOnlyList<ParameterSlot> Slots => _slots;

    /// <summary>The parameter tensors, in order.</summary>
    public IReadOnlyList<Tensor> Tensors => _slots.Select(s => s.Parameter).ToArray();

    /// <summary>A copy of the current parameters as a flat vector.</summary>
    public double[] Read()
    {
        var r = new double[Count];
        Read(r);
        return r;
    }

    /// <summary>Copies the current parameters into <paramref name="destination"/> (length <see cref="Count"/>).</summary>
    /// <exception cref="ArgumentException">The span has the wrong length.</exception>
    public void Read(Span<double> destination)
    {
        CheckLength(destination.Length, nameof(destination));
        foreach (var s in _slots)
        {
            FlatData.Read(s.Parameter, destination.Slice(s.Offset, s.Length));
        }
    }

    /// <summary>Overwrites the model's parameters with <paramref name="values"/> (rounded to float32 for a float32 model).</summary>
    /// <exception cref="ArgumentException">The span has the wrong length.</exception>
    public void Write(ReadOnlySpan<double> values)
    {
        CheckLength(values.Length, nameof(values));
        foreach (var s in _slots)
        {
            FlatData.Write(values.Slice(s.Offset, s.Length), s.Parameter);
        }
    }

    /// <summary>The part of a flat vector that belongs to slot <paramref name="slot"/> (a view, not a copy).</summary>
    public Span<double> View(Span<double> flat, int slot)
    {
        CheckLength(flat.Length, nameof(flat));
        var s = _slots[slot];
        return flat.Slice(s.Offset, s.Length);
    }

    /// <summary>The part of a flat vector that belongs to slot <paramref name="slot"/> (a read-only view).</summary>
    public ReadOnlySpan<double> View(ReadOnlySpan<double> flat, int slot)
    {
        CheckLength(flat.Length, nameof(flat));
        var s = _slots[slot];
        return flat.Slice(s.Offset, s.Length);
    }

    /// <summary>A flat vector cut into new tensors of the parameters' shapes and dtype (no autograd history).</summary>
    /// <exception cref="ArgumentException">The span has the wrong length.</exception>
    public Tensor[] Split(ReadOnlySpan<double> flat)
    {
        CheckLength(flat.Length, nameof(flat));
        var r = new Tensor[_slots.Length];
        for (int i = 0; i < _slots.Length; i++)
        {
            var s = _slots[i];
            r[i] = FlatData.ToTensor(flat.Slice(s.Offset, s.Length), s.Shape, s.Parameter.DType);
        }

        return r;
    }

    /// <summary>Concatenates one tensor per parameter (such as gradients) into <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException">The number of tensors, a shape, or the span's length does not fit.</exception>
    public void Flatten(IReadOnlyList<Tensor> tensors, Span<double> destination)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        CheckLength(destination.Length, nameof(destination));
        if (tensors.Count != _slots.Length)
        {
            throw new ArgumentException($"Expected {_slots.Length} tensors (one per parameter), got {tensors.Count}", nameof(tensors));
        }

        for (int i = 0; i < _slots.Length; i++)
        {
            var s = _slots[i];
            if (tensors[i].Shape != s.Shape)
            {
                throw new ArgumentException($"Tensor {i} has shape {tensors[i].Shape} but parameter {s.Name} has shape {s.Shape}", nameof(tensors));
            }

            FlatData.Read(tensors[i], destination.Slice(s.Offset, s.Length));
        }
    }

    private void CheckLength(int length, string parameter)
    {
        if (length != Count)
        {
            throw new ArgumentException($"A flat parameter vector of this model has {Count} entries, got {length}", parameter);
        }
    }
}
