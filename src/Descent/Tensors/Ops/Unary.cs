using Descent.Kernels;

namespace Descent;

public sealed partial class Tensor
{
    /// <summary>√x. ∂/∂x = g/(2√x).</summary>
    public Tensor Sqrt()
    {
        var y = Elementwise.Map(this, default(SqrtKernel));
        return Autograd.Record(y, "sqrt", [this], g => [g / (y * 2.0)]);
    }

    /// <summary>1/√x. ∂/∂x = −g/(2·x^{3/2}) = −½·g·y³.</summary>
    public Tensor Rsqrt()
    {
        var y = Elementwise.Map(this, default(RsqrtKernel));
        return Autograd.Record(y, "rsqrt", [this], g => [g * y * y * y * -0.5]);
    }

    /// <summary>x². ∂/∂x = 2g·x.</summary>
    public Tensor Square() => Pow(2);

    /// <summary>|x|. ∂/∂x = g·sign(x) (0 at x = 0, as torch).</summary>
    public Tensor Abs()
    {
        var x = this;
        return Autograd.Record(Elementwise.Map(this, default(AbsKernel)), "abs", [this], g => [g * x.Sign()]);
    }

    /// <summary>sign(x) ∈ {−1, 0, 1}. Its gradient is zero.</summary>
    public Tensor Sign() => Elementwise.Map(this, default(SignKernel));

    /// <summary>sin x. ∂/∂x = g·cos x.</summary>
    public Tensor Sin()
    {
        var x = this;
        return Autograd.Record(Elementwise.Map(this, default(SinKernel)), "sin", [this], g => [g * x.Cos()]);
    }

    /// <summary>cos x. ∂/∂x = −g·sin x.</summary>
    public Tensor Cos()
    {
        var x = this;
        return Autograd.Record(Elementwise.Map(this, default(CosKernel)), "cos", [this], g => [-g * x.Sin()]);
    }

    /// <summary>tan x. ∂/∂x = g·(1 + tan²x).</summary>
    public Tensor Tan()
    {
        var y = Elementwise.Map(this, default(TanKernel));
        return Autograd.Record(y, "tan", [this], g => [g * ((y * y) + 1.0)]);
    }

    /// <summary>tanh x. ∂/∂x = g·(1 − tanh²x).</summary>
    public Tensor Tanh()
    {
        var y = Elementwise.Map(this, default(TanhKernel));
        return Autograd.Record(y, "tanh", [this], g => [g * (1.0 - (y * y))]);
    }

    /// <summary>σ(x) = 1/(1 + e⁻ˣ). ∂/∂x = g·σ(x)(1 − σ(x)).</summary>
    public Tensor Sigmoid()
    {
        var y = Elementwise.Map(this, default(SigmoidKernel));
        return Autograd.Record(y, "sigmoid", [this], g => [g * y * (1.0 - y)]);
    }

    /// <summary>ln(1 + x), accurate for small x. ∂/∂x = g/(1 + x).</summary>
    public Tensor Log1p()
    {
        var x = this;
        return Autograd.Record(Elementwise.Map(this, default(Log1pKernel)), "log1p", [this], g => [g / (x + 1.0)]);
    }

    /// <summary>eˣ − 1, accurate for small x. ∂/∂x = g·eˣ.</summary>
    public Tensor Expm1()
    {
        var y = Elementwise.Map(this, default(Expm1Kernel));
        return Autograd.Record(y, "expm1", [this], g => [g * (y + 1.0)]);
    }

    /// <summary>The error function erf x. ∂/∂x = g·(2/√π)·e^{−x²}.</summary>
    public Tensor Erf()
    {
        var x = this;
        return Autograd.Record(Elementwise.Map(this, default(ErfKernel)), "erf", [this], g => [g * (x * x).Neg().Exp() * (2.0 / Math.Sqrt(Math.PI))]);
    }

    /// <summary>
    /// Clamps to [<paramref name="min"/>, <paramref name="max"/>] (either may be infinite). ∂/∂x = g where min ≤ x ≤ max, else 0
    /// (torch's convention at the bounds).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="min"/> exceeds <paramref name="max"/>, or a bound is NaN.</exception>
    public Tensor Clamp(double min = double.NegativeInfinity, double max = double.PositiveInfinity)
    {
        if (double.IsNaN(min) || double.IsNaN(max) || min > max)
        {
            throw new ArgumentException($"Clamp: expected min <= max, got min {min} and max {max}");
        }

        var x = this;
        var y = Elementwise.Map(this, new ClampKernel(min, max));
        return Autograd.Record(y, "clamp", [this], g => [g * (x.Ge(min) * x.Le(max))]);
    }
}
