using System.Globalization;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Descent.Data;

/// <summary>
/// The contents of an IDX file: an n-dimensional array of one of the six IDX element types, row-major, held in a .NET array of
/// the matching type (<c>byte[]</c>, <c>sbyte[]</c>, <c>short[]</c>, <c>int[]</c>, <c>float[]</c> or <c>double[]</c>).
/// </summary>
public sealed class IdxArray
{
    private readonly int[] _dims;

    /// <summary>Wraps <paramref name="data"/> (not copied).</summary>
    /// <exception cref="ArgumentException">The array's element type does not match <paramref name="dataType"/>, the dimensions are empty or negative, or the length differs from their product.</exception>
    public IdxArray(IdxDataType dataType, int[] dims, Array data)
    {
        ArgumentNullException.ThrowIfNull(dims);
        ArgumentNullException.ThrowIfNull(data);
        if (!IdxDataTypes.IsDefined((byte)dataType))
        {
            throw new ArgumentException($"0x{(byte)dataType:X2} is not an IDX data type", nameof(dataType));
        }

        if (data.GetType().GetElementType() != dataType.ElementType())
        {
            throw new ArgumentException($"IdxArray: data is {data.GetType().Name} but the IDX type {dataType.Describe()} needs {dataType.ElementType().Name}[]", nameof(data));
        }

        if (dims.Length is 0 or > 255)
        {
            throw new ArgumentException($"IdxArray: an IDX array has 1 to 255 dimensions, got {dims.Length}", nameof(dims));
        }

        long n = 1;
        foreach (var d in dims)
        {
            if (d < 0)
            {
                throw new ArgumentException($"IdxArray: dimensions must be non-negative, got {Shape.Format(dims)}", nameof(dims));
            }

            n *= d;
            if (n > Array.MaxLength)
            {
                throw new ArgumentException($"IdxArray: dimensions {Shape.Format(dims)} hold more elements than an array can", nameof(dims));
            }
        }

        if (n != data.Length)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"IdxArray: dimensions {Shape.Format(dims)} need {n} elements, the data has {data.Length}"), nameof(data));
        }

        DataType = dataType;
        _dims = (int[])dims.Clone();
        Data = data;
    }

    /// <summary>The element type.</summary>
    public IdxDataType DataType { get; }

    /// <summary>The dimensions, outermost first.</summary>
    public IReadOnlyList<int> Dims => _dims;

    /// <summary>The dimensions as a tensor shape.</summary>
    public Shape Shape => new(_dims);

    /// <summary>The elements, row-major, in a .NET array of the matching type.</summary>
    public Array Data { get; }

    /// <summary>Number of elements.</summary>
    public int Count => Data.Length;

    /// <summary>An unsigned-byte array (the MNIST image and label format).</summary>
    public static IdxArray FromBytes(byte[] data, params int[] dims) => new(IdxDataType.UnsignedByte, dims, data);

    /// <summary>A float32 array.</summary>
    public static IdxArray FromFloats(float[] data, params int[] dims) => new(IdxDataType.Float32, dims, data);

    /// <summary>
    /// The values as a tensor of shape <see cref="Dims"/>, each divided by <paramref name="divisor"/> (255 maps bytes to [0, 1]
    /// exactly as torchvision's <c>ToTensor</c>: a correctly rounded float division, not a multiplication by 1/255).
    /// </summary>
    public Tensor ToTensor(DType dtype = DType.Float32, double divisor = 1)
    {
        if (!(divisor != 0 && double.IsFinite(divisor)))
        {
            throw new ArgumentException($"ToTensor: divisor must be finite and non-zero, got {divisor}", nameof(divisor));
        }

        var t = Tensor.Zeros(Shape, dtype);
        if (dtype == DType.Float32)
        {
            var dst = t.Span<float>();
            switch (Data)
            {
                case byte[] b:
                    TP.ConvertTruncating<byte, float>(b, dst);
                    break;
                case float[] f:
                    f.CopyTo(dst);
                    break;
                default:
                    for (int i = 0; i < dst.Length; i++)
                    {
                        dst[i] = (float)ValueAt(i);
                    }

                    break;
            }

            if (divisor != 1)
            {
                TP.Divide(dst, (float)divisor, dst);
            }
        }
        else
        {
            var dst = t.Span<double>();
            for (int i = 0; i < dst.Length; i++)
            {
                dst[i] = ValueAt(i);
            }

            if (divisor != 1)
            {
                TP.Divide(dst, divisor, dst);
            }
        }

        return t;
    }

    /// <summary>The values as integers (for label files); fractional float values are an error.</summary>
    /// <exception cref="InvalidOperationException">A float element is not an integer in the int range.</exception>
    public int[] ToInt32Array()
    {
        var r = new int[Count];
        for (int i = 0; i < r.Length; i++)
        {
            double v = ValueAt(i);
            if (v != Math.Floor(v) || v < int.MinValue || v > int.MaxValue)
            {
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"Element {i} is {v}, not an integer"));
            }

            r[i] = (int)v;
        }

        return r;
    }

    /// <summary>Element <paramref name="index"/> (row-major) as a double.</summary>
    public double ValueAt(int index) => Data switch
    {
        byte[] a => a[index],
        sbyte[] a => a[index],
        short[] a => a[index],
        int[] a => a[index],
        float[] a => a[index],
        double[] a => a[index],
        _ => throw new InvalidOperationException("Unexpected IDX storage"),
    };

    /// <summary>Describes the array, e.g. <c>IDX ubyte (0x08) [60000, 28, 28]</c>.</summary>
    public override string ToString() => $"IDX {DataType.Describe()} {Shape.Format(_dims)}";
}
