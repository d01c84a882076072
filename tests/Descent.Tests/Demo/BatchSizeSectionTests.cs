using Descent.Data;
using Descent.Demo;
using Descent.Plotting;

namespace Descent.Tests.Demo;

/// <summary>Section 9 trains about ten small models, so it is computed once for these tests.</summary>
public sealed class BatchSizeSectionFixture
{
    public BatchSizeSection Section { get; } = BatchSizeSection.Compute();
}

public sealed class BatchSizeSectionTests(BatchSizeSectionFixture fixture) : IClassFixture<BatchSizeSectionFixture>
{
    [Fact]
    public void LargeBatch_IsTenPercentOfTheTrainingSet()
    {
        int train = Datasets.Load(BatchSizeSection.BatchData).Train.Count;
        Assert.Equal(train / 10, fixture.Section.LargeBatch);
    }

    [Fact]
    public void Runs_OnePerSeed_WithTheSameEpochsAndProportionalUpdates()
    {
        var s = fixture.Section;
        Assert.Equal(BatchSizeSection.Seeds.Count, s.SmallRuns.Count);
        Assert.Equal(BatchSizeSection.Seeds.Count, s.LargeRuns.Count);
        Assert.All(s.SmallRuns.Concat(s.LargeRuns), r => Assert.Equal(BatchSizeSection.BatchEpochs, r.Final.Epoch));
        Assert.True(s.SmallRuns[0].Final.Updates > 10 * s.LargeRuns[0].Final.Updates);
    }

    [Fact]
    public void SoftmaxClassifier_LearnsTheClusters()
    {
        var h = fixture.Section.Softmax;
        Assert.InRange(h.Epochs[0].ValidationAccuracy!.Value, 0, 0.6);
        Assert.True(h.Final.ValidationAccuracy > 0.85, $"validation accuracy {h.Final.ValidationAccuracy}");
        Assert.True(h.Final.TrainLoss < h.Epochs[0].TrainLoss / 2);
    }

    [Fact]
    public void Mlp_BothBatchSizes_FitTheNoisyMoons()
    {
        Assert.All(fixture.Section.SmallRuns.Concat(fixture.Section.LargeRuns), r => Assert.True(r.Final.ValidationAccuracy > 0.8));
    }

    [Fact]
    public void FashionMnist_NotAskedFor_IsNotRunAndSaysHowToAddIt()
    {
        Assert.Null(fixture.Section.Fashion);
        Assert.Contains("--fashion-mnist", fixture.Section.FashionNote, StringComparison.Ordinal);
    }

    [Fact]
    public void FashionMnist_NotInstalled_IsSkippedWithTheReason()
    {
        var missing = Path.Combine(Path.GetTempPath(), "descent-no-such-data-" + Guid.NewGuid().ToString("N"));
        var (result, note) = BatchSizeSection.TryFashionMnist($"fashion-mnist:dir={missing},n=100,flatten=true");
        Assert.Null(result);
        Assert.StartsWith("skipped: the data set is not installed.", note, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_QuotesKeskarsTableAndLabelsOurRow()
    {
        var report = new HtmlReport("t");
        fixture.Section.Render(report.AddSection(fixture.Section.Heading));
        var html = report.ToHtml();
        Assert.Contains("99.66% ± 0.05%", html, StringComparison.Ordinal);
        Assert.Contains("57.81% ± 0.17%", html, StringComparison.Ordinal);
        Assert.Contains("ours: mlp:2-64-64-2", html, StringComparison.Ordinal);
        Assert.Contains("not as a replication", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Stats_MeanAndSampleStandardDeviation()
    {
        var (mean, std) = BatchSizeSection.Stats([1.0, 2.0, 3.0]);
        Assert.Equal(2, mean, 15);
        Assert.Equal(1, std, 15);
    }
}
