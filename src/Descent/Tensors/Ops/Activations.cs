using Descent.Kernels;

namespace Descent;

public sealed partial class Tensor
{
    /// <summary>ReLU: max(x, 0). ∂/∂x = g where x &gt; 0, else 0.</summary>
    public Tensor Relu()
    {
        var x = this;
        var y = Elementwise.Map(this, default(ReluKernel));
        return Autograd.Record(y, "relu", [this], g => [PassWherePositive(g, x)]);
    }

    /// <summary>Leaky ReLU: x if x &gt; 0 else slope·x (torch's default slope 0.01). ∂/∂x = g or slope·g.</summary>
    public Tensor LeakyRelu(double negativeSlope = 0.01)
    {
        if (!double.IsFinite(negativeSlope))
        {
            throw new ArgumentException($"LeakyRelu: negative slope must be finite, got {negativeSlope}", nameof(negativeSlope));
        }

        var x = this;
        var y = Elementwise.Map(this, new LeakyReluKernel(negativeSlope));
        return Autograd.Record(y, "leaky_relu", [this], g => [(PassWherePositive(g, x) * (1.0 - negativeSlope)) + (g * negativeSlope)]);
    }

    /// <summary>
    /// GELU in PyTorch's default (exact) form: x·Φ(x), Φ(x) = ½(1 + erf(x/√2)) (Hendrycks &amp; Gimpel 2016).
    /// ∂/∂x = g·(Φ(x) + x·φ(x)), φ the standard normal density.
    /// </summary>
    public Tensor Gelu()
    {
        var x = this;
        var y = Elementwise.Map(this, default(GeluKernel));
        return Autograd.Record(y, "gelu", [this], g =>
        {
            var cdf = ((x * Math.Sqrt(0.5)).Erf() + 1.0) * 0.5;
            var pdf = (x * x * -0.5).Exp() * (1.0 / Math.Sqrt(2 * Math.PI));
            return [g * (cdf + (x * pdf))];
        });
    }

    /// <summary>
    /// Softplus: ln(1 + e^{βx})/β, and x itself where βx &gt; threshold (torch defaults β = 1, threshold = 20).
    /// ∂/∂x = g·σ(βx) (g above the threshold).
    /// </summary>
    public Tensor Softplus(double beta = 1, double threshold = 20)
    {
        if (!(beta > 0) || !double.IsFinite(beta) || double.IsNaN(threshold))
        {
            throw new ArgumentException($"Softplus: beta must be positive and finite, got {beta}", nameof(beta));
        }

        var x = this;
        var y = Elementwise.Map(this, new SoftplusKernel(beta, threshold));
        return Autograd.Record(y, "softplus", [this], g =>
        {
            var bx = x * beta;
            return [g * Where(bx.Gt(threshold), OnesLike(x), bx.Sigmoid())];
        });
    }

    /// <summary>g where x &gt; 0, else 0; differentiable in g (the mask is constant).</summary>
    internal static Tensor PassWherePositive(Tensor g, Tensor x)
    {
        var r = Elementwise.Zip(g, x.Detach(), default(PassWherePositiveKernel), "relu_backward");
        return Autograd.Record(r, "relu_backward", [g], gg => [PassWherePositive(gg, x)]);
    }
}
