namespace Descent.Functions;

/// <summary>
/// Differentiable slices of a 1-D tensor, so an objective can read single coordinates (or a run of them) of its point and
/// still get first and second derivatives. The backward of a slice pads the gradient with zeros; the backward of the pad is
/// the slice again, so double backward works.
/// </summary>
internal static class VectorSlicing
{
    /// <summary>Coordinate <paramref name="index"/> of the 1-D tensor <paramref name="x"/>, as a rank-0 tensor.</summary>
    public static Tensor Select(Tensor x, int index) => Slice(x, index, 1).Reshape();

    /// <summary>The elements <c>x[start], …, x[start + length − 1]</c> of a 1-D tensor (a copy). ∂/∂x = g placed at
    /// <paramref name="start"/> in zeros.</summary>
    public static Tensor Slice(Tensor x, int start, int length)
    {
        int total = x.Numel;
        if (x.Rank != 1 || start < 0 || length < 0 || start + length > total)
        {
            throw new ArgumentException($"Cannot take elements {start}..{start + length - 1} of a tensor of shape {x.Shape}");
        }

        if (start == 0 && length == total)
        {
            return x;
        }

        var r = Tensor.Empty(new Shape(length), x.DType);
        if (x.DType == DType.Float32)
        {
            x.Span<float>().Slice(start, length).CopyTo(r.Span<float>());
        }
        else
        {
            x.Span<double>().Slice(start, length).CopyTo(r.Span<double>());
        }

        return Autograd.Record(r, "slice", [x], g => [Pad(g.Reshape(length), start, total)]);
    }

    /// <summary>A length-<paramref name="total"/> vector of zeros holding <paramref name="g"/> from <paramref name="start"/>:
    /// the adjoint of <see cref="Slice"/>.</summary>
    private static Tensor Pad(Tensor g, int start, int total)
    {
        int length = g.Numel;
        var r = Tensor.Zeros(new Shape(total), g.DType);
        if (g.DType == DType.Float32)
        {
            g.Span<float>().CopyTo(r.Span<float>().Slice(start, length));
        }
        else
        {
            g.Span<double>().CopyTo(r.Span<double>().Slice(start, length));
        }

        return Autograd.Record(r, "pad", [g], gg => [Slice(gg, start, length)]);
    }
}
