using System.Numerics;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Descent.Kernels;

/// <summary>
/// Copy kernels behind slicing, index selection, gather/scatter and concatenation. Indices are already validated. Scatter-adds
/// visit the sources in a fixed order, so repeated indices accumulate deterministically.
/// </summary>
internal static class IndexKernels
{
    /// <summary>
    /// out[o, k, :] = x[o, rows[k], :] with x viewed as [outer, n, inner] around <paramref name="axis"/>.
    /// </summary>
    public static Tensor SelectRows(Tensor x, int axis, int[] rows)
    {
        var dims = x.Shape.ToArray();
        dims[axis] = rows.Length;
        var r = Tensor.Empty(new Shape(dims), x.DType);
        if (r.Numel == 0)
        {
            return r;
        }

        if (x.DType == DType.Float32)
        {
            SelectRowsCore<float>(x, r, axis, rows);
        }
        else
        {
            SelectRowsCore<double>(x, r, axis, rows);
        }

        return r;
    }

    /// <summary>
    /// dst[o, rows[k], :] += src[o, k, :] in place, dst viewed as [outer, n, inner] around <paramref name="axis"/> and src as
    /// [outer, rows.Length, inner]; k runs in increasing order for every output element.
    /// </summary>
    public static void AddRows(Tensor dst, int axis, int[] rows, Tensor src)
    {
        if (src.Numel == 0)
        {
            return;
        }

        if (dst.DType == DType.Float32)
        {
            AddRowsCore<float>(dst, axis, rows, src);
        }
        else
        {
            AddRowsCore<double>(dst, axis, rows, src);
        }
    }

    /// <summary>
    /// out[p] = x[p with coordinate <paramref name="axis"/> replaced by index[p]] (torch.gather); out has the index's shape,
    /// which is no larger than x's in any dimension but <paramref name="axis"/>.
    /// </summary>
    public static Tensor Gather(Tensor x, int axis, int[] index, Shape indexShape)
    {
        var r = Tensor.Empty(indexShape, x.DType);
        if (r.Numel == 0)
        {
            return r;
        }

        if (x.DType == DType.Float32)
        {
            GatherCore<float>(x, r, axis, index, scatter: false);
        }
        else
        {
            GatherCore<double>(x, r, axis, index, scatter: false);
        }

        return r;
    }

    /// <summary>dst[p with coordinate <paramref name="axis"/> replaced by index[p]] += src[p], in place and in index order.</summary>
    public static void ScatterAdd(Tensor dst, int axis, int[] index, Tensor src)
    {
        if (src.Numel == 0)
        {
            return;
        }

        if (dst.DType == DType.Float32)
        {
            GatherCore<float>(dst, src, axis, index, scatter: true);
        }
        else
        {
            GatherCore<double>(dst, src, axis, index, scatter: true);
        }
    }

    /// <summary>Joins tensors of equal shape except along <paramref name="axis"/> into <paramref name="r"/>.</summary>
    public static void Concat(Tensor[] xs, int axis, Tensor r)
    {
        if (r.Numel == 0)
        {
            return;
        }

        if (r.DType == DType.Float32)
        {
            ConcatCore<float>(xs, axis, r);
        }
        else
        {
            ConcatCore<double>(xs, axis, r);
        }
    }

    private static void SelectRowsCore<T>(Tensor x, Tensor r, int axis, int[] rows)
        where T : unmanaged
    {
        var (outer, n, inner) = Reduce.Split(x.Shape, axis);
        Parallelism.For(outer * rows.Length, Math.Max(1, Elementwise.Grain / inner), (s, e) => SelectRange<T>(x.Span<T>(), r.Span<T>(), rows, n, inner, s, e));
    }

    /// <summary>Output rows s..e−1 of <see cref="SelectRows"/> (a static method, so the loop's sizes live in registers).</summary>
    private static void SelectRange<T>(ReadOnlySpan<T> src, Span<T> dst, int[] rows, int n, int inner, int s, int e)
        where T : unmanaged
    {
        int m = rows.Length;
        int o = s / m, k = s - (o * m);
        for (int item = s; item < e; item++)
        {
            int from = ((o * n) + rows[k]) * inner;
            if (inner == 1)
            {
                dst[item] = src[from];
            }
            else
            {
                src.Slice(from, inner).CopyTo(dst.Slice(item * inner, inner));
            }

            if (++k == m)
            {
                k = 0;
                o++;
            }
        }
    }

    private static void AddRowsCore<T>(Tensor dst, int axis, int[] rows, Tensor src)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var (outer, n, inner) = Reduce.Split(dst.Shape, axis);
        var blocks = new AxisBlocks(outer, rows.Length, inner);
        Parallelism.For(blocks.Count, blocks.GrainItems, (s, e) => AddRange<T>(dst.Span<T>(), src.Span<T>(), rows, n, inner, blocks, s, e));
    }

    /// <summary>Work items s..e−1 of <see cref="AddRows"/>: each owns a block of columns and adds every source row into it in order.</summary>
    private static void AddRange<T>(Span<T> d, ReadOnlySpan<T> g, int[] rows, int n, int inner, AxisBlocks blocks, int s, int e)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int m = rows.Length;
        for (int item = s; item < e; item++)
        {
            var (o, c0, w) = blocks[item];
            for (int k = 0; k < m; k++)
            {
                int to = (((o * n) + rows[k]) * inner) + c0;
                int from = (((o * m) + k) * inner) + c0;
                if (w == 1)
                {
                    d[to] += g[from];
                }
                else
                {
                    var dk = d.Slice(to, w);
                    TP.Add(dk, g.Slice(from, w), dk);
                }
            }
        }
    }

    /// <summary>
    /// Walks the index's elements row by row (rows along its last dimension), mapping each to x's flat offset. Gathers read x
    /// into out in parallel; scatters add src into x serially, for a fixed accumulation order.
    /// </summary>
    private static void GatherCore<T>(Tensor x, Tensor other, int axis, int[] index, bool scatter)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var plan = new GatherPlan(x.Shape, other.Shape, axis);
        if (scatter)
        {
            GatherRows<T>(x.Span<T>(), other.Span<T>(), index, plan, 0, plan.Rows, scatter: true);
        }
        else
        {
            Parallelism.For(plan.Rows, Math.Max(1, Elementwise.Grain / plan.Length), (r0, r1) => GatherRows<T>(x.Span<T>(), other.Span<T>(), index, plan, r0, r1, scatter: false));
        }
    }

    private static void GatherRows<T>(Span<T> x, Span<T> other, int[] index, GatherPlan plan, int r0, int r1, bool scatter)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int len = plan.Length, axisStride = plan.AxisStride, colStride = plan.ColumnStride;
        for (int row = r0; row < r1; row++)
        {
            int rowBase = plan.RowBase(row);
            int p = row * len;
            for (int c = 0; c < len; c++, p++)
            {
                int off = rowBase + (index[p] * axisStride) + (c * colStride);
                if (scatter)
                {
                    x[off] += other[p];
                }
                else
                {
                    other[p] = x[off];
                }
            }
        }
    }

    /// <summary>How index positions map to offsets in x for gather and scatter-add.</summary>
    private sealed class GatherPlan
    {
        private readonly int[] _indexDims;
        private readonly int[] _xStrides;
        private readonly int _axis;

        public GatherPlan(Shape x, Shape index, int axis)
        {
            int rank = index.Rank;
            _indexDims = index.Dims;
            _xStrides = x.Strides();
            _axis = axis;
            Length = rank == 0 ? 1 : _indexDims[rank - 1];
            Rows = Length == 0 ? 0 : index.Numel / Length;
            AxisStride = rank == 0 ? 0 : _xStrides[axis];

            // Along the last dimension x's stride is 1, unless that dimension is the gathered one (then the index supplies it).
            ColumnStride = rank == 0 || axis == rank - 1 ? 0 : 1;
        }

        /// <summary>Elements per row (the index's last dimension).</summary>
        public int Length { get; }

        /// <summary>Number of rows.</summary>
        public int Rows { get; }

        public int AxisStride { get; }

        public int ColumnStride { get; }

        /// <summary>x's offset of a row's first element, without the gathered dimension's contribution.</summary>
        public int RowBase(int row)
        {
            int rowBase = 0;
            for (int d = _indexDims.Length - 2; d >= 0; d--)
            {
                int c = row % _indexDims[d];
                row /= _indexDims[d];
                if (d != _axis)
                {
                    rowBase += c * _xStrides[d];
                }
            }

            return rowBase;
        }
    }

    private static void ConcatCore<T>(Tensor[] xs, int axis, Tensor r)
        where T : unmanaged
    {
        var (outer, total, inner) = Reduce.Split(r.Shape, axis);
        var offsets = new int[xs.Length];
        for (int i = 1; i < xs.Length; i++)
        {
            offsets[i] = offsets[i - 1] + xs[i - 1].Shape.Dims[axis];
        }

        Parallelism.For(outer, Math.Max(1, Elementwise.Grain / Math.Max(1, total * inner)), (o0, o1) =>
        {
            var dst = r.Span<T>();
            for (int o = o0; o < o1; o++)
            {
                for (int i = 0; i < xs.Length; i++)
                {
                    int block = xs[i].Shape.Dims[axis] * inner;
                    xs[i].Span<T>().Slice(o * block, block).CopyTo(dst.Slice(((o * total) + offsets[i]) * inner, block));
                }
            }
        });
    }
}
