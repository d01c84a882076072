using System.Numerics;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Descent.Kernels;

/// <summary>
/// A reduction along one axis of a tensor viewed as [outer, n, inner]. A reducer has two forms: one for a contiguous row
/// (inner = 1), where TensorPrimitives' span reductions apply directly, and one for a block of columns (inner &gt; 1), where the
/// n slices are combined elementwise so the inner loops still run over contiguous memory.
/// </summary>
internal interface IAxisReducer
{
    /// <summary>Scratch elements the reducer needs for a row of <paramref name="n"/> or a column block of <paramref name="width"/>.</summary>
    int ScratchLength(int n, int width);

    /// <summary>The result of reducing zero elements (0 for a sum, NaN for a variance, −∞ for log-sum-exp).</summary>
    T Empty<T>()
        where T : unmanaged, IBinaryFloatingPointIeee754<T>;

    /// <summary>Reduces one contiguous, non-empty row.</summary>
    T Row<T>(ReadOnlySpan<T> row, Span<T> scratch)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>;

    /// <summary>
    /// Reduces <paramref name="n"/> (&gt; 0) slices of <c>dst.Length</c> elements into <paramref name="dst"/>; slice j starts at
    /// <c>x[j·stride]</c>.
    /// </summary>
    void Columns<T>(ReadOnlySpan<T> x, int n, int stride, Span<T> dst, Span<T> scratch)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>;
}

/// <summary>
/// How an [outer, n, inner] view is cut into work items: one item per outer row, and when there are few outer rows, the inner
/// columns are cut into blocks too, so that a reduction over the leading axis of a large tensor still splits over threads.
/// </summary>
/// <remarks>Every output element is produced by one item with a fixed order of operations, so results do not depend on the
/// number of threads.</remarks>
internal readonly struct AxisBlocks
{
    private const int MinBlockWidth = 512;

    public AxisBlocks(int outer, int n, int inner)
    {
        Outer = outer;
        N = n;
        Inner = inner;
        int perRow = inner > 1 && outer < 16 ? Math.Clamp(inner / MinBlockWidth, 1, 16) : 1;
        Width = Math.Max(1, (inner + perRow - 1) / perRow);
        PerRow = Math.Max(1, (inner + Width - 1) / Width);
    }

    public int Outer { get; }

    public int N { get; }

    public int Inner { get; }

    /// <summary>Column blocks per outer row.</summary>
    public int PerRow { get; }

    /// <summary>Columns per block (the last block of a row may be narrower).</summary>
    public int Width { get; }

    /// <summary>Number of work items.</summary>
    public int Count => Outer * PerRow;

    /// <summary>Items per thread below which the work runs serially (about <see cref="Elementwise.Grain"/> elements).</summary>
    public int GrainItems => Math.Max(1, Elementwise.Grain / Math.Max(1, N * Width));

    /// <summary>The outer row, first column and width of item <paramref name="item"/>.</summary>
    public (int O, int C0, int W) this[int item]
    {
        get
        {
            int o = item / PerRow, c0 = (item - (o * PerRow)) * Width;
            return (o, c0, Math.Min(Width, Inner - c0));
        }
    }
}

/// <summary>Reductions along one axis, viewing the tensor as [outer, n, inner], and the reducers behind the reduction ops.</summary>
internal static class Reduce
{
    /// <summary>Sums along <paramref name="axis"/>, keeping it as a dimension of size 1.</summary>
    public static Tensor SumAxis(Tensor x, int axis) => Axis(x, axis, default(SumReducer));

    /// <summary>Sum of all elements (TensorPrimitives' vectorised sum).</summary>
    public static double SumAll(Tensor x) => x.DType == DType.Float32 ? TP.Sum<float>(x.Span<float>()) : TP.Sum<double>(x.Span<double>());

    /// <summary>
    /// Reduces along <paramref name="axis"/> with <paramref name="reducer"/> into a new tensor whose <paramref name="axis"/> has
    /// size 1. Work is split over threads by output rows (or column blocks), never inside one output element.
    /// </summary>
    public static Tensor Axis<R>(Tensor x, int axis, R reducer)
        where R : struct, IAxisReducer
    {
        var dims = x.Shape.ToArray();
        dims[axis] = 1;
        var r = Tensor.Empty(new Shape(dims), x.DType);
        if (x.DType == DType.Float32)
        {
            AxisCore<float, R>(x, r, axis, reducer);
        }
        else
        {
            AxisCore<double, R>(x, r, axis, reducer);
        }

        return r;
    }

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

    private static void AxisCore<T, R>(Tensor x, Tensor r, int axis, R reducer)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where R : struct, IAxisReducer
    {
        var (outer, n, inner) = Split(x.Shape, axis);
        if (r.Numel == 0)
        {
            return;
        }

        if (n == 0)
        {
            r.Span<T>().Fill(reducer.Empty<T>());
            return;
        }

        var blocks = new AxisBlocks(outer, n, inner);
        Parallelism.For(blocks.Count, blocks.GrainItems, (s, e) =>
        {
            var src = x.Span<T>();
            var dst = r.Span<T>();
            var scratch = new T[reducer.ScratchLength(n, blocks.Width)];
            for (int item = s; item < e; item++)
            {
                var (o, c0, w) = blocks[item];
                if (inner == 1)
                {
                    dst[o] = reducer.Row<T>(src.Slice(o * n, n), scratch);
                }
                else
                {
                    reducer.Columns<T>(src[((o * n * inner) + c0)..], n, inner, dst.Slice((o * inner) + c0, w), scratch);
                }
            }
        });
    }
}

/// <summary>Σx.</summary>
internal readonly struct SumReducer : IAxisReducer
{
    public int ScratchLength(int n, int width) => 0;

    public T Empty<T>()
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => T.Zero;

    public T Row<T>(ReadOnlySpan<T> row, Span<T> scratch)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => TP.Sum(row);

    public void Columns<T>(ReadOnlySpan<T> x, int n, int stride, Span<T> dst, Span<T> scratch)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int w = dst.Length;
        x[..w].CopyTo(dst);
        for (int j = 1; j < n; j++)
        {
            TP.Add(dst, x.Slice(j * stride, w), dst);
        }
    }
}

/// <summary>max x, NaN-propagating (TensorPrimitives' IEEE 754 maximum).</summary>
internal readonly struct MaxReducer : IAxisReducer
{
    public int ScratchLength(int n, int width) => 0;

    public T Empty<T>()
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => T.NegativeInfinity;

    public T Row<T>(ReadOnlySpan<T> row, Span<T> scratch)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => TP.Max(row);

    public void Columns<T>(ReadOnlySpan<T> x, int n, int stride, Span<T> dst, Span<T> scratch)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int w = dst.Length;
        x[..w].CopyTo(dst);
        for (int j = 1; j < n; j++)
        {
            TP.Max(dst, x.Slice(j * stride, w), dst);
        }
    }
}

/// <summary>min x, NaN-propagating.</summary>
internal readonly struct MinReducer : IAxisReducer
{
    public int ScratchLength(int n, int width) => 0;

    public T Empty<T>()
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => T.PositiveInfinity;

    public T Row<T>(ReadOnlySpan<T> row, Span<T> scratch)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => TP.Min(row);

    public void Columns<T>(ReadOnlySpan<T> x, int n, int stride, Span<T> dst, Span<T> scratch)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int w = dst.Length;
        x[..w].CopyTo(dst);
        for (int j = 1; j < n; j++)
        {
            TP.Min(dst, x.Slice(j * stride, w), dst);
        }
    }
}

/// <summary>
/// The index of the largest (or, when <c>smallest</c>, the smallest) element, as torch's argmax/argmin: the first occurrence
/// on ties (−0 and +0 tie), and the first NaN if there is one (NaN counts as the extreme value).
/// </summary>
internal readonly struct ArgExtremeReducer(bool smallest) : IAxisReducer
{
    public int ScratchLength(int n, int width) => width;

    public T Empty<T>()
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => T.NaN;

    public T Row<T>(ReadOnlySpan<T> row, Span<T> scratch)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int i = smallest ? TP.IndexOfMin(row) : TP.IndexOfMax(row);

        // TensorPrimitives orders −0 below +0; torch treats them as equal, so the first zero wins.
        if (T.IsZero(row[i]))
        {
            int k = 0;
            while (!T.IsZero(row[k]))
            {
                k++;
            }

            i = k;
        }

        return T.CreateTruncating(i);
    }

    public void Columns<T>(ReadOnlySpan<T> x, int n, int stride, Span<T> dst, Span<T> scratch)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int w = dst.Length;
        var best = scratch[..w];
        x[..w].CopyTo(best);
        dst.Clear();
        for (int j = 1; j < n; j++)
        {
            var s = x.Slice(j * stride, w);
            T index = T.CreateTruncating(j);
            for (int c = 0; c < w; c++)
            {
                T v = s[c], b = best[c];
                bool better = smallest ? v < b : v > b;
                if (better || (T.IsNaN(v) && !T.IsNaN(b)))
                {
                    best[c] = v;
                    dst[c] = index;
                }
            }
        }
    }
}

/// <summary>
/// Σ(x − mean)² / max(0, n − correction), by two passes (the mean first), which is as accurate as Welford's update and
/// vectorises.
/// </summary>
internal readonly struct VarianceReducer(int correction) : IAxisReducer
{
    public int ScratchLength(int n, int width) => width;

    public T Empty<T>()
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => T.NaN;

    public T Row<T>(ReadOnlySpan<T> row, Span<T> scratch)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        T mean = TP.Sum(row) / T.CreateTruncating(row.Length);
        return SumSquaredDeviations(row, mean) / Denominator<T>(row.Length);
    }

    public void Columns<T>(ReadOnlySpan<T> x, int n, int stride, Span<T> dst, Span<T> scratch)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int w = dst.Length;
        var mean = scratch[..w];
        default(SumReducer).Columns(x, n, stride, mean, default);
        TP.Divide(mean, T.CreateTruncating(n), mean);
        dst.Clear();
        for (int j = 0; j < n; j++)
        {
            AccumulateSquaredDeviations(x.Slice(j * stride, w), mean, dst);
        }

        TP.Divide(dst, Denominator<T>(n), dst);
    }

    internal static T SumSquaredDeviations<T>(ReadOnlySpan<T> x, T mean)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int i = 0;
        T sum = T.Zero;
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<T>.Count)
        {
            var vm = new Vector<T>(mean);
            Vector<T> acc0 = Vector<T>.Zero, acc1 = Vector<T>.Zero;
            for (; i <= x.Length - (2 * Vector<T>.Count); i += 2 * Vector<T>.Count)
            {
                var d0 = new Vector<T>(x.Slice(i)) - vm;
                var d1 = new Vector<T>(x.Slice(i + Vector<T>.Count)) - vm;
                acc0 += d0 * d0;
                acc1 += d1 * d1;
            }

            for (; i <= x.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                var d0 = new Vector<T>(x.Slice(i)) - vm;
                acc0 += d0 * d0;
            }

            sum = Vector.Sum(acc0 + acc1);
        }

        for (; i < x.Length; i++)
        {
            T d = x[i] - mean;
            sum += d * d;
        }

        return sum;
    }

    private static void AccumulateSquaredDeviations<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> mean, Span<T> acc)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= x.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                var d = new Vector<T>(x.Slice(i)) - new Vector<T>(mean.Slice(i));
                (new Vector<T>(acc.Slice(i)) + (d * d)).CopyTo(acc.Slice(i));
            }
        }

        for (; i < x.Length; i++)
        {
            T d = x[i] - mean[i];
            acc[i] += d * d;
        }
    }

    private T Denominator<T>(int n)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => T.CreateTruncating(Math.Max(0, n - correction));
}

/// <summary>
/// log Σ exp x, stabilised as torch does: m = max x, replaced by 0 when infinite, then m + log Σ exp(x − m). So a row of −∞
/// gives −∞ and a row holding +∞ gives +∞.
/// </summary>
internal readonly struct LogSumExpReducer : IAxisReducer
{
    /// <summary>Rows are exponentiated in chunks of this many elements, so scratch stays in L1 whatever the row length.</summary>
    private const int Chunk = 2048;

    public int ScratchLength(int n, int width) => Math.Max(Math.Min(n, Chunk), 2 * width);

    public T Empty<T>()
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => T.NegativeInfinity;

    public T Row<T>(ReadOnlySpan<T> row, Span<T> scratch)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        T m = TP.Max(row);
        if (T.IsInfinity(m))
        {
            m = T.Zero;
        }

        T sum = T.Zero;
        for (int s = 0; s < row.Length; s += Chunk)
        {
            int len = Math.Min(Chunk, row.Length - s);
            var tmp = scratch[..len];
            TP.Subtract(row.Slice(s, len), m, tmp);
            TP.Exp(tmp, tmp);
            sum += TP.Sum<T>(tmp);
        }

        return T.Log(sum) + m;
    }

    public void Columns<T>(ReadOnlySpan<T> x, int n, int stride, Span<T> dst, Span<T> scratch)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int w = dst.Length;
        var m = scratch[..w];
        var tmp = scratch.Slice(w, w);
        default(MaxReducer).Columns(x, n, stride, m, default);
        for (int c = 0; c < w; c++)
        {
            if (T.IsInfinity(m[c]))
            {
                m[c] = T.Zero;
            }
        }

        dst.Clear();
        for (int j = 0; j < n; j++)
        {
            TP.Subtract(x.Slice(j * stride, w), m, tmp);
            TP.Exp(tmp, tmp);
            TP.Add(dst, tmp, dst);
        }

        TP.Log(dst, dst);
        TP.Add(dst, m, dst);
    }
}
