namespace Descent.Analysis;

/// <summary>
/// Directions in parameter space for loss-landscape slices, with the filter normalisation of Li, Xu, Taylor, Studer &amp;
/// Goldstein (2018), "Visualizing the Loss Landscape of Neural Nets": a random Gaussian direction d is rescaled filter by filter,
/// d_f ← d_f·‖θ_f‖/‖d_f‖, so that a step of 1 along d changes every filter by its own size. Without it, scale-invariant networks
/// (ReLU, batch norm) make sharpness comparisons between two minimisers meaningless.
/// </summary>
/// <remarks>
/// A filter is a slice along a weight's first dimension: one output neuron's incoming weights for a linear layer ([out, in]),
/// one convolution kernel for a conv layer ([out, in, kh, kw]), as when PyTorch iterates over a tensor. The 1e-10 in the
/// denominator is the paper code's.
/// </remarks>
public static class Directions
{
    /// <summary>A direction with independent standard normal entries (<c>torch.randn</c> per parameter).</summary>
    public static double[] Gaussian(int dimension, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        var d = new double[dimension];
        rng.FillNormal(d);
        return d;
    }

    /// <summary>A random Gaussian direction, filter-normalised to the model's current weights.</summary>
    /// <param name="layout">The model's parameter layout (its current values are the weights θ).</param>
    /// <param name="rng">The generator.</param>
    /// <param name="oneDimensional">What to do with biases and other rank-≤1 parameters.</param>
    public static double[] FilterNormalized(ParameterLayout layout, Rng rng, OneDimensionalParameters oneDimensional = OneDimensionalParameters.Ignore)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var d = Gaussian(layout.Count, rng);
        FilterNormalize(layout, d, layout.Read(), oneDimensional);
        return d;
    }

    /// <summary>Rescales <paramref name="direction"/> in place, filter by filter, to the norms of <paramref name="weights"/>' filters.</summary>
    /// <param name="layout">Which ranges of the flat vectors form which parameter (only shapes are read).</param>
    /// <param name="direction">The direction, changed in place.</param>
    /// <param name="weights">θ, the weights whose filter norms the direction takes.</param>
    /// <param name="oneDimensional">What to do with biases and other rank-≤1 parameters.</param>
    /// <exception cref="ArgumentException">A vector has the wrong length.</exception>
    public static void FilterNormalize(ParameterLayout layout, Span<double> direction, ReadOnlySpan<double> weights, OneDimensionalParameters oneDimensional = OneDimensionalParameters.Ignore)
    {
        ArgumentNullException.ThrowIfNull(layout);
        if (direction.Length != layout.Count || weights.Length != layout.Count)
        {
            throw new ArgumentException($"The direction ({direction.Length}) and the weights ({weights.Length}) must both have the model's {layout.Count} entries", nameof(direction));
        }

        for (int s = 0; s < layout.Slots.Count; s++)
        {
            var slot = layout.Slots[s];
            var d = direction.Slice(slot.Offset, slot.Length);
            var w = weights.Slice(slot.Offset, slot.Length);
            if (slot.Shape.Rank <= 1)
            {
                if (oneDimensional == OneDimensionalParameters.Ignore)
                {
                    d.Clear();
                }
                else
                {
                    w.CopyTo(d);
                }

                continue;
            }

            int filters = slot.Shape[0];
            int size = slot.Length / filters;
            for (int f = 0; f < filters; f++)
            {
                var df = d.Slice(f * size, size);
                double ratio = VectorMath.Norm(w.Slice(f * size, size)) / (VectorMath.Norm(df) + 1e-10);
                VectorMath.Scale(df, ratio);
            }
        }
    }
}
