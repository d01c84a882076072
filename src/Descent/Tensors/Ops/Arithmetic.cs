using Descent.Kernels;

namespace Descent;

public sealed partial class Tensor
{
    /// <summary>a + b with broadcasting. ∂/∂a = g, ∂/∂b = g (summed over broadcast dimensions).</summary>
    public static Tensor Add(Tensor a, Tensor b) =>
        Autograd.Record(Elementwise.Zip(a, b, default(AddKernel), "add"), "add", [a, b], g => [g, g]);

    /// <summary>a − b with broadcasting. ∂/∂a = g, ∂/∂b = −g.</summary>
    public static Tensor Sub(Tensor a, Tensor b) =>
        Autograd.Record(Elementwise.Zip(a, b, default(SubKernel), "sub"), "sub", [a, b], g => [g, -g]);

    /// <summary>a · b elementwise with broadcasting. ∂/∂a = g·b, ∂/∂b = g·a.</summary>
    public static Tensor Mul(Tensor a, Tensor b) =>
        Autograd.Record(Elementwise.Zip(a, b, default(MulKernel), "mul"), "mul", [a, b], g => [g * b, g * a]);

    /// <summary>a / b elementwise with broadcasting. ∂/∂a = g/b, ∂/∂b = −g·a/b².</summary>
    public static Tensor Div(Tensor a, Tensor b) =>
        Autograd.Record(Elementwise.Zip(a, b, default(DivKernel), "div"), "div", [a, b], g => [g / b, -g * a / (b * b)]);

    /// <summary>−x. ∂/∂x = −g.</summary>
    public Tensor Neg() => Autograd.Record(Elementwise.Map(this, default(NegKernel)), "neg", [this], g => [-g]);

    /// <summary>x + s. ∂/∂x = g.</summary>
    public Tensor Add(double s) => Autograd.Record(Elementwise.ZipScalar(this, s, default(AddKernel)), "add", [this], g => [g]);

    /// <summary>x · s. ∂/∂x = g·s.</summary>
    public Tensor Mul(double s) => Autograd.Record(Elementwise.ZipScalar(this, s, default(MulKernel)), "mul", [this], g => [g * s]);

    /// <summary>x / s. ∂/∂x = g/s.</summary>
    public Tensor Div(double s) => Autograd.Record(Elementwise.ZipScalar(this, s, default(DivKernel)), "div", [this], g => [g / s]);

    /// <summary>s − x. ∂/∂x = −g.</summary>
    public Tensor RSub(double s) => Autograd.Record(Elementwise.ScalarZip(s, this, default(SubKernel)), "rsub", [this], g => [-g]);

    /// <summary>s / x. ∂/∂x = −g·s/x².</summary>
    public Tensor RDiv(double s)
    {
        var x = this;
        return Autograd.Record(Elementwise.ScalarZip(s, this, default(DivKernel)), "rdiv", [this], g => [-g * s / (x * x)]);
    }

    /// <summary>xᵖ for a scalar exponent. ∂/∂x = g·p·xᵖ⁻¹ (small integer powers are exact products).</summary>
    public Tensor Pow(double p)
    {
        var x = this;
        var y = Elementwise.ZipScalar(this, p, default(PowKernel));
        return Autograd.Record(y, "pow", [this], g => p == 0 ? [null] : p == 1 ? [g] : p == 2 ? [g * x * 2.0] : [g * x.Pow(p - 1) * p]);
    }

    /// <summary>
    /// xʸ elementwise with broadcasting. ∂/∂x = g·y·xʸ⁻¹, ∂/∂y = g·xʸ·ln x (taken as 0 where x = 0, as torch does).
    /// </summary>
    public static Tensor Pow(Tensor x, Tensor y)
    {
        var r = Elementwise.Zip(x, y, default(PowKernel), "pow");
        return Autograd.Record(r, "pow", [x, y], g =>
        {
            var gx = g * y * Pow(x, y - 1.0);
            var safeLog = Where(x.Eq(0.0), ZerosLike(x), x).Log();
            var gy = g * Pow(x, y) * safeLog;
            return [gx, gy];
        });
    }

    /// <summary>sᵡ for a scalar base. ∂/∂x = g·sˣ·ln s.</summary>
    public static Tensor Pow(double s, Tensor x)
    {
        var r = Elementwise.ScalarZip(s, x, default(PowKernel));
        return Autograd.Record(r, "pow", [x], g => [g * Pow(s, x) * Math.Log(s)]);
    }

    /// <summary>eˣ. ∂/∂x = g·eˣ.</summary>
    public Tensor Exp()
    {
        var y = Elementwise.Map(this, default(ExpKernel));
        return Autograd.Record(y, "exp", [this], g => [g * y]);
    }

    /// <summary>ln x. ∂/∂x = g/x.</summary>
    public Tensor Log()
    {
        var x = this;
        return Autograd.Record(Elementwise.Map(this, default(LogKernel)), "log", [this], g => [g / x]);
    }

    /// <summary>Elementwise maximum with broadcasting (NaN propagates). The gradient goes to the larger input, split evenly on ties.</summary>
    public static Tensor Maximum(Tensor a, Tensor b)
    {
        var r = Elementwise.Zip(a, b, default(MaxKernel), "maximum");
        return Autograd.Record(r, "maximum", [a, b], g =>
        {
            var wa = a.Gt(b) + (a.Eq(b) * 0.5);
            return [g * wa, g * wa.RSub(1.0)];
        });
    }

    /// <summary>Elementwise minimum with broadcasting (NaN propagates). The gradient goes to the smaller input, split evenly on ties.</summary>
    public static Tensor Minimum(Tensor a, Tensor b)
    {
        var r = Elementwise.Zip(a, b, default(MinKernel), "minimum");
        return Autograd.Record(r, "minimum", [a, b], g =>
        {
            var wa = a.Lt(b) + (a.Eq(b) * 0.5);
            return [g * wa, g * wa.RSub(1.0)];
        });
    }

    /// <summary>a + b.</summary>
    public static Tensor operator +(Tensor a, Tensor b) => Add(a, b);

    /// <summary>a − b.</summary>
    public static Tensor operator -(Tensor a, Tensor b) => Sub(a, b);

    /// <summary>a · b (elementwise).</summary>
    public static Tensor operator *(Tensor a, Tensor b) => Mul(a, b);

    /// <summary>a / b (elementwise).</summary>
    public static Tensor operator /(Tensor a, Tensor b) => Div(a, b);

    /// <summary>−x.</summary>
    public static Tensor operator -(Tensor x) => x.Neg();

    /// <summary>x + s.</summary>
    public static Tensor operator +(Tensor x, double s) => x.Add(s);

    /// <summary>s + x.</summary>
    public static Tensor operator +(double s, Tensor x) => x.Add(s);

    /// <summary>x − s.</summary>
    public static Tensor operator -(Tensor x, double s) => x.Add(-s);

    /// <summary>s − x.</summary>
    public static Tensor operator -(double s, Tensor x) => x.RSub(s);

    /// <summary>x · s.</summary>
    public static Tensor operator *(Tensor x, double s) => x.Mul(s);

    /// <summary>s · x.</summary>
    public static Tensor operator *(double s, Tensor x) => x.Mul(s);

    /// <summary>x / s.</summary>
    public static Tensor operator /(Tensor x, double s) => x.Div(s);

    /// <summary>s / x.</summary>
    public static Tensor operator /(double s, Tensor x) => x.RDiv(s);
}
