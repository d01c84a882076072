using System.Numerics;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Descent.Kernels;

/// <summary>Reductions along one axis, viewing the tensor as [outer, n, inner].</summary>
internal static class Reduce
{
    /// <summary>Sums along <paramref name="axis"/>, keeping it as a dimension of size 1.</summary>
    public static Tensor SumAxis(Tensor x, int axis)
    {
        var (outer, n, inner) = Split(x.Shape, axis);
        var dims = x.Shape.ToArray();
        dims[axis] = 1;
        var r = Tensor.Empty(new Shape(dims), x.DType);
        if (x.DType == DType.Float32)
        {
            SumCore<float>(x.Span<float>(), r.Span<float>(), outer, n, inner);
        }
        else
        {
            SumCore<double>(x.Span<double>(), r.Span<double>(), outer, n, inner);
        }

        return r;
    }

    /// <summary>Sum of all elements (TensorPrimitives' pairwise-blocked vector sum).</summary>
    public static double SumAll(Tensor x) => x.DType == DType.Float32 ? TP.Sum<float>(x.Span<float>()) : TP.Sum<double>(x.Span<double>());

    /// <summary>(outer, n, inner) sizes around an axis.</summary>
    public static (int Outer, int N, int Inner) Split(Shape s, int axis)
    {
        int outer = 1, inner = 1;
        for (int i = 0; i < axis; i++)
        {
            outer *= s.Dims[i];
        }

        for (int i = axis + 1; i < s.Rank; i++)
        {
            inner *= s.Dims[i];
        }

        return (outer, s.Dims[axis], inner);
    }

    private static void SumCore<T>(ReadOnlySpan<T> x, Span<T> r, int outer, int n, int inner)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (inner == 1)
        {
            for (int o = 0; o < outer; o++)
            {
                r[o] = TP.Sum(x.Slice(o * n, n));
            }

            return;
        }

        for (int o = 0; o < outer; o++)
        {
            var dst = r.Slice(o * inner, inner);
            dst.Clear();
            for (int j = 0; j < n; j++)
            {
                TP.Add(dst, x.Slice(((o * n) + j) * inner, inner), dst);
            }
        }
    }
}
