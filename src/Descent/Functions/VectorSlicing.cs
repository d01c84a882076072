namespace Descent.Functions;

/// <summary>
/// Coordinates of a point (a 1-D tensor) for objectives: <see cref="Tensor.Select"/> and <see cref="Tensor.Narrow"/>, which are
/// differentiable to any order, behind a check that the point really is a vector of sufficient length.
/// </summary>
internal static class VectorSlicing
{
    /// <summary>Coordinate <paramref name="index"/> of the 1-D tensor <paramref name="x"/>, as a rank-0 tensor.</summary>
    public static Tensor Select(Tensor x, int index)
    {
        Check(x, index, 1);
        return x.Select(0, index);
    }

    /// <summary>The elements <c>x[start], …, x[start + length − 1]</c> of a 1-D tensor (a view; gradients flow back).</summary>
    public static Tensor Slice(Tensor x, int start, int length)
    {
        Check(x, start, length);
        return start == 0 && length == x.Numel ? x : x.Narrow(0, start, length);
    }

    // Points must be vectors: Narrow alone would happily take rows of a matrix.
    private static void Check(Tensor x, int start, int length)
    {
        if (x.Rank != 1 || start < 0 || length < 0 || start + length > x.Numel)
        {
            throw new ArgumentException($"Cannot take elements {start}..{start + length - 1} of a tensor of shape {x.Shape}");
        }
    }
}
