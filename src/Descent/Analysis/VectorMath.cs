using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Descent.Analysis;

/// <summary>Small dense-vector helpers for the iterative methods (SIMD through TensorPrimitives).</summary>
internal static class VectorMath
{
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b) => TP.Dot(a, b);

    public static double Norm(ReadOnlySpan<double> a) => TP.Norm(a);

    /// <summary>y ← y + alpha·x.</summary>
    public static void Axpy(double alpha, ReadOnlySpan<double> x, Span<double> y) => TP.MultiplyAdd(x, alpha, y, y);

    /// <summary>x ← alpha·x.</summary>
    public static void Scale(Span<double> x, double alpha) => TP.Multiply(x, alpha, x);

    /// <summary>Fills <paramref name="destination"/> with independent ±1 entries (Rademacher), from <paramref name="rng"/>.</summary>
    public static void Rademacher(Rng rng, Span<double> destination)
    {
        int i = 0;
        while (i < destination.Length)
        {
            uint bits = rng.NextUInt32();
            for (int b = 0; b < 32 && i < destination.Length; b++, i++)
            {
                destination[i] = ((bits >> b) & 1) == 0 ? -1.0 : 1.0;
            }
        }
    }
}
