using System.Numerics;
using Descent.Kernels;

namespace Descent;

public sealed partial class Tensor
{
    /// <summary>
    /// 2-D max pooling over [N, C, H, W] (<c>torch.nn.functional.max_pool2d</c>; padding counts as −∞). The gradient flows to the
    /// position of each window's maximum (the first one on ties, as torch).
    /// </summary>
    public static Tensor MaxPool2d(Tensor x, Window2d window)
    {
        ArgumentNullException.ThrowIfNull(x);
        window.Validate(x.Shape, "max_pool2d");
        if (window.Padding.H * 2 > window.Kernel.H || window.Padding.W * 2 > window.Kernel.W)
        {
            throw new ArgumentException($"max_pool2d: padding should be at most half of the kernel size, got padding {window.Padding} for kernel {window.Kernel}");
        }

        var (oh, ow) = window.OutputSize(x.Shape[2], x.Shape[3]);
        var y = Empty(new Shape(x.Shape[0], x.Shape[1], oh, ow), x.DType);
        // The winners' flat indices, stored as int bits in a float tensor so that they come from the tensor pool too.
        var argmax = Empty(y.Shape, DType.Float32);
        if (x.DType == DType.Float32)
        {
            MaxPoolCore<float>(x, y, argmax, window);
        }
        else
        {
            MaxPoolCore<double>(x, y, argmax, window);
        }

        var inShape = x.Shape;
        return Autograd.Record(y, "max_pool2d", [x], g => [ScatterAddFlat(g, argmax, inShape)]);
    }

    /// <summary>
    /// 2-D average pooling over [N, C, H, W] (<c>avg_pool2d</c> with <c>count_include_pad=True</c>): the mean of each window, zero
    /// padding included. Built on <see cref="Im2Col"/>, so it is differentiable to any order.
    /// </summary>
    public static Tensor AvgPool2d(Tensor x, Window2d window)
    {
        ArgumentNullException.ThrowIfNull(x);
        window.Validate(x.Shape, "avg_pool2d");
        int n = x.Shape[0], c = x.Shape[1];
        var (oh, ow) = window.OutputSize(x.Shape[2], x.Shape[3]);
        var cols = Im2Col(x.Reshape(n * c, 1, x.Shape[2], x.Shape[3]), window);
        return cols.Mean(1).Reshape(n, c, oh, ow);
    }

    /// <summary>out = zeros(shape); out.flat[index[k]] += g.flat[k]. Its gradient is the gather g'.flat[index[k]].</summary>
    /// <summary>
    /// The common 2×2, stride-2 window without padding: the same choice as the general loop (the first maximum in row-major
    /// window order; the first NaN wins), with the four candidates read directly.
    /// </summary>
    private static void MaxPool2x2<T>(Span<T> src, Span<T> dst, Span<int> argmax, int p0, int p1, int h, int wd, int oh, int ow)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        for (int p = p0; p < p1; p++)
        {
            int planeIn = p * h * wd, planeOut = p * oh * ow;
            for (int oy = 0; oy < oh; oy++)
            {
                int top = planeIn + (2 * oy * wd);
                for (int ox = 0; ox < ow; ox++)
                {
                    int i0 = top + (2 * ox);
                    T a = src[i0], b = src[i0 + 1], c = src[i0 + wd], d = src[i0 + wd + 1];
                    int best;
                    T v;
                    if (!T.IsNaN(a + b + c + d))
                    {
                        // Which candidate wins is data-dependent and unpredictable, so it is chosen without branches: the
                        // first one equal to the maximum (strict ">" in the general loop keeps the first of equal values).
                        T m = T.Max(T.Max(a, b), T.Max(c, d));
                        int na = a == m ? 0 : 1, nb = b == m ? 0 : 1, nc = c == m ? 0 : 1;
                        best = i0 + (na * ((1 - nb) + (nb * ((1 - nc) * wd + (nc * (wd + 1))))));
                        v = src[best];
                    }
                    else
                    {
                        best = i0;
                        v = a;
                        if (!T.IsNaN(v) && Takes(b, ref v))
                        {
                            best = i0 + 1;
                        }

                        if (!T.IsNaN(v) && Takes(c, ref v))
                        {
                            best = i0 + wd;
                        }

                        if (!T.IsNaN(v) && Takes(d, ref v))
                        {
                            best = i0 + wd + 1;
                        }
                    }

                    int o = planeOut + (oy * ow) + ox;
                    dst[o] = v;
                    argmax[o] = best;
                }
            }
        }

        static bool Takes(T candidate, ref T v)
        {
            if (candidate > v || T.IsNaN(candidate))
            {
                v = candidate;
                return true;
            }

            return false;
        }
    }

    internal static Tensor ScatterAddFlat(Tensor g, Tensor index, Shape shape)
    {
        var r = Empty(shape, g.DType);
        if (g.DType == DType.Float32)
        {
            var s = g.Span<float>();
            var d = r.Span<float>();
            var ix = Indices(index);
            for (int k = 0; k < ix.Length; k++)
            {
                d[ix[k]] += s[k];
            }
        }
        else
        {
            var s = g.Span<double>();
            var d = r.Span<double>();
            var ix = Indices(index);
            for (int k = 0; k < ix.Length; k++)
            {
                d[ix[k]] += s[k];
            }
        }

        var gShape = g.Shape;
        return Autograd.Record(r, "scatter_add", [g], gg => [GatherFlat(gg, index, gShape)]);
    }

    /// <summary>out.flat[k] = x.flat[index[k]], shaped as <paramref name="shape"/>. Its gradient is a scatter-add.</summary>
    internal static Tensor GatherFlat(Tensor x, Tensor index, Shape shape)
    {
        var r = Empty(shape, x.DType);
        if (x.DType == DType.Float32)
        {
            var s = x.Span<float>();
            var d = r.Span<float>();
            var ix = Indices(index);
            for (int k = 0; k < ix.Length; k++)
            {
                d[k] = s[ix[k]];
            }
        }
        else
        {
            var s = x.Span<double>();
            var d = r.Span<double>();
            var ix = Indices(index);
            for (int k = 0; k < ix.Length; k++)
            {
                d[k] = s[ix[k]];
            }
        }

        var xShape = x.Shape;
        return Autograd.Record(r, "gather", [x], gg => [ScatterAddFlat(gg, index, xShape)]);
    }

    private static Span<int> Indices(Tensor index) => System.Runtime.InteropServices.MemoryMarshal.Cast<float, int>(index.Span<float>());

    private static void MaxPoolCore<T>(Tensor x, Tensor y, Tensor argmaxBits, Window2d w)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int h = x.Shape[2], wd = x.Shape[3];
        int oh = y.Shape[2], ow = y.Shape[3];
        int planes = x.Shape[0] * x.Shape[1];
        bool twoByTwo = w.Kernel == (2, 2) && w.Stride == (2, 2) && w.Padding == (0, 0) && w.Dilation == (1, 1);
        Parallelism.For(planes, Math.Max(1, 8192 / Math.Max(1, oh * ow * w.Kernel.H * w.Kernel.W)), (p0, p1) =>
        {
            var src = x.Span<T>();
            var dst = y.Span<T>();
            var argmax = Indices(argmaxBits);
            if (twoByTwo)
            {
                MaxPool2x2(src, dst, argmax, p0, p1, h, wd, oh, ow);
                return;
            }

            for (int p = p0; p < p1; p++)
            {
                int planeIn = p * h * wd, planeOut = p * oh * ow;
                for (int oy = 0; oy < oh; oy++)
                {
                    for (int ox = 0; ox < ow; ox++)
                    {
                        T best = T.NegativeInfinity;
                        int bestIndex = -1;
                        for (int i = 0; i < w.Kernel.H; i++)
                        {
                            int iy = (oy * w.Stride.H) - w.Padding.H + (i * w.Dilation.H);
                            if ((uint)iy >= (uint)h)
                            {
                                continue;
                            }

                            for (int j = 0; j < w.Kernel.W; j++)
                            {
                                int ix = (ox * w.Stride.W) - w.Padding.W + (j * w.Dilation.W);
                                if ((uint)ix >= (uint)wd)
                                {
                                    continue;
                                }

                                int idx = planeIn + (iy * wd) + ix;
                                T v = src[idx];
                                if (bestIndex < 0 || v > best || T.IsNaN(v))
                                {
                                    best = v;
                                    bestIndex = idx;
                                    if (T.IsNaN(v))
                                    {
                                        goto done;
                                    }
                                }
                            }
                        }

                    done:
                        int o = planeOut + (oy * ow) + ox;
                        dst[o] = best;
                        argmax[o] = bestIndex;
                    }
                }
            }
        });
    }
}
