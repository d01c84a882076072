namespace Descent.NN;

public static partial class Losses
{
    /// <summary>
    /// Cross-entropy on logits (<c>torch.nn.functional.cross_entropy</c>): with p = softmax(x) computed stably as
    /// log p = log_softmax(x), the per-sample loss is −w_y·log p_y for class-index targets, or −Σ_c w_c·q_c·log p_c for
    /// probability targets. Label smoothing ε mixes in the uniform distribution: (1 − ε)·nll + (ε/C)·(−Σ_c w_c·log p_c).
    /// The mean divides by Σ w_y over non-ignored samples (class indices) or by N (probabilities), exactly as torch.
    /// </summary>
    /// <param name="logits">Scores [N, C].</param>
    /// <param name="target">Class indices [N] (whole numbers in 0..C−1, or <paramref name="ignoreIndex"/>) or probabilities [N, C].</param>
    /// <param name="reduction">Mean (default), sum or none (per-sample losses [N]).</param>
    /// <param name="weight">Optional per-class weights [C].</param>
    /// <param name="labelSmoothing">ε in [0, 1].</param>
    /// <param name="ignoreIndex">A target value whose samples contribute nothing (torch's −100).</param>
    /// <exception cref="ArgumentException">Shapes do not fit, a class index is out of range or not whole, or ε is outside [0, 1].</exception>
    public static Tensor CrossEntropy(Tensor logits, Tensor target, Reduction reduction = Reduction.Mean, Tensor? weight = null, double labelSmoothing = 0, int ignoreIndex = -100)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(target);
        if (logits.Rank != 2)
        {
            throw new ArgumentException($"cross_entropy: expected logits of shape [batch, classes], got {logits.Shape}; flatten extra dimensions first");
        }

        if (!(labelSmoothing >= 0 && labelSmoothing <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(labelSmoothing), $"label_smoothing must be between 0.0 and 1.0. Got: {labelSmoothing}");
        }

        int n = logits.Shape[0], c = logits.Shape[1];
        CheckWeight(weight, c, "cross_entropy");
        if (target.Shape != logits.Shape && weight == null && labelSmoothing == 0 && reduction != Reduction.None)
        {
            // The common case (class indices, no weights or smoothing, a reduced loss) runs as one fused op.
            return Tensor.SoftmaxCrossEntropy(logits, ParseClassIndices(target, n, c, ignoreIndex, "cross_entropy"), reduction == Reduction.Sum);
        }

        var logp = logits.LogSoftmax(1);
        if (target.Shape == logits.Shape)
        {
            // Probability targets: smoothing blends the targets themselves, and the mean is over samples.
            var q = labelSmoothing > 0 ? (target * (1 - labelSmoothing)) + (labelSmoothing / c) : target;
            var terms = logp * q;
            if (weight != null)
            {
                terms = terms * weight.Reshape(1, c);
            }

            var perSample = terms.Sum(1).Neg();
            return reduction switch
            {
                Reduction.Mean => perSample.Sum() / Math.Max(1, n),
                Reduction.Sum => perSample.Sum(),
                _ => perSample,
            };
        }

        var (index, keep) = ClassIndices(target, n, c, ignoreIndex, "cross_entropy");
        var (nll, denominator) = NllTerms(logp, index, keep, weight);
        if (labelSmoothing == 0)
        {
            return ReduceNll(nll, denominator, reduction);
        }

        var all = weight != null ? logp * weight.Reshape(1, c) : logp;
        var smooth = all.Sum(1).Neg() * keep;
        Tensor smoothReduced = reduction switch
        {
            Reduction.Mean => smooth.Sum() / denominator,
            Reduction.Sum => smooth.Sum(),
            _ => smooth,
        };
        return (ReduceNll(nll, denominator, reduction) * (1 - labelSmoothing)) + (smoothReduced * (labelSmoothing / c));
    }

    /// <summary>
    /// Negative log-likelihood on log-probabilities (<c>torch.nn.functional.nll_loss</c>): −w_y·logp_y per sample; the mean
    /// divides by Σ w_y over non-ignored samples.
    /// </summary>
    public static Tensor Nll(Tensor logProbabilities, Tensor target, Reduction reduction = Reduction.Mean, Tensor? weight = null, int ignoreIndex = -100)
    {
        ArgumentNullException.ThrowIfNull(logProbabilities);
        ArgumentNullException.ThrowIfNull(target);
        if (logProbabilities.Rank != 2)
        {
            throw new ArgumentException($"nll_loss: expected log-probabilities of shape [batch, classes], got {logProbabilities.Shape}");
        }

        int n = logProbabilities.Shape[0], c = logProbabilities.Shape[1];
        CheckWeight(weight, c, "nll_loss");
        var (index, keep) = ClassIndices(target, n, c, ignoreIndex, "nll_loss");
        var (nll, denominator) = NllTerms(logProbabilities, index, keep, weight);
        return ReduceNll(nll, denominator, reduction);
    }

    /// <summary>The fraction of rows whose largest logit is at the target class.</summary>
    public static double Accuracy(Tensor logits, Tensor target)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(target);
        if (logits.Rank != 2 || target.Numel != logits.Shape[0])
        {
            throw new ArgumentException($"accuracy: expected logits [N, C] and N targets, got {logits.Shape} and {target.Shape}");
        }

        var predicted = logits.ArgMaxIndices(1);
        int correct = 0;
        for (int i = 0; i < predicted.Length; i++)
        {
            if (predicted[i] == (int)target[i])
            {
                correct++;
            }
        }

        return predicted.Length == 0 ? 0 : (double)correct / predicted.Length;
    }

    private static (Tensor Nll, Tensor Denominator) NllTerms(Tensor logp, int[] index, Tensor keep, Tensor? weight)
    {
        var picked = logp.Gather(1, index);
        var w = keep;
        if (weight != null)
        {
            w = w * weight.Detach().IndexSelect(0, index);
        }

        return (picked.Neg() * w, w.Sum());
    }

    private static Tensor ReduceNll(Tensor perSample, Tensor denominator, Reduction reduction) => reduction switch
    {
        Reduction.Mean => perSample.Sum() / denominator,
        Reduction.Sum => perSample.Sum(),
        _ => perSample,
    };

    private static (int[] Index, Tensor Keep) ClassIndices(Tensor target, int n, int c, int ignoreIndex, string op)
    {
        var parsed = ParseClassIndices(target, n, c, ignoreIndex, op);
        var keep = new double[n];
        for (int i = 0; i < n; i++)
        {
            if (parsed[i] < 0)
            {
                parsed[i] = 0;
            }
            else
            {
                keep[i] = 1;
            }
        }

        return (parsed, Tensor.FromArray(keep, new Shape(n), target.DType == DType.Float64 ? DType.Float64 : DType.Float32));
    }

    /// <summary>The class index of each sample, −1 where the target is <paramref name="ignoreIndex"/>.</summary>
    private static int[] ParseClassIndices(Tensor target, int n, int c, int ignoreIndex, string op)
    {
        if (target.Numel != n || target.Rank > 1)
        {
            throw new ArgumentException($"{op}: expected {n} class indices (shape [{n}]) or probabilities of shape [{n}, {c}], got target shape {target.Shape}");
        }

        var index = new int[n];
        for (int i = 0; i < n; i++)
        {
            double v = target[i];
            if (v != Math.Floor(v) || double.IsNaN(v))
            {
                throw new ArgumentException($"{op}: target {v} at sample {i} is not a whole class index");
            }

            if ((int)v == ignoreIndex)
            {
                index[i] = -1;
                continue;
            }

            if (v < 0 || v >= c)
            {
                throw new ArgumentException($"{op}: target {v} at sample {i} is out of bounds for {c} classes (expected 0..{c - 1})");
            }

            index[i] = (int)v;
        }

        return index;
    }

    private static void CheckWeight(Tensor? weight, int classes, string op)
    {
        if (weight != null && (weight.Rank != 1 || weight.Shape[0] != classes))
        {
            throw new ArgumentException($"{op}: weight should be a 1D tensor of size {classes} (one per class), got shape {weight.Shape}");
        }
    }
}
