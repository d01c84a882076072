using Descent.Data;

namespace Descent.Tests.Data;

public class SyntheticTests
{
    [Fact]
    public void Linear_NoNoise_IsExactlyWxPlusB()
    {
        var d = Synthetic.Linear(n: 50, weights: [2.0, -3.4], bias: 4.2, noise: 0, dtype: DType.Float64);
        var x = d.Features.ToArray();
        var y = d.Targets.ToArray();
        Assert.Equal(new[] { 50, 2 }, d.Features.Shape.ToArray());
        Assert.Equal(new[] { 50, 1 }, d.Targets.Shape.ToArray());
        for (int i = 0; i < 50; i++)
        {
            Assert.Equal((2.0 * x[2 * i]) + (-3.4 * x[(2 * i) + 1]) + 4.2, y[i], 12);
        }
    }

    [Fact]
    public void Linear_WithNoise_LeastSquaresRecoversParameters()
    {
        var d = Synthetic.Linear(n: 3200, weights: [2.0], bias: -1, noise: 0.1, dtype: DType.Float64);
        var x = d.Features.ToArray();
        var y = d.Targets.ToArray();
        double mx = x.Average(), my = y.Average();
        double w = x.Zip(y, (a, b) => (a - mx) * (b - my)).Sum() / x.Sum(a => (a - mx) * (a - mx));
        double b = my - (w * mx);
        var residualStd = Math.Sqrt(x.Zip(y, (a, c) => Math.Pow(c - ((w * a) + b), 2)).Average());
        Assert.InRange(w, 1.99, 2.01);
        Assert.InRange(b, -1.01, -0.99);
        Assert.InRange(residualStd, 0.095, 0.105);
    }

    [Fact]
    public void Linear_SingleWeight_AppliesToAllFeatures()
    {
        var d = Synthetic.Linear(n: 5, weights: [1.0], bias: 0, noise: 0, features: 3, dtype: DType.Float64);
        var x = d.Features.ToArray();
        Assert.Equal(x[0] + x[1] + x[2], d.Targets.ToArray()[0], 12);
    }

    [Fact]
    public void Linear_WeightCountMismatch_Throws() =>
        Assert.Throws<ArgumentException>(() => Synthetic.Linear(weights: [1, 2], features: 3));

    [Fact]
    public void Moons_NoNoise_LiesOnTheTwoArcs()
    {
        var d = Synthetic.Moons(n: 101, noise: 0, dtype: DType.Float64);
        var x = d.Features.ToArray();
        var labels = d.Labels.ToArray();
        Assert.Equal(new[] { 50, 51 }, d.ClassCounts());
        for (int i = 0; i < 101; i++)
        {
            double px = x[2 * i], py = x[(2 * i) + 1];
            double r = labels[i] == 0 ? Math.Sqrt((px * px) + (py * py)) : Math.Sqrt(Math.Pow(px - 1, 2) + Math.Pow(py - 0.5, 2));
            Assert.Equal(1.0, r, 12);
            Assert.True(labels[i] == 0 ? py >= -1e-12 : py <= 0.5 + 1e-12);
        }
    }

    [Fact]
    public void Moons_WithNoise_SpreadsAroundArcs()
    {
        var d = Synthetic.Moons(n: 2000, noise: 0.2, dtype: DType.Float64);
        var x = d.Features.ToArray();
        var labels = d.Labels.ToArray();
        double sq = 0;
        int count = 0;
        for (int i = 0; i < 2000; i++)
        {
            if (labels[i] == 0)
            {
                double r = Math.Sqrt((x[2 * i] * x[2 * i]) + (x[(2 * i) + 1] * x[(2 * i) + 1]));
                sq += (r - 1) * (r - 1);
                count++;
            }
        }

        Assert.InRange(Math.Sqrt(sq / count), 0.15, 0.25);
    }

    [Fact]
    public void Circles_NoNoise_HasTwoRadii()
    {
        var d = Synthetic.Circles(n: 40, noise: 0, factor: 0.3, dtype: DType.Float64);
        var x = d.Features.ToArray();
        var labels = d.Labels.ToArray();
        for (int i = 0; i < 40; i++)
        {
            Assert.Equal(labels[i] == 0 ? 1.0 : 0.3, Math.Sqrt((x[2 * i] * x[2 * i]) + (x[(2 * i) + 1] * x[(2 * i) + 1])), 12);
        }
    }

    [Fact]
    public void Spirals_HasBalancedClassesAndRadiusInUnitDisk()
    {
        var d = Synthetic.Spirals(n: 301, classes: 3);
        Assert.Equal(new[] { 101, 100, 100 }, d.ClassCounts());
        Assert.Equal(new[] { 301, 2 }, d.Features.Shape.ToArray());
        var x = d.Features.ToArray();
        for (int i = 0; i < 301; i++)
        {
            Assert.True((x[2 * i] * x[2 * i]) + (x[(2 * i) + 1] * x[(2 * i) + 1]) <= 1 + 1e-6);
        }
    }

    [Fact]
    public void Blobs_ClassesClusterAroundTheirCentres()
    {
        var d = Synthetic.Blobs(n: 1000, centers: 4, features: 3, std: 0.5, dtype: DType.Float64);
        Assert.Equal(new[] { 250, 250, 250, 250 }, d.ClassCounts());
        Assert.Equal(new[] { 1000, 3 }, d.Features.Shape.ToArray());
        var x = d.Features.ToArray();
        var labels = d.Labels.ToArray();
        for (int c = 0; c < 4; c++)
        {
            var members = Enumerable.Range(0, 1000).Where(i => labels[i] == c).ToArray();
            double mean0 = members.Average(i => x[3 * i]);
            double std0 = Math.Sqrt(members.Average(i => Math.Pow(x[3 * i] - mean0, 2)));
            Assert.InRange(std0, 0.4, 0.6);
            Assert.InRange(mean0, -10.5, 10.5);
        }
    }

    [Fact]
    public void Xor_LabelIsSignDisagreement()
    {
        var d = Synthetic.Xor(n: 400, noise: 0, dtype: DType.Float64);
        var x = d.Features.ToArray();
        var labels = d.Labels.ToArray();
        Assert.Equal(new[] { 200, 200 }, d.ClassCounts());
        for (int i = 0; i < 400; i++)
        {
            Assert.Equal(x[2 * i] * x[(2 * i) + 1] < 0 ? 1 : 0, labels[i]);
        }
    }

    public static TheoryData<string> Generators => new() { "linear", "moons", "circles", "spirals", "blobs", "xor" };

    [Theory]
    [MemberData(nameof(Generators))]
    public void Generator_SameSeed_SameData_OtherSeed_OtherData(string name)
    {
        Assert.Equal(Make(name, 3).Features.ToArray(), Make(name, 3).Features.ToArray());
        Assert.Equal(Make(name, 3).Targets.ToArray(), Make(name, 3).Targets.ToArray());
        Assert.NotEqual(Make(name, 3).Features.ToArray(), Make(name, 4).Features.ToArray());
    }

    [Fact]
    public void Generators_AreShuffled()
    {
        var labels = Synthetic.Moons(n: 100).Labels.ToArray();
        Assert.NotEqual(labels.Order(), labels);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    public void Moons_InvalidNoise_Throws(double noise) => Assert.Throws<ArgumentException>(() => Synthetic.Moons(noise: noise));

    [Fact]
    public void Spirals_OneClass_Throws() => Assert.Throws<ArgumentException>(() => Synthetic.Spirals(classes: 1));

    private static TensorDataset Make(string name, ulong seed) => name switch
    {
        "linear" => Synthetic.Linear(n: 30, seed: seed),
        "moons" => Synthetic.Moons(n: 30, seed: seed),
        "circles" => Synthetic.Circles(n: 30, seed: seed),
        "spirals" => Synthetic.Spirals(n: 30, seed: seed),
        "blobs" => Synthetic.Blobs(n: 30, seed: seed),
        _ => Synthetic.Xor(n: 30, noise: 0.1, seed: seed),
    };
}
