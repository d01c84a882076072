using System.Numerics;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Descent.Kernels;

/// <summary>A unary elementwise kernel over spans of float or double: <c>y[i] = f(x[i])</c>. May run in place.</summary>
internal interface IUnaryKernel
{
    void Apply<T>(ReadOnlySpan<T> x, Span<T> y)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>;
}

/// <summary>A binary elementwise kernel: <c>d[i] = f(x[i], y[i])</c>, with scalar-left and scalar-right forms for broadcasting.</summary>
internal interface IBinaryKernel
{
    void Apply<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>;

    void Apply<T>(ReadOnlySpan<T> x, T y, Span<T> d)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>;

    void Apply<T>(T x, ReadOnlySpan<T> y, Span<T> d)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>;
}

/// <summary>The engines that run elementwise kernels over tensors: dtype dispatch, broadcasting and splitting over threads.</summary>
internal static class Elementwise
{
    /// <summary>Elements per thread below which a kernel runs on one thread (memory-bound work; see docs/performance.md).</summary>
    public const int Grain = 32 * 1024;

    /// <summary><c>y = f(x)</c> into a new tensor of x's shape and dtype.</summary>
    public static Tensor Map<K>(Tensor x, K kernel)
        where K : struct, IUnaryKernel
    {
        var y = Tensor.EmptyLike(x);
        MapInto(x, y, kernel);
        return y;
    }

    /// <summary><c>y = f(x)</c> into an existing tensor of the same shape (may be x itself).</summary>
    public static void MapInto<K>(Tensor x, Tensor y, K kernel)
        where K : struct, IUnaryKernel
    {
        if (x.DType == DType.Float32)
        {
            MapCore<float, K>(x, y, kernel);
        }
        else
        {
            MapCore<double, K>(x, y, kernel);
        }
    }

    private static void MapCore<T, K>(Tensor x, Tensor y, K kernel)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where K : struct, IUnaryKernel
    {
        int n = x.Numel;
        if (n < 2 * Grain)
        {
            kernel.Apply(x.Span<T>(), y.Span<T>());
            return;
        }

        Parallelism.For(n, Grain, (s, e) => kernel.Apply<T>(x.Span<T>().Slice(s, e - s), y.Span<T>().Slice(s, e - s)));
    }

    /// <summary><c>d = f(a, b)</c> with NumPy broadcasting into a new tensor.</summary>
    /// <exception cref="ArgumentException">Shapes cannot broadcast, or dtypes differ.</exception>
    public static Tensor Zip<K>(Tensor a, Tensor b, K kernel, string op)
        where K : struct, IBinaryKernel
    {
        Tensor.RequireSameDType(a, b, op);
        var shape = Shape.Broadcast(a.Shape, b.Shape);
        var d = Tensor.Empty(shape, a.DType);
        if (a.DType == DType.Float32)
        {
            ZipCore<float, K>(a, b, d, kernel);
        }
        else
        {
            ZipCore<double, K>(a, b, d, kernel);
        }

        return d;
    }

    /// <summary><c>d = f(a, s)</c> for a scalar right operand.</summary>
    public static Tensor ZipScalar<K>(Tensor a, double s, K kernel)
        where K : struct, IBinaryKernel
    {
        var d = Tensor.EmptyLike(a);
        if (a.DType == DType.Float32)
        {
            ScalarCore<float, K>(a, (float)s, d, kernel, scalarLeft: false);
        }
        else
        {
            ScalarCore<double, K>(a, s, d, kernel, scalarLeft: false);
        }

        return d;
    }

    /// <summary><c>d = f(s, a)</c> for a scalar left operand.</summary>
    public static Tensor ScalarZip<K>(double s, Tensor a, K kernel)
        where K : struct, IBinaryKernel
    {
        var d = Tensor.EmptyLike(a);
        if (a.DType == DType.Float32)
        {
            ScalarCore<float, K>(a, (float)s, d, kernel, scalarLeft: true);
        }
        else
        {
            ScalarCore<double, K>(a, s, d, kernel, scalarLeft: true);
        }

        return d;
    }

    /// <summary><c>dst += src</c> in place (same shape and dtype).</summary>
    public static void AddInPlace(Tensor dst, Tensor src)
    {
        if (dst.Shape != src.Shape)
        {
            throw new ArgumentException($"AddInPlace: shapes {dst.Shape} and {src.Shape} differ");
        }

        if (src.DType != dst.DType)
        {
            src = src.Detach().To(dst.DType);
        }

        if (dst.DType == DType.Float32)
        {
            TP.Add(dst.Span<float>(), src.Span<float>(), dst.Span<float>());
        }
        else
        {
            TP.Add(dst.Span<double>(), src.Span<double>(), dst.Span<double>());
        }
    }

    private static void ScalarCore<T, K>(Tensor a, T s, Tensor d, K kernel, bool scalarLeft)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where K : struct, IBinaryKernel
    {
        int n = a.Numel;
        void Run(int st, int e)
        {
            var x = a.Span<T>().Slice(st, e - st);
            var y = d.Span<T>().Slice(st, e - st);
            if (scalarLeft)
            {
                kernel.Apply(s, x, y);
            }
            else
            {
                kernel.Apply(x, s, y);
            }
        }

        if (n < 2 * Grain)
        {
            Run(0, n);
        }
        else
        {
            Parallelism.For(n, Grain, Run);
        }
    }

    private static void ZipCore<T, K>(Tensor a, Tensor b, Tensor d, K kernel)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where K : struct, IBinaryKernel
    {
        int n = d.Numel;
        if (n == 0)
        {
            return;
        }

        if (a.Shape == b.Shape)
        {
            if (n < 2 * Grain)
            {
                kernel.Apply(a.Span<T>(), b.Span<T>(), d.Span<T>());
            }
            else
            {
                Parallelism.For(n, Grain, (s, e) => kernel.Apply<T>(a.Span<T>().Slice(s, e - s), b.Span<T>().Slice(s, e - s), d.Span<T>().Slice(s, e - s)));
            }

            return;
        }

        if (b.Numel == 1 && a.Shape == d.Shape)
        {
            ScalarCore(a, b.Span<T>()[0], d, kernel, scalarLeft: false);
            return;
        }

        if (a.Numel == 1 && b.Shape == d.Shape)
        {
            ScalarCore(b, a.Span<T>()[0], d, kernel, scalarLeft: true);
            return;
        }

        var plan = new BroadcastPlan(a.Shape, b.Shape, d.Shape);
        int rows = n / plan.Inner;
        int grainRows = Math.Max(1, Grain / plan.Inner);
        Parallelism.For(rows, grainRows, (r0, r1) =>
        {
            var sa = a.Span<T>();
            var sb = b.Span<T>();
            var sd = d.Span<T>();
            int inner = plan.Inner;
            for (int r = r0; r < r1; r++)
            {
                plan.Offsets(r, out int oa, out int ob);
                var dst = sd.Slice(r * inner, inner);
                if (plan.AFull && plan.BFull)
                {
                    kernel.Apply(sa.Slice(oa, inner), sb.Slice(ob, inner), dst);
                }
                else if (plan.AFull)
                {
                    kernel.Apply(sa.Slice(oa, inner), sb[ob], dst);
                }
                else if (plan.BFull)
                {
                    kernel.Apply(sa[oa], sb.Slice(ob, inner), dst);
                }
                else
                {
                    // Both operands are constant over the block (only when the block is a single element).
                    kernel.Apply(sa.Slice(oa, 1), sb[ob], dst);
                }
            }
        });
    }

    /// <summary>
    /// How two broadcast operands map onto the output: the output is cut into rows of <see cref="Inner"/> contiguous elements,
    /// over which each operand is either contiguous ("full") or a single repeated value.
    /// </summary>
    internal sealed class BroadcastPlan
    {
        private readonly int[] _outer;
        private readonly int[] _strideA;
        private readonly int[] _strideB;

        public BroadcastPlan(Shape a, Shape b, Shape o)
        {
            int r = o.Rank;
            var ad = Pad(a, r);
            var bd = Pad(b, r);
            var od = o.Dims;
            int statusA = 0, statusB = 0; // 0 unknown, 1 full, 2 ones
            int k = r;
            while (k > 0)
            {
                int i = k - 1;
                if (od[i] != 1)
                {
                    int na = ad[i] == od[i] ? 1 : 2, nb = bd[i] == od[i] ? 1 : 2;
                    if ((statusA != 0 && statusA != na) || (statusB != 0 && statusB != nb))
                    {
                        break;
                    }

                    statusA = na;
                    statusB = nb;
                }

                k--;
            }

            AFull = statusA != 2;
            BFull = statusB != 2;
            int inner = 1;
            for (int i = k; i < r; i++)
            {
                inner *= od[i];
            }

            Inner = inner;
            _outer = od[..k];
            _strideA = OuterStrides(ad, od, k, AFull ? inner : 1);
            _strideB = OuterStrides(bd, od, k, BFull ? inner : 1);
        }

        public int Inner { get; }

        public bool AFull { get; }

        public bool BFull { get; }

        public void Offsets(int row, out int oa, out int ob)
        {
            oa = 0;
            ob = 0;
            for (int i = _outer.Length - 1; i >= 0; i--)
            {
                int dim = _outer[i];
                int c = row % dim;
                row /= dim;
                oa += c * _strideA[i];
                ob += c * _strideB[i];
            }
        }

        private static int[] Pad(Shape s, int r)
        {
            var p = new int[r];
            int off = r - s.Rank;
            for (int i = 0; i < r; i++)
            {
                p[i] = i < off ? 1 : s.Dims[i - off];
            }

            return p;
        }

        private static int[] OuterStrides(int[] xd, int[] od, int k, int innerSize)
        {
            var st = new int[k];
            int acc = innerSize;
            for (int i = k - 1; i >= 0; i--)
            {
                st[i] = xd[i] == 1 && od[i] != 1 ? 0 : acc;
                acc *= xd[i];
            }

            return st;
        }
    }
}
