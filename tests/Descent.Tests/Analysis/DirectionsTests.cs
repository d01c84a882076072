using Descent.Analysis;
using Descent.NN;

namespace Descent.Tests.Analysis;

public class DirectionsTests
{
    private static Sequential Model() => new(new Linear(5, 4, new Rng(1)), new ReLU(), new Linear(4, 3, new Rng(2)));

    [Fact]
    public void FilterNormalized_EveryFilterHasItsWeightsNorm()
    {
        var layout = ParameterLayout.Of(Model());
        var weights = layout.Read();
        var d = Directions.FilterNormalized(layout, new Rng(3));
        foreach (var slot in layout.Slots.Where(s => s.Shape.Rank == 2))
        {
            int rows = slot.Shape[0], cols = slot.Shape[1];
            for (int r = 0; r < rows; r++)
            {
                double dn = Norm(d.AsSpan(slot.Offset + (r * cols), cols));
                double wn = Norm(weights.AsSpan(slot.Offset + (r * cols), cols));
                Assert.Equal(wn, dn, 1e-9 * wn);
            }
        }
    }

    [Fact]
    public void FilterNormalized_Ignore_ZeroesBiases()
    {
        var layout = ParameterLayout.Of(Model());
        var d = Directions.FilterNormalized(layout, new Rng(3));
        foreach (var slot in layout.Slots.Where(s => s.Shape.Rank == 1))
        {
            Assert.All(d.AsSpan(slot.Offset, slot.Length).ToArray(), v => Assert.Equal(0, v));
        }
    }

    [Fact]
    public void FilterNormalized_CopyWeights_UsesTheBiasesThemselves()
    {
        var layout = ParameterLayout.Of(Model());
        var weights = layout.Read();
        var d = Directions.FilterNormalized(layout, new Rng(3), OneDimensionalParameters.CopyWeights);
        var bias = layout.Slots[1];
        Assert.Equal(weights.AsSpan(bias.Offset, bias.Length).ToArray(), d.AsSpan(bias.Offset, bias.Length).ToArray());
    }

    [Fact]
    public void FilterNormalize_ConvolutionFilters_UseTheWholeKernel()
    {
        var conv = new Conv2d(2, 3, 3, new Rng(4));
        var layout = ParameterLayout.Of(conv);
        var w = layout.Read();
        var d = Directions.Gaussian(layout.Count, new Rng(5));
        Directions.FilterNormalize(layout, d, w);
        int size = 2 * 3 * 3;
        for (int f = 0; f < 3; f++)
        {
            Assert.Equal(Norm(w.AsSpan(f * size, size)), Norm(d.AsSpan(f * size, size)), 1e-9);
        }
    }

    [Fact]
    public void FilterNormalized_SameSeed_SameDirection() =>
        Assert.Equal(
            Directions.FilterNormalized(ParameterLayout.Of(Model()), new Rng(9)),
            Directions.FilterNormalized(ParameterLayout.Of(Model()), new Rng(9)));

    private static double Norm(ReadOnlySpan<double> v)
    {
        double s = 0;
        foreach (var x in v)
        {
            s += x * x;
        }

        return Math.Sqrt(s);
    }
}
