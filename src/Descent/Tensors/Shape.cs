using System.Collections;
using System.Text;

namespace Descent;

/// <summary>The dimensions of a tensor, outermost first (row-major). A rank-0 shape is a scalar with one element.</summary>
public readonly struct Shape : IEquatable<Shape>, IReadOnlyList<int>
{
    private static readonly int[] Empty = [];
    private readonly int[]? _dims;

    /// <summary>Creates a shape from its dimensions.</summary>
    /// <exception cref="ArgumentException">A dimension is negative, or the element count overflows.</exception>
    public Shape(params ReadOnlySpan<int> dims)
    {
        long n = 1;
        foreach (var d in dims)
        {
            if (d < 0)
            {
                throw new ArgumentException($"Shape dimensions must be non-negative, got {Format(dims)}", nameof(dims));
            }

            n *= d;
            if (n > Array.MaxLength)
            {
                throw new ArgumentException($"Shape {Format(dims)} has more elements than an array can hold", nameof(dims));
            }
        }

        _dims = dims.ToArray();
        Numel = (int)n;
    }

    /// <summary>The scalar shape <c>[]</c>.</summary>
    public static Shape Scalar => new([]);

    /// <summary>Number of dimensions.</summary>
    public int Rank => Dims.Length;

    /// <summary>Number of elements: the product of the dimensions (1 for a scalar).</summary>
    public int Numel { get; }

    /// <inheritdoc/>
    public int Count => Rank;

    internal int[] Dims => _dims ?? Empty;

    /// <summary>The size of dimension <paramref name="i"/>; negative indices count from the end.</summary>
    public int this[int i] => Dims[NormalizeAxis(i, Rank)];

    /// <summary>The dimensions as a span.</summary>
    public ReadOnlySpan<int> AsSpan() => Dims;

    /// <summary>A copy of the dimensions.</summary>
    public int[] ToArray() => (int[])Dims.Clone();

    /// <summary>Row-major strides in elements.</summary>
    public int[] Strides()
    {
        var s = new int[Rank];
        int acc = 1;
        for (int i = Rank - 1; i >= 0; i--)
        {
            s[i] = acc;
            acc *= Dims[i];
        }

        return s;
    }

    /// <summary>Maps a possibly negative axis to <c>0..rank-1</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The axis is outside <c>-rank..rank-1</c>.</exception>
    public static int NormalizeAxis(int axis, int rank)
    {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank)
        {
            throw new ArgumentOutOfRangeException(nameof(axis), $"Dimension {axis} is out of range for a tensor of rank {rank} (expected {-rank}..{rank - 1})");
        }

        return a;
    }

    /// <summary>The broadcast shape of two shapes under NumPy rules.</summary>
    /// <exception cref="ArgumentException"><c>Cannot broadcast shapes [3, 4] and [5]</c>.</exception>
    public static Shape Broadcast(Shape a, Shape b)
    {
        if (a.Equals(b))
        {
            return a;
        }

        int r = Math.Max(a.Rank, b.Rank);
        var dims = new int[r];
        for (int i = 0; i < r; i++)
        {
            int da = i - (r - a.Rank) >= 0 ? a.Dims[i - (r - a.Rank)] : 1;
            int db = i - (r - b.Rank) >= 0 ? b.Dims[i - (r - b.Rank)] : 1;
            if (da != db && da != 1 && db != 1)
            {
                throw new ArgumentException($"Cannot broadcast shapes {a} and {b}");
            }

            dims[i] = da == 1 ? db : da;
        }

        return new Shape(dims);
    }

    /// <inheritdoc/>
    public bool Equals(Shape other) => Dims.AsSpan().SequenceEqual(other.Dims);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Shape s && Equals(s);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var d in Dims)
        {
            h.Add(d);
        }

        return h.ToHashCode();
    }

    /// <summary>Equality of dimensions.</summary>
    public static bool operator ==(Shape left, Shape right) => left.Equals(right);

    /// <summary>Inequality of dimensions.</summary>
    public static bool operator !=(Shape left, Shape right) => !left.Equals(right);

    /// <summary>Converts dimensions to a shape.</summary>
    public static implicit operator Shape(int[] dims) => new(dims);

    /// <summary>Formats as <c>[3, 4]</c>.</summary>
    public override string ToString() => Format(Dims);

    internal static string Format(ReadOnlySpan<int> dims)
    {
        var sb = new StringBuilder("[");
        for (int i = 0; i < dims.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(", ");
            }

            sb.Append(dims[i].ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return sb.Append(']').ToString();
    }

    /// <inheritdoc/>
    public IEnumerator<int> GetEnumerator() => ((IEnumerable<int>)Dims).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
