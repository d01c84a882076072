using System.Globalization;
using System.Numerics;

namespace Descent.Training;

/// <summary>Span-level helpers of the training loop: norms in float64, finiteness, correct predictions.</summary>
internal static class TrainingMath
{
    /// <summary>‖(g₁, g₂, …)‖₂ over the parameters' gradients, accumulated in float64 (NaN or ∞ when a gradient is not finite).</summary>
    public static double GradientNorm(IReadOnlyList<Tensor> parameters)
    {
        double sum = 0;
        foreach (var p in parameters)
        {
            var g = p.Grad;
            if (g != null)
            {
                sum += g.DType == DType.Float32 ? SumOfSquares(g.Span<float>()) : SumOfSquares(g.Span<double>());
            }
        }

        return Math.Sqrt(sum);
    }

    /// <summary>Σx² in float64; float32 lanes are widened before squaring.</summary>
    public static double SumOfSquares(ReadOnlySpan<float> x)
    {
        int w = Vector<float>.Count, i = 0;
        var acc0 = Vector<double>.Zero;
        var acc1 = Vector<double>.Zero;
        for (; i <= x.Length - w; i += w)
        {
            Vector.Widen(new Vector<float>(x.Slice(i, w)), out var lo, out var hi);
            acc0 += lo * lo;
            acc1 += hi * hi;
        }

        double s = Vector.Sum(acc0 + acc1);
        for (; i < x.Length; i++)
        {
            s += (double)x[i] * x[i];
        }

        return s;
    }

    /// <summary>Σx² in float64.</summary>
    public static double SumOfSquares(ReadOnlySpan<double> x) => System.Numerics.Tensors.TensorPrimitives.SumOfSquares(x);

    /// <summary>Whether every element is finite (one vector pass: x − x is NaN exactly for NaN and ±∞).</summary>
    public static bool AllFinite(Tensor t) => Descent.Optim.GradientGuard.IsAllFinite(t);

    /// <summary>A description of the first parameter holding a NaN or ∞ (<c>parameter "0.weight" has 2 non-finite values</c>), or null.</summary>
    public static (string Name, string Problem)? FirstNonFiniteParameter(IReadOnlyList<Tensor> parameters)
    {
        for (int i = 0; i < parameters.Count; i++)
        {
            var p = parameters[i];
            if (!AllFinite(p))
            {
                int count = 0;
                var values = p.ToArray();
                foreach (var v in values)
                {
                    if (!double.IsFinite(v))
                    {
                        count++;
                    }
                }

                string name = p.Name ?? string.Create(CultureInfo.InvariantCulture, $"param{i}");
                return (name, string.Create(CultureInfo.InvariantCulture, $"parameter \"{name}\" holds {count} non-finite value{(count == 1 ? "" : "s")}"));
            }
        }

        return null;
    }

    /// <summary>How many rows of <paramref name="logits"/> (<c>[N, C]</c>) have their largest value at the label (first maximum wins, as argmax).</summary>
    public static int CountCorrect(Tensor logits, ReadOnlySpan<int> labels)
    {
        if (logits.Rank != 2 || logits.Shape[0] != labels.Length)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"accuracy: the model's output has shape {logits.Shape}, expected [{labels.Length}, classes] for {labels.Length} labelled samples"));
        }

        int c = logits.Shape[1];
        return logits.DType == DType.Float32 ? CountCorrect(logits.Span<float>(), c, labels) : CountCorrect(logits.Span<double>(), c, labels);
    }

    private static int CountCorrect<T>(ReadOnlySpan<T> x, int classes, ReadOnlySpan<int> labels)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int correct = 0;
        for (int r = 0; r < labels.Length; r++)
        {
            var row = x.Slice(r * classes, classes);
            int best = 0;
            for (int k = 1; k < classes; k++)
            {
                // NaN never wins, so a NaN row predicts class 0 (the loss reports the NaN).
                if (row[k] > row[best])
                {
                    best = k;
                }
            }

            if (best == labels[r])
            {
                correct++;
            }
        }

        return correct;
    }
}
