using System.Numerics;
using Descent.Kernels;

namespace Descent;

/// <summary>Geometry of a 2-D sliding window: kernel, stride, padding and dilation, each as (height, width).</summary>
/// <param name="Kernel">Window size.</param>
/// <param name="Stride">Step between windows.</param>
/// <param name="Padding">Zero padding added on both sides.</param>
/// <param name="Dilation">Spacing between window taps.</param>
public readonly record struct Window2d((int H, int W) Kernel, (int H, int W) Stride, (int H, int W) Padding, (int H, int W) Dilation)
{
    /// <summary>The output size for an input of <paramref name="h"/>×<paramref name="w"/>:
    /// ⌊(h + 2p − d(k − 1) − 1)/s⌋ + 1 per axis, as torch.</summary>
    public (int H, int W) OutputSize(int h, int w) =>
        (((h + (2 * Padding.H) - (Dilation.H * (Kernel.H - 1)) - 1) / Stride.H) + 1,
         ((w + (2 * Padding.W) - (Dilation.W * (Kernel.W - 1)) - 1) / Stride.W) + 1);

    internal void Validate(Shape input, string op)
    {
        if (Kernel.H <= 0 || Kernel.W <= 0 || Stride.H <= 0 || Stride.W <= 0 || Dilation.H <= 0 || Dilation.W <= 0 || Padding.H < 0 || Padding.W < 0)
        {
            throw new ArgumentException($"{op}: kernel, stride and dilation must be positive and padding non-negative, got kernel {Kernel}, stride {Stride}, padding {Padding}, dilation {Dilation}");
        }

        if (input.Rank != 4)
        {
            throw new ArgumentException($"{op}: expected a 4-D input [batch, channels, height, width], got shape {input}");
        }

        var (oh, ow) = OutputSize(input[2], input[3]);
        if (oh <= 0 || ow <= 0)
        {
            throw new ArgumentException($"{op}: input {input[2]}×{input[3]} is too small for kernel {Kernel.H}×{Kernel.W} with padding {Padding.H}×{Padding.W}");
        }
    }
}

public sealed partial class Tensor
{
    /// <summary>
    /// Unfolds sliding windows into columns (<c>torch.nn.functional.unfold</c>): for input [N, C, H, W] the result is
    /// [N, C·kh·kw, Ho·Wo] with cols[n, (c·kh + i)·kw + j, oh·Wo + ow] = x[n, c, oh·sh − ph + i·dh, ow·sw − pw + j·dw] (0 in the padding).
    /// Convolution is then one matrix product. ∂/∂x is the fold (col2im) of the gradient, itself differentiable.
    /// </summary>
    public static Tensor Im2Col(Tensor x, Window2d window)
    {
        ArgumentNullException.ThrowIfNull(x);
        window.Validate(x.Shape, "im2col");
        var (oh, ow) = window.OutputSize(x.Shape[2], x.Shape[3]);
        int n = x.Shape[0], c = x.Shape[1];
        var cols = Empty(new Shape(n, c * window.Kernel.H * window.Kernel.W, oh * ow), x.DType);
        if (x.DType == DType.Float32)
        {
            Im2ColCore<float>(x, cols, window, fold: false);
        }
        else
        {
            Im2ColCore<double>(x, cols, window, fold: false);
        }

        var inShape = x.Shape;
        return Autograd.Record(cols, "im2col", [x], g => [Col2Im(g, inShape, window)]);
    }

    /// <summary>
    /// Folds columns back into an image, summing overlapping windows (<c>torch.nn.functional.fold</c>), the adjoint of
    /// <see cref="Im2Col"/>. ∂/∂cols = Im2Col(g).
    /// </summary>
    public static Tensor Col2Im(Tensor cols, Shape imageShape, Window2d window)
    {
        ArgumentNullException.ThrowIfNull(cols);
        window.Validate(imageShape, "col2im");
        var (oh, ow) = window.OutputSize(imageShape[2], imageShape[3]);
        var expected = new Shape(imageShape[0], imageShape[1] * window.Kernel.H * window.Kernel.W, oh * ow);
        if (cols.Shape != expected)
        {
            throw new ArgumentException($"col2im: columns of shape {cols.Shape} do not match image {imageShape} (expected {expected})");
        }

        var image = Empty(imageShape, cols.DType);
        if (cols.DType == DType.Float32)
        {
            Im2ColCore<float>(image, cols, window, fold: true);
        }
        else
        {
            Im2ColCore<double>(image, cols, window, fold: true);
        }

        return Autograd.Record(image, "col2im", [cols], g => [Im2Col(g, window)]);
    }

    private static void AddInto<T>(Span<T> dst, ReadOnlySpan<T> src)
        where T : unmanaged, INumberBase<T>
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
        {
            for (; i <= dst.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                (new Vector<T>(dst.Slice(i)) + new Vector<T>(src.Slice(i))).CopyTo(dst.Slice(i));
            }
        }

        for (; i < dst.Length; i++)
        {
            dst[i] += src[i];
        }
    }

    // One routine for both directions: unfold copies image → columns, fold adds columns → image. Work is split over
    // (batch, channel) planes, which never overlap in the image, so folding in parallel needs no synchronisation.
    private static void Im2ColCore<T>(Tensor image, Tensor cols, Window2d w, bool fold)
        where T : unmanaged, INumberBase<T>
    {
        int n = image.Shape[0], c = image.Shape[1], h = image.Shape[2], wd = image.Shape[3];
        var (oh, ow) = w.OutputSize(h, wd);
        int kh = w.Kernel.H, kw = w.Kernel.W, sh = w.Stride.H, sw = w.Stride.W, ph = w.Padding.H, pw = w.Padding.W, dh = w.Dilation.H, dw = w.Dilation.W;
        int planes = n * c;
        int l = oh * ow;
        int grain = Math.Max(1, 16384 / Math.Max(1, kh * kw * l));
        Parallelism.For(planes, grain, (p0, p1) =>
        {
            var img = image.Span<T>();
            var col = cols.Span<T>();
            for (int p = p0; p < p1; p++)
            {
                var plane = img.Slice(p * h * wd, h * wd);
                int rowBase = p * kh * kw; // (n·C + c)·kh·kw = row index of (n, c, 0, 0) in [N, C·kh·kw]
                for (int i = 0; i < kh; i++)
                {
                    for (int j = 0; j < kw; j++)
                    {
                        var row = col.Slice((rowBase + (i * kw) + j) * l, l);
                        for (int y = 0; y < oh; y++)
                        {
                            int iy = (y * sh) - ph + (i * dh);
                            var seg = row.Slice(y * ow, ow);
                            if ((uint)iy >= (uint)h)
                            {
                                if (!fold)
                                {
                                    seg.Clear();
                                }

                                continue;
                            }

                            var src = plane.Slice(iy * wd, wd);
                            if (sw == 1)
                            {
                                // Unit stride: the output columns that read inside the row form one run, copied (or added) as a
                                // block; the padded ends are zeros.
                                int shift = (j * dw) - pw;
                                int x0 = Math.Clamp(-shift, 0, ow), x1 = Math.Clamp(wd - shift, x0, ow);
                                if (fold)
                                {
                                    if (x1 > x0)
                                    {
                                        AddInto(src.Slice(x0 + shift, x1 - x0), seg.Slice(x0, x1 - x0));
                                    }
                                }
                                else
                                {
                                    seg[..x0].Clear();
                                    if (x1 > x0)
                                    {
                                        src.Slice(x0 + shift, x1 - x0).CopyTo(seg.Slice(x0, x1 - x0));
                                    }

                                    seg[x1..].Clear();
                                }

                                continue;
                            }

                            for (int x = 0; x < ow; x++)
                            {
                                int ix = (x * sw) - pw + (j * dw);
                                if ((uint)ix < (uint)wd)
                                {
                                    if (fold)
                                    {
                                        src[ix] += seg[x];
                                    }
                                    else
                                    {
                                        seg[x] = src[ix];
                                    }
                                }
                                else if (!fold)
                                {
                                    seg[x] = T.Zero;
                                }
                            }
                        }
                    }
                }
            }
        });
    }
}

public sealed partial class Tensor
{
    /// <summary>
    /// 2-D convolution of x [N, C, H, W] with weight [O, C, kh, kw] and optional bias [O]: im2col, then W·cols per batch.
    /// Differentiable to any order through <see cref="Im2Col"/> and <see cref="MatMul(Tensor, Tensor, bool, bool)"/>.
    /// </summary>
    public static Tensor Conv2d(Tensor x, Tensor weight, Tensor? bias, Window2d window)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(weight);
        if (weight.Rank != 4 || x.Rank != 4 || weight.Shape[1] != x.Shape[1] || weight.Shape[2] != window.Kernel.H || weight.Shape[3] != window.Kernel.W)
        {
            throw new ArgumentException($"conv2d: weight {weight.Shape} does not fit input {x.Shape} with kernel {window.Kernel.H}×{window.Kernel.W}");
        }

        window.Validate(x.Shape, "conv2d");
        int o = weight.Shape[0];
        if (bias != null && (bias.Rank != 1 || bias.Shape[0] != o))
        {
            throw new ArgumentException($"conv2d: bias {bias.Shape} does not fit {o} output channels (expected [{o}])");
        }

        RequireSameDType(x, weight, "conv2d");
        if (bias != null)
        {
            RequireSameDType(x, bias, "conv2d");
        }

        int n = x.Shape[0];
        var (oh, ow) = window.OutputSize(x.Shape[2], x.Shape[3]);
        int ck = weight.Numel / Math.Max(1, o), l = oh * ow;

        // im2col into a scratch tensor (pooled inside a TensorPool scope), one GEMM per sample, the bias added per output row.
        var cols = Empty(new Shape(n, ck, l), x.DType);
        var y = Empty(new Shape(n, o, oh, ow), x.DType);
        var w2 = weight.View(weight.Offset, new Shape(o, ck));
        var y3 = y.View(0, new Shape(n, o, l));
        if (x.DType == DType.Float32)
        {
            Im2ColCore<float>(x, cols, window, fold: false);
            MatMulForward<float>(w2, cols, y3, new Shape(n), false, false);
            AddChannelBias<float>(y3, bias);
        }
        else
        {
            Im2ColCore<double>(x, cols, window, fold: false);
            MatMulForward<double>(w2, cols, y3, new Shape(n), false, false);
            AddChannelBias<double>(y3, bias);
        }

        Tensor[] inputs = bias == null ? [x, weight] : [x, weight, bias];
        return Autograd.Record(y, "conv2d", inputs, g => Conv2dBackward(g, x, weight, bias, window, cols));
    }

    /// <summary>The convolution as recorded ops (im2col, a batched product, a broadcast bias), for double backward.</summary>
    internal static Tensor Conv2dUnfused(Tensor x, Tensor weight, Tensor? bias, Window2d window)
    {
        int n = x.Shape[0], o = weight.Shape[0];
        var (oh, ow) = window.OutputSize(x.Shape[2], x.Shape[3]);
        var y = MatMul(weight.Reshape(o, -1), Im2Col(x, window));
        if (bias != null)
        {
            y = y + bias.Reshape(o, 1);
        }

        return y.Reshape(n, o, oh, ow);
    }

    private static Tensor?[] Conv2dBackward(Tensor g, Tensor x, Tensor weight, Tensor? bias, Window2d window, Tensor cols)
    {
        if (Autograd.IsEnabled)
        {
            // createGraph: differentiate the recorded composition, so the gradients are themselves differentiable.
            var inputs = bias == null ? new[] { x, weight } : new[] { x, weight, bias };
            var wanted = inputs.Where(t => t.RequiresGrad).ToArray();
            var grads = Autograd.Grad(Conv2dUnfused(x, weight, bias, window), wanted, g, createGraph: true);
            return inputs.Select(t => t.RequiresGrad ? grads[System.Array.IndexOf(wanted, t)] : null).ToArray();
        }

        int n = x.Shape[0], o = weight.Shape[0], ck = cols.Shape[1], l = cols.Shape[2];
        var g3 = g.View(g.Offset, new Shape(n, o, l));
        Tensor? gx = null, gw = null, gb = null;
        if (x.RequiresGrad)
        {
            var gcols = Empty(cols.Shape, x.DType);
            gx = Empty(x.Shape, x.DType);
            var w2 = weight.View(weight.Offset, new Shape(o, ck));
            if (x.DType == DType.Float32)
            {
                MatMulForward<float>(w2, g3, gcols, new Shape(n), true, false);
                Im2ColCore<float>(gx, gcols, window, fold: true);
            }
            else
            {
                MatMulForward<double>(w2, g3, gcols, new Shape(n), true, false);
                Im2ColCore<double>(gx, gcols, window, fold: true);
            }
        }

        if (weight.RequiresGrad)
        {
            gw = Empty(weight.Shape, weight.DType);
            if (x.DType == DType.Float32)
            {
                WeightGradient<float>(g3, cols, gw);
            }
            else
            {
                WeightGradient<double>(g3, cols, gw);
            }
        }

        if (bias is { RequiresGrad: true })
        {
            gb = Empty(bias.Shape, bias.DType);
            if (x.DType == DType.Float32)
            {
                ChannelSums<float>(g3, gb);
            }
            else
            {
                ChannelSums<double>(g3, gb);
            }
        }

        return bias == null ? [gx, gw] : [gx, gw, gb];
    }

    /// <summary>y[n, o, :] += b[o].</summary>
    private static void AddChannelBias<T>(Tensor y3, Tensor? bias)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (bias == null)
        {
            return;
        }

        int n = y3.Shape[0], o = y3.Shape[1], l = y3.Shape[2];
        Parallelism.For(n * o, Math.Max(1, Elementwise.Grain / Math.Max(1, l)), (r0, r1) =>
        {
            var ys = y3.Span<T>();
            var b = bias.Span<T>();
            for (int r = r0; r < r1; r++)
            {
                var row = ys.Slice(r * l, l);
                System.Numerics.Tensors.TensorPrimitives.Add(row, b[r % o], row);
            }
        });
    }

    /// <summary>gb[o] = Σ_n Σ_l g[n, o, l], summing each sample's row and then the samples in order.</summary>
    private static void ChannelSums<T>(Tensor g3, Tensor gb)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int n = g3.Shape[0], o = g3.Shape[1], l = g3.Shape[2];
        var gs = g3.Span<T>();
        var b = gb.Span<T>();
        for (int s = 0; s < n; s++)
        {
            for (int c = 0; c < o; c++)
            {
                T sum = System.Numerics.Tensors.TensorPrimitives.Sum(gs.Slice(((s * o) + c) * l, l));
                b[c] = s == 0 ? sum : b[c] + sum;
            }
        }
    }

    /// <summary>
    /// gW = Σ_n g_n·cols_nᵀ without materialising the per-sample products: each part accumulates its share of the samples
    /// (GEMM with beta = 1) into its own buffer, and the parts are added in order (the same numbers for a given thread count).
    /// </summary>
    private static void WeightGradient<T>(Tensor g3, Tensor cols, Tensor gw)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int n = g3.Shape[0], o = g3.Shape[1], l = g3.Shape[2], ck = cols.Shape[1];
        int size = o * ck;
        long flops = 2L * o * ck * l * n;
        int parts = (int)Math.Clamp(flops / Gemm.SerialFlops, 1, Math.Min(Parallelism.Threads, n));
        var partial = parts == 1 ? gw.View(gw.Offset, new Shape(size)) : Empty(new Shape(parts, size), gw.DType);
        Parallelism.ForParts(parts, p =>
        {
            var gs = g3.Array<T>();
            var cs = cols.Array<T>();
            var dst = partial.Array<T>().AsSpan(partial.Offset + (p * size), size);
            int s0 = (int)((long)n * p / parts), s1 = (int)((long)n * (p + 1) / parts);
            for (int s = s0; s < s1; s++)
            {
                Gemm.Multiply(false, true, o, ck, l, T.One, gs.AsSpan(g3.Offset + (s * o * l), o * l), l,
                    cs.AsSpan(cols.Offset + (s * ck * l), ck * l), l, s == s0 ? T.Zero : T.One, dst, ck, GemmKernelKind.Auto, 1);
            }
        });
        if (parts > 1)
        {
            var ps = partial.Span<T>();
            var d = gw.Span<T>();
            ps[..size].CopyTo(d);
            for (int p = 1; p < parts; p++)
            {
                System.Numerics.Tensors.TensorPrimitives.Add(d, ps.Slice(p * size, size), d);
            }
        }
    }
}
