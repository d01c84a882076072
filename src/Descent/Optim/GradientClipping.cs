using System.Globalization;
using System.Numerics;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Descent.Optim;

/// <summary>Gradient clipping as <c>torch.nn.utils.clip_grad_norm_</c> and <c>clip_grad_value_</c>.</summary>
public static class GradientClipping
{
    /// <summary>
    /// The norm of all gradients taken together, ‖(g₁, g₂, …)‖ₚ, accumulated in float64 (p = 2 by default; 1, any p &gt; 0, or
    /// <see cref="double.PositiveInfinity"/> for the largest magnitude). Parameters without a gradient are ignored.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="normType"/> is not positive.</exception>
    public static double GlobalNorm(IEnumerable<Tensor> parameters, double normType = 2.0)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!(normType > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(normType), $"norm type must be positive or infinity, got {normType.ToString("R", CultureInfo.InvariantCulture)}");
        }

        double acc = 0;
        foreach (var p in parameters)
        {
            var g = p?.Grad;
            if (g == null)
            {
                continue;
            }

            double part = g.DType == DType.Float32 ? Accumulate(g.Span<float>(), normType) : Accumulate(g.Span<double>(), normType);
            acc = double.IsPositiveInfinity(normType) ? Max(acc, part) : acc + part;
        }

        return double.IsPositiveInfinity(normType) ? acc
            : normType == 1 ? acc
            : normType == 2 ? Math.Sqrt(acc)
            : Math.Pow(acc, 1 / normType);
    }

    /// <summary>
    /// Scales all gradients by min(1, maxNorm/(‖g‖ + 1e-6)) so that their global norm is at most <paramref name="maxNorm"/>; returns the
    /// norm before clipping.
    /// </summary>
    /// <remarks>
    /// PyTorch computes each tensor's norm in its own dtype; here the sum is kept in float64 for every dtype, so float32 norms can
    /// differ from torch's in the last bits. When the norm is NaN or infinite the gradients are left untouched (torch would scale them by
    /// NaN or zero) and the non-finite norm is returned, or an exception thrown with <paramref name="errorIfNonFinite"/>.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxNorm"/> is negative or not finite, or <paramref name="normType"/> is not positive.</exception>
    /// <exception cref="InvalidOperationException">The norm is not finite and <paramref name="errorIfNonFinite"/> is true.</exception>
    public static double ClipByGlobalNorm(IEnumerable<Tensor> parameters, double maxNorm, double normType = 2.0, bool errorIfNonFinite = false)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!(maxNorm >= 0) || double.IsInfinity(maxNorm))
        {
            throw new ArgumentOutOfRangeException(nameof(maxNorm), $"max norm must be a non-negative finite number, got {maxNorm.ToString("R", CultureInfo.InvariantCulture)}");
        }

        var list = parameters.ToList();
        double norm = GlobalNorm(list, normType);
        if (!double.IsFinite(norm))
        {
            if (errorIfNonFinite)
            {
                throw new InvalidOperationException(
                    $"The total norm of order {PyFormat.Float(normType)} for gradients from `parameters` is non-finite, so it cannot be clipped. " +
                    "To disable this error and leave the gradients unscaled, set errorIfNonFinite: false");
            }

            return norm;
        }

        double coef = maxNorm / (norm + 1e-6);
        if (coef < 1)
        {
            foreach (var p in list)
            {
                Scale(p?.Grad, coef);
            }
        }

        return norm;
    }

    /// <summary>Clamps every gradient element to [−<paramref name="clipValue"/>, <paramref name="clipValue"/>] (NaN stays NaN).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="clipValue"/> is negative or not finite.</exception>
    public static void ClipByValue(IEnumerable<Tensor> parameters, double clipValue)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!(clipValue >= 0) || double.IsInfinity(clipValue))
        {
            throw new ArgumentOutOfRangeException(nameof(clipValue), $"clip value must be a non-negative finite number, got {clipValue.ToString("R", CultureInfo.InvariantCulture)}");
        }

        foreach (var p in parameters)
        {
            var g = p?.Grad;
            if (g == null)
            {
                continue;
            }

            if (g.DType == DType.Float32)
            {
                var s = g.Span<float>();
                TP.Max(s, -(float)clipValue, s);
                TP.Min(s, (float)clipValue, s);
            }
            else
            {
                var s = g.Span<double>();
                TP.Max(s, -clipValue, s);
                TP.Min(s, clipValue, s);
            }
        }
    }

    internal static void Scale(Tensor? g, double factor)
    {
        if (g == null)
        {
            return;
        }

        if (g.DType == DType.Float32)
        {
            var s = g.Span<float>();
            TP.Multiply(s, (float)factor, s);
        }
        else
        {
            var s = g.Span<double>();
            TP.Multiply(s, factor, s);
        }
    }

    private static double Max(double a, double b) => double.IsNaN(a) || double.IsNaN(b) ? double.NaN : Math.Max(a, b);

    /// <summary>Σ|x|ᵖ (or max |x| for p = ∞) in float64, NaN-propagating.</summary>
    private static double Accumulate<T>(ReadOnlySpan<T> x, double p)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        double acc = 0;
        if (double.IsPositiveInfinity(p))
        {
            foreach (var v in x)
            {
                acc = Max(acc, Math.Abs(double.CreateTruncating(v)));
            }

            return acc;
        }

        if (p == 2)
        {
            if (typeof(T) == typeof(double))
            {
                return Sum2(System.Runtime.InteropServices.MemoryMarshal.Cast<T, double>(x));
            }

            foreach (var v in x)
            {
                double d = double.CreateTruncating(v);
                acc += d * d;
            }

            return acc;
        }

        foreach (var v in x)
        {
            double d = Math.Abs(double.CreateTruncating(v));
            acc += p == 1 ? d : Math.Pow(d, p);
        }

        return acc;
    }

    private static double Sum2(ReadOnlySpan<double> x) => TP.SumOfSquares(x);
}
