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

        int n = x.Shape[0], o = weight.Shape[0];
        var (oh, ow) = window.OutputSize(x.Shape[2], x.Shape[3]);
        var cols = Im2Col(x, window);
        var y = MatMul(weight.Reshape(o, -1), cols);
        if (bias != null)
        {
            y = y + bias.Reshape(o, 1);
        }

        return y.Reshape(n, o, oh, ow);
    }
}
