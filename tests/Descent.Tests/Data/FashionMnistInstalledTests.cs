using System.Diagnostics;
using Descent.Data;
using Xunit.Abstractions;

namespace Descent.Tests.Data;

public class FashionMnistInstalledTests(ITestOutputHelper output)
{
    [FashionMnistFact]
    public void LoadFashionMnist_Installed_HasTheDocumentedSplitsAndStatistics()
    {
        var sw = Stopwatch.StartNew();
        var set = MnistDatasets.LoadFashionMnist();
        output.WriteLine($"loaded from {set.Directory} in {sw.ElapsedMilliseconds} ms");
        Assert.Equal(60000, set.Train.Count);
        Assert.Equal(10000, set.Test.Count);
        Assert.Equal(new Shape(1, 28, 28), set.Train.SampleShape);
        Assert.All(set.Train.ClassCounts(), c => Assert.Equal(6000, c));
        Assert.All(set.Test.ClassCounts(), c => Assert.Equal(1000, c));
        var pixels = set.Train.Features.ToFloatArray();
        Assert.Equal(0f, pixels.Min());
        Assert.Equal(1f, pixels.Max());

        var s = Standardizer.Fit(set.Train, StandardizeMode.Global);
        output.WriteLine($"global mean {s.Mean[0]:R}, std {s.Std[0]:R}");
        Assert.Equal(MnistDatasets.FashionMnistMean, s.Mean[0], 3);
        Assert.Equal(MnistDatasets.FashionMnistStd, s.Std[0], 3);
    }
}
