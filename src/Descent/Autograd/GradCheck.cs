using System.Globalization;

namespace Descent;

/// <summary>The outcome of a gradient check.</summary>
/// <param name="Passed">Whether every component agreed within tolerance.</param>
/// <param name="MaxAbsError">The largest |analytic − numeric| seen.</param>
/// <param name="Message">Where the worst disagreement was, for an assertion message.</param>
public sealed record GradCheckResult(bool Passed, double MaxAbsError, string Message);

/// <summary>
/// Compares autograd's gradients with float64 central differences, like <c>torch.autograd.gradcheck</c> and
/// <c>gradgradcheck</c>. Non-scalar outputs are reduced with fixed random weights, so every output element is checked.
/// </summary>
public static class GradCheck
{
    /// <summary>
    /// Checks first derivatives of <paramref name="f"/> at <paramref name="inputs"/> (Float64 tensors with RequiresGrad):
    /// each component of ∂L/∂x must satisfy |analytic − numeric| ≤ atol + rtol·|numeric|, where L = Σ w·f(x).
    /// </summary>
    public static GradCheckResult Check(Func<Tensor[], Tensor> f, Tensor[] inputs, double eps = 1e-6, double atol = 1e-5, double rtol = 1e-3)
    {
        ArgumentNullException.ThrowIfNull(f);
        Validate(inputs);
        var w = Weights(f, inputs);
        Tensor Loss(Tensor[] x) => (f(x) * w).Sum();
        var analytic = Autograd.Grad(Loss(inputs), inputs, allowUnused: true);
        return Compare(inputs, analytic, () => Loss(inputs).Item(), eps, atol, rtol, "first");
    }

    /// <summary>
    /// Checks second derivatives: the gradient of h(x) = Σ v·∂L/∂x computed by double backward (<c>createGraph: true</c>) must
    /// match central differences of h.
    /// </summary>
    public static GradCheckResult CheckSecondOrder(Func<Tensor[], Tensor> f, Tensor[] inputs, double eps = 1e-6, double atol = 1e-4, double rtol = 1e-3)
    {
        ArgumentNullException.ThrowIfNull(f);
        Validate(inputs);
        var w = Weights(f, inputs);
        var rng = new Rng(1234);
        var v = inputs.Select(x => Tensor.Randn(x.Shape, rng, DType.Float64)).ToArray();

        Tensor H(Tensor[] x, bool createGraph)
        {
            var l = (f(x) * w).Sum();
            var g = Autograd.Grad(l, x, createGraph: true, allowUnused: true);
            Tensor h = Tensor.Scalar(0, DType.Float64);
            for (int i = 0; i < g.Length; i++)
            {
                h = h + (g[i] * v[i]).Sum();
            }

            return h;
        }

        var hx = H(inputs, true);
        if (!hx.RequiresGrad)
        {
            // The function is linear in its inputs: the second derivative is zero everywhere, and so are the differences.
            return Compare(inputs, inputs.Select(Tensor.ZerosLike).ToArray(), () => H(inputs, false).Item(), eps, atol, rtol, "second");
        }

        var analytic = Autograd.Grad(hx, inputs, allowUnused: true);
        return Compare(inputs, analytic, () => H(inputs, false).Item(), eps, atol, rtol, "second");
    }

    private static void Validate(Tensor[] inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        for (int i = 0; i < inputs.Length; i++)
        {
            if (inputs[i].DType != DType.Float64)
            {
                throw new ArgumentException($"GradCheck: input {i} is {inputs[i].DType.Name()}; finite differences need float64", nameof(inputs));
            }

            if (!inputs[i].RequiresGrad)
            {
                throw new ArgumentException($"GradCheck: input {i} does not require grad", nameof(inputs));
            }
        }
    }

    private static Tensor Weights(Func<Tensor[], Tensor> f, Tensor[] inputs)
    {
        Tensor y;
        using (Autograd.NoGrad())
        {
            y = f(inputs);
        }

        return Tensor.Uniform(y.Shape, new Rng(42), 0.5, 1.5, y.DType);
    }

    private static GradCheckResult Compare(Tensor[] inputs, Tensor[] analytic, Func<double> loss, double eps, double atol, double rtol, string order)
    {
        double worst = 0, worstExcess = double.NegativeInfinity;
        string where = "";
        for (int i = 0; i < inputs.Length; i++)
        {
            var x = inputs[i];
            for (int k = 0; k < x.Numel; k++)
            {
                double orig = x[k];
                double plus, minus;
                x[k] = orig + eps;
                using (Autograd.EnableGrad())
                {
                    plus = loss();
                }

                x[k] = orig - eps;
                using (Autograd.EnableGrad())
                {
                    minus = loss();
                }

                x[k] = orig;
                double numeric = (plus - minus) / (2 * eps);
                double a = analytic[i][k];
                double err = Math.Abs(a - numeric);
                double excess = err - (atol + (rtol * Math.Abs(numeric)));
                if (double.IsNaN(err))
                {
                    excess = double.PositiveInfinity;
                }

                worst = Math.Max(worst, double.IsNaN(err) ? double.PositiveInfinity : err);
                if (excess > worstExcess)
                {
                    worstExcess = excess;
                    where = string.Create(CultureInfo.InvariantCulture, $"{order} derivative, input {i}, element {k}: analytic {a:R}, numeric {numeric:R}");
                }
            }
        }

        bool passed = worstExcess <= 0;
        return new GradCheckResult(passed, worst, passed ? $"{order}-order gradients agree (max error {worst:E2})" : $"mismatch in {where}");
    }
}
