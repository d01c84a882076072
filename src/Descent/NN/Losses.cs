namespace Descent.NN;

/// <summary>How a loss combines per-element values.</summary>
public enum Reduction
{
    /// <summary>The mean over all elements (PyTorch's default).</summary>
    Mean,

    /// <summary>The sum over all elements.</summary>
    Sum,

    /// <summary>No reduction: one value per element.</summary>
    None,
}

/// <summary>
/// Loss functions, as <c>torch.nn.functional</c>. Each is built from differentiable tensor ops, so the loss can be differentiated
/// twice (Hessians of a model's loss).
/// </summary>
public static partial class Losses
{
    /// <summary>Mean squared error: reduce((ŷ − y)²) — the lectures' regression loss L = (1/n)Σ(yᵢ − ŷᵢ)².</summary>
    public static Tensor Mse(Tensor prediction, Tensor target, Reduction reduction = Reduction.Mean)
    {
        CheckSameShape(prediction, target, "mse_loss");
        var d = prediction - target;
        return Reduce(d * d, reduction);
    }

    /// <summary>Mean absolute error: reduce(|ŷ − y|).</summary>
    public static Tensor L1(Tensor prediction, Tensor target, Reduction reduction = Reduction.Mean)
    {
        CheckSameShape(prediction, target, "l1_loss");
        return Reduce((prediction - target).Abs(), reduction);
    }

    /// <summary>
    /// Huber loss (torch's <c>huber_loss</c>): ½d² where |d| &lt; δ, else δ(|d| − ½δ), d = ŷ − y.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">δ is not positive.</exception>
    public static Tensor Huber(Tensor prediction, Tensor target, double delta = 1.0, Reduction reduction = Reduction.Mean)
    {
        CheckSameShape(prediction, target, "huber_loss");
        if (!(delta > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(delta), $"huber_loss: delta must be positive, got {delta}");
        }

        var d = prediction - target;
        var a = d.Abs();
        var quadratic = d * d * 0.5;
        var linear = (a - (0.5 * delta)) * delta;
        return Reduce(Tensor.Where(a.Lt(delta), quadratic, linear), reduction);
    }

    /// <summary>
    /// Binary cross-entropy on logits, stable form: max(x, 0) − x·y + ln(1 + e^{−|x|}); with <paramref name="posWeight"/> p the
    /// positive term is weighted: (1 − y)·x + (1 + (p − 1)y)·(ln(1 + e^{−|x|}) + max(−x, 0)), as torch.
    /// </summary>
    public static Tensor BinaryCrossEntropyWithLogits(Tensor logits, Tensor target, Reduction reduction = Reduction.Mean, double posWeight = 1)
    {
        CheckSameShape(logits, target, "binary_cross_entropy_with_logits");
        var softTerm = logits.Abs().Neg().Exp().Log1p();
        Tensor loss;
        if (posWeight == 1)
        {
            loss = logits.Relu() - (logits * target) + softTerm;
        }
        else
        {
            var logWeight = (target * (posWeight - 1)) + 1.0;
            loss = ((1.0 - target) * logits) + (logWeight * (softTerm + logits.Neg().Relu()));
        }

        return Reduce(loss, reduction);
    }

    /// <summary>Applies a reduction.</summary>
    public static Tensor Reduce(Tensor perElement, Reduction reduction) => reduction switch
    {
        Reduction.Mean => perElement.Mean(),
        Reduction.Sum => perElement.Sum(),
        _ => perElement,
    };

    private static void CheckSameShape(Tensor a, Tensor b, string op)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Shape != b.Shape)
        {
            throw new ArgumentException($"{op}: prediction shape {a.Shape} differs from target shape {b.Shape}; reshape one so they match");
        }
    }
}
