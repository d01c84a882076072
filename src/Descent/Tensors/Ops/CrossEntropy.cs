using System.Numerics;
using Descent.Kernels;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Descent;

public sealed partial class Tensor
{
    /// <summary>
    /// Softmax cross-entropy on logits [N, C] against class indices, fused: per row, log-sum-exp and the picked logit in one pass
    /// (loss_i = log Σ_c e^{x_ic} − x_{i,y_i}), reduced to the mean over the rows whose index is not negative, or the sum.
    /// ∂L/∂x_ic = (softmax(x_i)_c − [c = y_i])·g/N is written directly from the probabilities saved by the forward pass.
    /// </summary>
    /// <param name="logits">Scores [N, C].</param>
    /// <param name="index">The class of each row, or −1 for an ignored row (validated by the caller).</param>
    /// <param name="sum">Sum the row losses instead of averaging them over the rows that count.</param>
    /// <remarks>
    /// The row sums and the loss accumulate in float64 (more accurate than the unfused float32 path, so the two agree to
    /// rounding, not bit for bit). With <c>createGraph: true</c> the backward pass is the differentiable composition
    /// (softmax − onehot)·g/N, so second derivatives are exact. PyTorch: <c>cross_entropy</c> without weights or smoothing.
    /// </remarks>
    internal static Tensor SoftmaxCrossEntropy(Tensor logits, int[] index, bool sum)
    {
        int n = logits.Shape[0], c = logits.Shape[1];
        int counted = 0;
        foreach (int k in index)
        {
            counted += k >= 0 ? 1 : 0;
        }

        // PyTorch's mean over zero counted rows is 0/0 = NaN.
        double denominator = sum ? 1 : counted;
        var probabilities = Empty(logits.Shape, logits.DType);
        var rowLoss = Empty(new Shape(n), DType.Float64);
        if (logits.DType == DType.Float32)
        {
            SoftmaxCrossEntropyRows<float>(logits, index, probabilities, rowLoss);
        }
        else
        {
            SoftmaxCrossEntropyRows<double>(logits, index, probabilities, rowLoss);
        }

        double total = 0;
        foreach (double v in rowLoss.Span<double>())
        {
            total += v;
        }

        var loss = Full(Shape.Scalar, total / denominator, logits.DType);
        return Autograd.Record(loss, "cross_entropy", [logits], g => [SoftmaxCrossEntropyBackward(g, logits, index, probabilities, denominator)]);
    }

    private static Tensor SoftmaxCrossEntropyBackward(Tensor g, Tensor logits, int[] index, Tensor probabilities, double denominator)
    {
        int n = logits.Shape[0], c = logits.Shape[1];
        if (Autograd.IsEnabled)
        {
            // createGraph: (softmax(x) − onehot)·(kept/N)·g in recorded ops, differentiable in x and in g.
            var onehot = Zeros(logits.Shape, logits.DType);
            var weights = Zeros(new Shape(n, 1), logits.DType);
            for (int i = 0; i < n; i++)
            {
                if (index[i] >= 0)
                {
                    onehot[(i * c) + index[i]] = 1;
                    weights[i] = 1 / denominator;
                }
            }

            return (logits.Softmax(1) - onehot) * weights * g;
        }

        double scale = g.Item() / denominator;
        var d = Empty(logits.Shape, logits.DType);
        if (logits.DType == DType.Float32)
        {
            SoftmaxCrossEntropyGradient<float>(probabilities, index, d, scale);
        }
        else
        {
            SoftmaxCrossEntropyGradient<double>(probabilities, index, d, scale);
        }

        return d;
    }

    private static void SoftmaxCrossEntropyRows<T>(Tensor logits, int[] index, Tensor probabilities, Tensor rowLoss)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int n = logits.Shape[0], c = logits.Shape[1];
        Parallelism.For(n, Math.Max(1, Elementwise.Grain / Math.Max(1, c)), (r0, r1) =>
        {
            var x = logits.Span<T>();
            var p = probabilities.Span<T>();
            var losses = rowLoss.Span<double>();
            for (int i = r0; i < r1; i++)
            {
                var row = x.Slice(i * c, c);
                var pr = p.Slice(i * c, c);
                T max = TP.Max(row);
                TP.Subtract(row, max, pr);
                TP.Exp(pr, pr);
                double s = 0;
                foreach (var e in pr)
                {
                    s += double.CreateTruncating(e);
                }

                TP.Multiply(pr, T.CreateTruncating(1 / s), pr);
                int k = index[i];
                losses[i] = k < 0 ? 0 : double.CreateTruncating(max) + Math.Log(s) - double.CreateTruncating(row[k]);
            }
        });
    }

    private static void SoftmaxCrossEntropyGradient<T>(Tensor probabilities, int[] index, Tensor d, double scale)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int n = probabilities.Shape[0], c = probabilities.Shape[1];
        T s = T.CreateTruncating(scale);
        Parallelism.For(n, Math.Max(1, Elementwise.Grain / Math.Max(1, c)), (r0, r1) =>
        {
            var p = probabilities.Span<T>();
            var ds = d.Span<T>();
            for (int i = r0; i < r1; i++)
            {
                int k = index[i];
                var dr = ds.Slice(i * c, c);
                if (k < 0)
                {
                    dr.Clear();
                    continue;
                }

                TP.Multiply(p.Slice(i * c, c), s, dr);
                dr[k] = T.CreateTruncating((double.CreateTruncating(p[(i * c) + k]) - 1) * scale);
            }
        });
    }
}
