using Descent.Data;
using static Descent.Tests.Data.DataTestUtil;

namespace Descent.Tests.Data;

public class StandardizerTests
{
    [Fact]
    public void PerFeature_TransformedTrainingSetHasZeroMeanUnitStd()
    {
        var d = Synthetic.Blobs(n: 500, features: 3, dtype: DType.Float64);
        var s = Standardizer.Fit(d);
        var x = s.Transform(d.Features).ToArray();
        for (int f = 0; f < 3; f++)
        {
            var col = Enumerable.Range(0, 500).Select(i => x[(3 * i) + f]).ToArray();
            double mean = col.Average();
            Assert.Equal(0, mean, 10);
            Assert.Equal(1, Math.Sqrt(col.Average(v => (v - mean) * (v - mean))), 10);
        }
    }

    [Fact]
    public void Fit_KnownValues_PopulationStd()
    {
        var d = new TensorDataset(Tensor.FromArray(new double[] { 1, 10, 3, 10 }, 2, 2), Tensor.Zeros(new Shape(2, 1), DType.Float64));
        var s = Standardizer.Fit(d);
        Assert.Equal(new[] { 2.0, 10.0 }, s.Mean);
        Assert.Equal(new[] { 1.0, 1.0 }, s.Std); // std 1 for the first, 0 → 1 for the constant column
        Assert.Equal(new double[] { -1, 0, 1, 0 }, s.Transform(d.Features).ToArray());
    }

    [Fact]
    public void Inverse_UndoesTransform()
    {
        var d = Synthetic.Moons(n: 50, dtype: DType.Float64);
        var s = Standardizer.Fit(d);
        TestUtil.AssertClose(d.Features.ToArray(), s.Inverse(s.Transform(d.Features)).ToArray(), 1e-12);
    }

    [Fact]
    public void Global_UsesOneMeanOverAllValues()
    {
        var d = new TensorDataset(Tensor.FromArray(new float[] { 0, 2, 4, 6 }, 2, 2), [0, 1]);
        var s = Standardizer.Fit(d, StandardizeMode.Global);
        Assert.Equal(new[] { 3.0 }, s.Mean);
        Assert.Equal(Math.Sqrt(5), s.Std[0], 12);
    }

    [Fact]
    public void PerChannel_GroupsByFirstSampleDimension()
    {
        // Samples [2 channels, 2 values]: channel 0 holds 1s and 3s, channel 1 holds 10s.
        var x = Tensor.FromArray(new float[] { 1, 1, 10, 10, 3, 3, 10, 10 }, 2, 2, 2);
        var s = Standardizer.Fit(new TensorDataset(x, [0, 1]), StandardizeMode.PerChannel);
        Assert.Equal(new[] { 2.0, 10.0 }, s.Mean);
        Assert.Equal(new[] { 1.0, 1.0 }, s.Std);
    }

    [Fact]
    public void Apply_LazyView_EqualsEagerTransform()
    {
        var d = Synthetic.Blobs(n: 40);
        var s = Standardizer.Fit(d);
        var lazy = s.Apply(d).GetBatch([3, 4, 5]).X.ToArray();
        Assert.Equal(s.Transform(d.GetBatch([3, 4, 5]).X).ToArray(), lazy);
        Assert.NotEqual(d.GetBatch([3, 4, 5]).X.ToArray(), lazy); // the source view was not modified
    }

    [Fact]
    public void FromStatistics_FashionMnistDefaults_MatchesTorchvisionNormalize()
    {
        var s = Standardizer.FromStatistics(new Shape(1, 2, 2), StandardizeMode.Global, [MnistDatasets.FashionMnistMean], [MnistDatasets.FashionMnistStd]);
        var x = Tensor.FromArray(new float[] { 0, 0.286f, 1, 0.5f }, 1, 1, 2, 2);
        var expected = new[] { 0f, 0.286f, 1f, 0.5f }.Select(v => (v - 0.2860f) / 0.3530f).ToArray();
        Assert.Equal(expected, s.Transform(x).ToFloatArray());
    }

    [Fact]
    public void FromStatistics_WrongCount_Throws() =>
        Assert.Throws<ArgumentException>(() => Standardizer.FromStatistics(new Shape(3), StandardizeMode.PerFeature, [0.0], [1.0]));

    [Fact]
    public void Transform_WrongShape_Throws()
    {
        var s = Standardizer.Fit(Indexed(5));
        Assert.Throws<ArgumentException>(() => s.Transform(Tensor.Zeros(5, 3)));
    }
}
