using System.Globalization;
using System.Numerics;
using System.Text;

namespace Descent;

/// <summary>
/// A dense, row-major tensor of <see cref="DType.Float32"/> or <see cref="DType.Float64"/> elements that records the operations
/// made on it so that gradients flow back by reverse-mode automatic differentiation.
/// </summary>
/// <remarks>
/// <para>Storage is always contiguous. <see cref="Reshape(int[])"/>, <see cref="Tensor.Squeeze(int)"/>, <see cref="Unsqueeze"/> and
/// <c>Narrow</c> on the first dimension share storage with their source (views); transposes, permutes, expands and other
/// slices copy, so that every kernel reads contiguous spans. Matrix products take transposed operands by flag, without copies.</para>
/// <para>Autograd follows micrograd's design at tensor granularity: each op records a node holding its inputs and a backward rule
/// written in differentiable tensor ops, so <c>createGraph: true</c> yields exact higher derivatives.</para>
/// </remarks>
public sealed partial class Tensor
{
    internal readonly int Offset;
    private readonly Array _storage;
    private bool _requiresGrad;

    internal Tensor(Array storage, int offset, Shape shape)
        : this(storage, offset, shape, null, 0)
    {
    }

    internal Tensor(Array storage, int offset, Shape shape, TensorPool.Block? block, int blockGeneration)
    {
        _storage = storage;
        Block = block;
        BlockGeneration = blockGeneration;
        Offset = offset;
        Shape = shape;
        DType = storage switch
        {
            float[] => DType.Float32,
            double[] => DType.Float64,
            _ => throw new ArgumentException("Tensor storage must be float[] or double[]", nameof(storage)),
        };
        if (offset < 0 || offset + shape.Numel > storage.Length)
        {
            throw new ArgumentException($"Storage of length {storage.Length} cannot hold shape {shape} at offset {offset}", nameof(storage));
        }
    }

    /// <summary>The array holding the elements (from <see cref="Offset"/> on).</summary>
    /// <exception cref="InvalidOperationException">The tensor's pooled storage was released when its <see cref="TensorPool"/> scope ended.</exception>
    internal Array Storage
    {
        get
        {
            if (Block != null && Block.Generation != BlockGeneration)
            {
                ThrowReleased();
            }

            return _storage;
        }
    }

    /// <summary>The pool block behind <see cref="Storage"/>, or null for ordinary (unpooled) storage.</summary>
    internal TensorPool.Block? Block { get; }

    /// <summary>The block's generation when this tensor was made; a released block has moved on.</summary>
    internal int BlockGeneration { get; }

    /// <summary>True when this tensor came from a <see cref="TensorPool"/> scope that has ended, so its storage is no longer its own.</summary>
    public bool IsReleased => Block != null && Block.Generation != BlockGeneration;

    /// <summary>The dimensions.</summary>
    public Shape Shape { get; }

    /// <summary>The element type.</summary>
    public DType DType { get; }

    /// <summary>Number of dimensions.</summary>
    public int Rank => Shape.Rank;

    /// <summary>Number of elements.</summary>
    public int Numel => Shape.Numel;

    /// <summary>An optional name (parameters carry their module path here, such as <c>fc1.weight</c>).</summary>
    public string? Name { get; set; }

    /// <summary>Whether gradients are computed for this tensor. Only leaves (tensors not produced by a recorded op) may be set.</summary>
    /// <exception cref="InvalidOperationException">Set on a non-leaf tensor.</exception>
    public bool RequiresGrad
    {
        get => _requiresGrad;
        set
        {
            if (GradFn != null && !value)
            {
                throw new InvalidOperationException("RequiresGrad can only be changed on leaf tensors; use Detach() to cut a tensor from the graph");
            }

            _requiresGrad = value;
        }
    }

    /// <summary>The accumulated gradient after <see cref="Backward"/>, or null.</summary>
    public Tensor? Grad { get; set; }

    /// <summary>True when this tensor was not produced by a recorded operation (user-created or detached).</summary>
    public bool IsLeaf => GradFn == null;

    /// <summary>The operation that produced this tensor (null for leaves), e.g. <c>mul</c>.</summary>
    public string? Op => GradFn?.Op;

    internal Node? GradFn { get; set; }

    /// <summary>Sets <see cref="RequiresGrad"/> and returns this tensor, for fluent construction.</summary>
    public Tensor RequireGrad(bool requiresGrad = true)
    {
        RequiresGrad = requiresGrad;
        return this;
    }

    /// <summary>The elements as a span of <typeparamref name="T"/> (<see cref="float"/> for Float32, <see cref="double"/> for Float64).</summary>
    /// <remarks>Writing through the span changes the tensor in place, outside autograd's knowledge.</remarks>
    /// <exception cref="InvalidOperationException"><typeparamref name="T"/> does not match <see cref="DType"/>.</exception>
    public Span<T> AsSpan<T>()
        where T : unmanaged
    {
        if (Storage is T[] arr)
        {
            return arr.AsSpan(Offset, Numel);
        }

        throw new InvalidOperationException($"Tensor has dtype {DType.Name()}, not {typeof(T).Name}");
    }

    internal Span<T> Span<T>()
        where T : unmanaged => ((T[])Storage).AsSpan(Offset, Numel);

    internal T[] Array<T>()
        where T : unmanaged => (T[])Storage;

    /// <summary>The single element of a one-element tensor, as a double.</summary>
    /// <exception cref="InvalidOperationException">The tensor has more than one element.</exception>
    public double Item()
    {
        if (Numel != 1)
        {
            throw new InvalidOperationException($"Item() needs a tensor with one element, this one has shape {Shape}");
        }

        return this[0];
    }

    /// <summary>Reads or writes element <paramref name="flatIndex"/> in row-major order (writes bypass autograd).</summary>
    [System.Runtime.CompilerServices.IndexerName("Element")]
    public double this[int flatIndex]
    {
        get
        {
            if ((uint)flatIndex >= (uint)Numel)
            {
                throw new ArgumentOutOfRangeException(nameof(flatIndex), $"Index {flatIndex} is out of range for {Numel} elements");
            }

            return DType == DType.Float32 ? ((float[])Storage)[Offset + flatIndex] : ((double[])Storage)[Offset + flatIndex];
        }

        set
        {
            if ((uint)flatIndex >= (uint)Numel)
            {
                throw new ArgumentOutOfRangeException(nameof(flatIndex), $"Index {flatIndex} is out of range for {Numel} elements");
            }

            if (DType == DType.Float32)
            {
                ((float[])Storage)[Offset + flatIndex] = (float)value;
            }
            else
            {
                ((double[])Storage)[Offset + flatIndex] = value;
            }
        }
    }

    /// <summary>Reads the element at a multi-dimensional index.</summary>
    public double At(params ReadOnlySpan<int> index)
    {
        if (index.Length != Rank)
        {
            throw new ArgumentException($"Index has {index.Length} coordinates, tensor has rank {Rank}", nameof(index));
        }

        int flat = 0;
        for (int i = 0; i < Rank; i++)
        {
            int d = Shape.Dims[i];
            int k = index[i] < 0 ? index[i] + d : index[i];
            if ((uint)k >= (uint)d)
            {
                throw new ArgumentOutOfRangeException(nameof(index), $"Index {index[i]} is out of range for dimension {i} of size {d}");
            }

            flat = (flat * d) + k;
        }

        return this[flat];
    }

    /// <summary>The elements, converted to double, in row-major order.</summary>
    public double[] ToArray()
    {
        var r = new double[Numel];
        if (DType == DType.Float64)
        {
            Span<double>().CopyTo(r);
        }
        else
        {
            var s = Span<float>();
            for (int i = 0; i < r.Length; i++)
            {
                r[i] = s[i];
            }
        }

        return r;
    }

    /// <summary>The elements as floats (Float32 tensors only; use <see cref="ToArray"/> for either type).</summary>
    public float[] ToFloatArray() => AsSpan<float>().ToArray();

    /// <summary>A tensor sharing this one's storage but cut from the graph: a leaf that does not require grad.</summary>
    public Tensor Detach() => View(Offset, Shape);

    /// <summary>A copy with its own storage (recorded by autograd: gradients flow through).</summary>
    /// <remarks>The copy's storage is never pooled, even inside a <see cref="TensorPool"/> scope, so <c>x.Detach().Clone()</c>
    /// takes a value out of a scope.</remarks>
    public Tensor Clone()
    {
        Tensor r;
        using (TensorPool.Suspend())
        {
            r = CopyData(this);
        }

        return Autograd.Record(r, "clone", [this], g => [g]);
    }

    /// <summary>A tensor over the same storage (and pool block) with another offset and shape.</summary>
    internal Tensor View(int offset, Shape shape) => new(Storage, offset, shape, Block, BlockGeneration);

    /// <summary>Throws when this tensor's pooled storage has been released.</summary>
    internal void CheckLive()
    {
        if (IsReleased)
        {
            ThrowReleased();
        }
    }

    private void ThrowReleased() => throw new InvalidOperationException(
        $"This tensor (shape {Shape}{(Name != null ? ", " + Name : "")}) was allocated inside a TensorPool scope that has ended, so its storage "
        + "was given back for reuse; keep it with TensorPool.Keep(t) or copy it out with t.Detach().Clone() before the scope ends");

    /// <summary>Converts to another dtype (recorded: the gradient is converted back).</summary>
    public Tensor To(DType dtype)
    {
        if (dtype == DType)
        {
            return this;
        }

        var r = Empty(Shape, dtype);
        if (dtype == DType.Float64)
        {
            var s = Span<float>();
            var d = r.Span<double>();
            for (int i = 0; i < s.Length; i++)
            {
                d[i] = s[i];
            }
        }
        else
        {
            var s = Span<double>();
            var d = r.Span<float>();
            for (int i = 0; i < s.Length; i++)
            {
                d[i] = (float)s[i];
            }
        }

        var from = DType;
        return Autograd.Record(r, "to", [this], g => [g.To(from)]);
    }

    /// <summary>Copies <paramref name="source"/>'s values into this tensor in place (no autograd; shapes must match).</summary>
    /// <exception cref="ArgumentException">Shapes differ.</exception>
    public void CopyFrom(Tensor source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.Shape != Shape)
        {
            throw new ArgumentException($"CopyFrom: shape {source.Shape} does not match {Shape}", nameof(source));
        }

        if (source.DType == DType)
        {
            if (DType == DType.Float32)
            {
                source.Span<float>().CopyTo(Span<float>());
            }
            else
            {
                source.Span<double>().CopyTo(Span<double>());
            }
        }
        else
        {
            var conv = source.Detach().To(DType);
            CopyFrom(conv);
        }
    }

    internal static Tensor CopyData(Tensor x)
    {
        var r = Empty(x.Shape, x.DType);
        if (x.DType == DType.Float32)
        {
            x.Span<float>().CopyTo(r.Span<float>());
        }
        else
        {
            x.Span<double>().CopyTo(r.Span<double>());
        }

        return r;
    }

    /// <summary>Formats the tensor like <c>tensor([[1, 2], [3, 4]], float32)</c> (at most 6 values per dimension shown).</summary>
    public override string ToString()
    {
        var sb = new StringBuilder("tensor(");
        Format(sb, 0, 0);
        sb.Append(", ").Append(DType.Name());
        if (GradFn != null)
        {
            sb.Append(", grad_fn=").Append(GradFn.Op);
        }
        else if (RequiresGrad)
        {
            sb.Append(", requires_grad");
        }

        return sb.Append(')').ToString();
    }

    private void Format(StringBuilder sb, int dim, int offset)
    {
        if (Rank == 0)
        {
            sb.Append(FormatNumber(this[0]));
            return;
        }

        int n = Shape.Dims[dim];
        int stride = 1;
        for (int i = dim + 1; i < Rank; i++)
        {
            stride *= Shape.Dims[i];
        }

        sb.Append('[');
        for (int i = 0; i < n; i++)
        {
            if (n > 6 && i == 3)
            {
                sb.Append("..., ");
                i = n - 3;
            }

            if (dim == Rank - 1)
            {
                sb.Append(FormatNumber(this[offset + i]));
            }
            else
            {
                Format(sb, dim + 1, offset + (i * stride));
            }

            if (i < n - 1)
            {
                sb.Append(", ");
            }
        }

        sb.Append(']');
    }

    private string FormatNumber(double v) =>
        DType == DType.Float32 ? ((float)v).ToString("R", CultureInfo.InvariantCulture) : v.ToString("R", CultureInfo.InvariantCulture);

    internal static void RequireSameDType(Tensor a, Tensor b, string op)
    {
        if (a.DType != b.DType)
        {
            throw new ArgumentException($"{op}: dtypes differ ({a.DType.Name()} and {b.DType.Name()}); convert one with .To(DType.{a.DType})");
        }
    }
}
