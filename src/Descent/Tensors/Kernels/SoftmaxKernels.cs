using System.Numerics;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Descent.Kernels;

/// <summary>
/// Fused softmax and log-softmax along one axis (viewed as [outer, n, inner]) and their backward maps. Each output row is
/// produced by one work item, so results do not depend on the thread count.
/// </summary>
internal static class SoftmaxKernels
{
    /// <summary>
    /// softmax(x) = exp(x − m)/Σexp(x − m) or log_softmax(x) = (x − m) − log Σexp(x − m), m the row maximum, along
    /// <paramref name="axis"/>.
    /// </summary>
    public static Tensor Forward(Tensor x, int axis, bool log)
    {
        var y = Tensor.EmptyLike(x);
        if (x.DType == DType.Float32)
        {
            ForwardCore<float>(x, y, axis, log);
        }
        else
        {
            ForwardCore<double>(x, y, axis, log);
        }

        return y;
    }

    /// <summary>
    /// The vector-Jacobian product of softmax, y·(g − Σg·y), or of log-softmax, g − exp(y)·Σg, given the forward output
    /// <paramref name="y"/> and the output gradient <paramref name="g"/> (same shape).
    /// </summary>
    public static Tensor Backward(Tensor g, Tensor y, int axis, bool log)
    {
        var r = Tensor.EmptyLike(y);
        if (y.DType == DType.Float32)
        {
            BackwardCore<float>(g, y, r, axis, log);
        }
        else
        {
            BackwardCore<double>(g, y, r, axis, log);
        }

        return r;
    }

    private static void ForwardCore<T>(Tensor x, Tensor y, int axis, bool log)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var (outer, n, inner) = Reduce.Split(x.Shape, axis);
        if (x.Numel == 0)
        {
            return;
        }

        var blocks = new AxisBlocks(outer, n, inner);
        Parallelism.For(blocks.Count, blocks.GrainItems, (s, e) =>
        {
            var src = x.Span<T>();
            var dst = y.Span<T>();
            var scratch = new T[inner == 1 ? n : 3 * blocks.Width];
            for (int item = s; item < e; item++)
            {
                var (o, c0, w) = blocks[item];
                int start = (o * n * inner) + c0;
                if (inner == 1)
                {
                    ForwardRow(src.Slice(start, n), dst.Slice(start, n), scratch, log);
                }
                else
                {
                    ForwardColumns(src[start..], dst[start..], n, inner, w, scratch, log);
                }
            }
        });
    }

    private static void ForwardRow<T>(ReadOnlySpan<T> x, Span<T> y, Span<T> scratch, bool log)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        T m = TP.Max(x);
        TP.Subtract(x, m, y);
        if (log)
        {
            var e = scratch[..x.Length];
            TP.Exp(y, e);
            TP.Subtract(y, T.Log(TP.Sum<T>(e)), y);
        }
        else
        {
            TP.Exp(y, y);
            TP.Multiply(y, T.One / TP.Sum<T>(y), y);
        }
    }

    private static void ForwardColumns<T>(ReadOnlySpan<T> x, Span<T> y, int n, int stride, int w, Span<T> scratch, bool log)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var m = scratch[..w];
        var sum = scratch.Slice(w, w);
        var tmp = scratch.Slice(2 * w, w);
        default(MaxReducer).Columns(x, n, stride, m, default);
        sum.Clear();
        for (int j = 0; j < n; j++)
        {
            var yj = y.Slice(j * stride, w);
            TP.Subtract(x.Slice(j * stride, w), m, yj);
            if (log)
            {
                TP.Exp(yj, tmp);
                TP.Add(sum, tmp, sum);
            }
            else
            {
                TP.Exp(yj, yj);
                TP.Add(sum, yj, sum);
            }
        }

        if (log)
        {
            TP.Log(sum, sum);
            for (int j = 0; j < n; j++)
            {
                var yj = y.Slice(j * stride, w);
                TP.Subtract(yj, sum, yj);
            }
        }
        else
        {
            TP.Divide(T.One, sum, sum);
            for (int j = 0; j < n; j++)
            {
                var yj = y.Slice(j * stride, w);
                TP.Multiply(yj, sum, yj);
            }
        }
    }

    private static void BackwardCore<T>(Tensor g, Tensor y, Tensor r, int axis, bool log)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var (outer, n, inner) = Reduce.Split(y.Shape, axis);
        if (y.Numel == 0)
        {
            return;
        }

        var blocks = new AxisBlocks(outer, n, inner);
        Parallelism.For(blocks.Count, blocks.GrainItems, (s, e) =>
        {
            var gs = g.Span<T>();
            var ys = y.Span<T>();
            var rs = r.Span<T>();
            var acc = new T[inner == 1 ? 0 : blocks.Width];
            for (int item = s; item < e; item++)
            {
                var (o, c0, w) = blocks[item];
                int start = (o * n * inner) + c0;
                if (inner == 1)
                {
                    BackwardRow(gs.Slice(start, n), ys.Slice(start, n), rs.Slice(start, n), log);
                }
                else
                {
                    BackwardColumns(gs[start..], ys[start..], rs[start..], n, inner, acc.AsSpan(0, w), log);
                }
            }
        });
    }

    private static void BackwardRow<T>(ReadOnlySpan<T> g, ReadOnlySpan<T> y, Span<T> r, bool log)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (log)
        {
            T s = TP.Sum(g);
            TP.Exp(y, r);
            TP.MultiplyAdd(r, -s, g, r);
        }
        else
        {
            T s = TP.Dot(g, y);
            TP.Subtract(g, s, r);
            TP.Multiply(r, y, r);
        }
    }

    private static void BackwardColumns<T>(ReadOnlySpan<T> g, ReadOnlySpan<T> y, Span<T> r, int n, int stride, Span<T> acc, bool log)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int w = acc.Length;
        acc.Clear();
        for (int j = 0; j < n; j++)
        {
            if (log)
            {
                TP.Add(acc, g.Slice(j * stride, w), acc);
            }
            else
            {
                TP.MultiplyAdd(g.Slice(j * stride, w), y.Slice(j * stride, w), acc, acc);
            }
        }

        for (int j = 0; j < n; j++)
        {
            var gj = g.Slice(j * stride, w);
            var yj = y.Slice(j * stride, w);
            var rj = r.Slice(j * stride, w);
            if (log)
            {
                TP.Exp(yj, rj);
                TP.Multiply(rj, acc, rj);
                TP.Subtract(gj, rj, rj);
            }
            else
            {
                TP.Subtract(gj, acc, rj);
                TP.Multiply(rj, yj, rj);
            }
        }
    }
}
