using System.Globalization;
using System.Numerics;

namespace Descent.Optim;

/// <summary>Finds NaN or infinite gradients before they reach an optimizer's state.</summary>
/// <remarks>Enable <see cref="Optimizer.SkipNonFiniteSteps"/> to have an optimizer skip such steps itself.</remarks>
public static class GradientGuard
{
    /// <summary>Whether every gradient of <paramref name="parameters"/> (those that have one) is finite.</summary>
    public static bool AllFinite(IEnumerable<Tensor> parameters) => FindNonFinite(parameters) == null;

    /// <summary>
    /// A description of the first parameter whose gradient holds a NaN or an infinity, such as
    /// <c>gradient of "fc1.weight" has 3 non-finite values (first: NaN at element 7)</c>; null when all are finite.
    /// </summary>
    public static string? FindNonFinite(IEnumerable<Tensor> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        int i = 0;
        foreach (var p in parameters)
        {
            var reason = DescribeNonFinite(p?.Grad, p?.Name ?? $"param{i}");
            if (reason != null)
            {
                return reason;
            }

            i++;
        }

        return null;
    }

    internal static string? DescribeNonFinite(Tensor? grad, string name)
    {
        if (grad == null)
        {
            return null;
        }

        return grad.DType == DType.Float32 ? Describe(grad.Span<float>(), name) : Describe(grad.Span<double>(), name);
    }

    private static string? Describe<T>(ReadOnlySpan<T> x, string name)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (IsAllFinite(x))
        {
            return null;
        }

        int count = 0, first = -1;
        for (int i = 0; i < x.Length; i++)
        {
            if (!T.IsFinite(x[i]))
            {
                count++;
                if (first < 0)
                {
                    first = i;
                }
            }
        }

        string what = T.IsNaN(x[first]) ? "NaN" : T.IsPositive(x[first]) ? "+inf" : "-inf";
        return $"gradient of \"{name}\" has {count.ToString(CultureInfo.InvariantCulture)} non-finite value{(count == 1 ? "" : "s")} " +
            $"(first: {what} at element {first.ToString(CultureInfo.InvariantCulture)})";
    }

    /// <summary>Whether every element of <paramref name="t"/> is finite, in one vector pass.</summary>
    public static bool IsAllFinite(Tensor t)
    {
        ArgumentNullException.ThrowIfNull(t);
        return t.DType == DType.Float32 ? IsAllFinite(t.AsSpan<float>()) : IsAllFinite(t.AsSpan<double>());
    }

    /// <summary>One vector pass: x − x is 0 for finite x and NaN for ±inf and NaN, so the sum is NaN exactly when one is not finite.</summary>
    private static bool IsAllFinite<T>(ReadOnlySpan<T> x)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int w = Vector<T>.Count, i = 0;
        var acc = Vector<T>.Zero;
        for (; i <= x.Length - w; i += w)
        {
            var v = new Vector<T>(x.Slice(i, w));
            acc += v - v;
        }

        var s = T.Zero;
        for (int k = 0; k < w; k++)
        {
            s += acc[k];
        }

        for (; i < x.Length; i++)
        {
            s += x[i] - x[i];
        }

        return T.IsFinite(s);
    }
}
