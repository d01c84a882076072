using Descent.Data;
using static Descent.Tests.Data.DataTestUtil;

namespace Descent.Tests.Data;

public class DatasetSplitTests
{
    [Fact]
    public void TrainValidation_PartsAreDisjointAndCoverAll()
    {
        var (train, val) = DatasetSplit.Indices(Indexed(100), 0.2, seed: 1);
        Assert.Equal(80, train.Length);
        Assert.Equal(20, val.Length);
        Assert.Equal(Enumerable.Range(0, 100), train.Concat(val).Order());
        Assert.Equal(val.Order(), val);
    }

    [Fact]
    public void TrainValidation_IsDeterministicPerSeed()
    {
        Assert.Equal(DatasetSplit.Indices(Indexed(100), 0.3, seed: 5).Validation, DatasetSplit.Indices(Indexed(100), 0.3, seed: 5).Validation);
        Assert.NotEqual(DatasetSplit.Indices(Indexed(100), 0.3, seed: 5).Validation, DatasetSplit.Indices(Indexed(100), 0.3, seed: 6).Validation);
    }

    [Fact]
    public void TrainValidation_Stratified_KeepsClassProportionsExactly()
    {
        // Classes of 60, 30 and 10 samples: 20% validation is 12, 6 and 2.
        var labels = Enumerable.Range(0, 100).Select(i => i < 60 ? 0 : i < 90 ? 1 : 2).ToArray();
        var data = new TensorDataset(Tensor.Zeros(100, 1), labels);
        var split = DatasetSplit.TrainValidation(data, 0.2, seed: 3, stratify: true);
        Assert.Equal(new[] { 12, 6, 2 }, split.Validation.ClassCounts());
        Assert.Equal(new[] { 48, 24, 8 }, split.Train.ClassCounts());
    }

    [Fact]
    public void TrainValidation_StratifiedUnevenShares_TotalIsRoundedFraction()
    {
        var data = IndexedClasses(101, 7);
        var split = DatasetSplit.TrainValidation(data, 0.25, seed: 3, stratify: true);
        Assert.Equal(25, split.Validation.Count);
        var counts = split.Validation.ClassCounts();
        var totals = data.ClassCounts();
        for (int c = 0; c < 7; c++)
        {
            Assert.InRange(counts[c], (int)Math.Floor(totals[c] * 0.25), (int)Math.Ceiling(totals[c] * 0.25));
        }
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(0.001)]
    public void TrainValidation_EmptyPart_Throws(double fraction) =>
        Assert.Throws<ArgumentException>(() => DatasetSplit.TrainValidation(Indexed(10), fraction));

    [Fact]
    public void TrainValidation_StratifyRegression_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => DatasetSplit.TrainValidation(Indexed(10), 0.5, stratify: true));
        Assert.Contains("regression", e.Message, StringComparison.Ordinal);
    }
}
