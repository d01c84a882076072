using System.Globalization;
using System.Xml.Linq;
using Descent.Data;
using Descent.Demo;
using Descent.NN;
using Descent.Optim;

namespace Descent.Tests.Demo;

public sealed class TrainingRaceTests
{
    private static TrainingRaceResult Moons(params string[] specs) =>
        TrainingRace.Run(Datasets.Load("moons:n=200,seed=1"), "mlp:2-8-2", specs, epochs: 3, batchSize: 16, seed: 5);

    [Fact]
    public void Run_EveryOptimizer_StartsFromTheSameWeights()
    {
        var race = Moons("sgd:lr=0.1", "adam:lr=0.01", "rmsprop:lr=0.01");
        var first = race.Entries.Select(e => e.History.Epochs[0]).ToList();
        Assert.All(first, r => Assert.Equal(first[0].TrainLoss, r.TrainLoss));
        Assert.All(first, r => Assert.Equal(first[0].ValidationLoss, r.ValidationLoss));
        Assert.NotEqual(race.Entries[0].History.Final.TrainLoss, race.Entries[1].History.Final.TrainLoss);
    }

    [Fact]
    public void Run_NoValidationSplit_HoldsOutTwentyPercent()
    {
        var race = Moons("sgd:lr=0.1");
        Assert.True(race.ValidationSplitHere);
        Assert.Equal(160, race.TrainCount);
        Assert.Equal(40, race.ValidationCount);
        Assert.Equal(3 * 10, race.Entries[0].History.Final.Updates);
    }

    [Fact]
    public void Run_OwnValidationSplit_IsUsed()
    {
        var race = TrainingRace.Run(Datasets.Load("blobs:n=100,val=0.3"), "softmax", ["sgd:lr=0.1"], 1, 10);
        Assert.False(race.ValidationSplitHere);
        Assert.Equal(30, race.ValidationCount);
    }

    [Fact]
    public void Run_InvalidSpec_ThrowsBeforeTraining()
    {
        var e = Assert.Throws<ArgumentException>(() => Moons("sgd:lr=0.1", "adam:lr=0.01,betta1=0.9"));
        Assert.Contains("betta1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_Regression_HasNoAccuracy()
    {
        var race = TrainingRace.Run(Datasets.Load("linear:n=100"), "linear", ["gd:lr=0.1"], 2, 20);
        Assert.False(race.Classification);
        Assert.Null(TrainingRace.AccuracyFigure(race));
        Assert.Null(race.Entries[0].History.Final.ValidationAccuracy);
        Assert.DoesNotContain("validation accuracy", TrainingRace.Table(race).Header);
    }

    [Fact]
    public void LossFigure_HasTrainAndDashedValidationSeriesPerOptimizerAndALegend()
    {
        var race = Moons("sgd:lr=0.1", "adam:lr=0.01");
        var chart = TrainingRace.LossFigure(race);
        Assert.Equal(4, chart.Series.Count);
        Assert.Equal(2, chart.Series.Count(s => s.Dashed && !s.ShowInLegend));
        var svg = XDocument.Parse(chart.ToSvg());
        Assert.NotEmpty(FunctionRaceTests.Groups(svg, "legend"));
        Assert.NotEmpty(FunctionRaceTests.Groups(svg, "axis x"));
    }

    [Fact]
    public void Report_UnderGermanCulture_IsIdenticalToInvariant()
    {
        var race = Moons("sgd:lr=0.1", "adam:lr=0.01");
        string invariant = FunctionRaceTests.WithCulture(CultureInfo.InvariantCulture, () => TrainingRace.Report(race).ToHtml());
        string german = FunctionRaceTests.WithCulture(new CultureInfo("de-DE"), () => TrainingRace.Report(race).ToHtml());
        Assert.Equal(invariant, german);
    }
}

public sealed class TrainingLoopTests
{
    [Fact]
    public void Run_FullBatch_MakesOneUpdatePerEpochAndLowersTheLoss()
    {
        var data = Synthetic.Linear(64, [2], -1, 0.1, seed: 1, dtype: DType.Float64);
        var model = new Linear(1, 1, new Rng(0), dtype: DType.Float64);
        var h = TrainingLoop.Run(model, OptimizerRegistry.Create("gd:lr=0.1", model.Parameters()), data, null, new TrainingOptions { Epochs = 4, BatchSize = 1000 });
        Assert.Equal([0L, 1, 2, 3, 4], h.Epochs.Select(r => r.Updates));
        Assert.True(h.Epochs.Zip(h.Epochs.Skip(1)).All(p => p.Second.TrainLoss < p.First.TrainLoss));
        Assert.Equal(4, h.BatchLosses.Count);
    }

    [Fact]
    public void Run_AfterUpdate_IsCalledWithTheUpdateCount()
    {
        var data = Synthetic.Linear(10, seed: 1);
        var model = new Linear(1, 1, new Rng(0));
        var seen = new List<long>();
        TrainingLoop.Run(model, OptimizerRegistry.Create("gd:lr=0.1", model.Parameters()), data, null, new TrainingOptions { Epochs = 2, BatchSize = 4, AfterUpdate = seen.Add });
        Assert.Equal([1L, 2, 3, 4, 5, 6], seen);
    }

    [Fact]
    public void Run_ClosureOptimizer_Trains()
    {
        var data = Synthetic.Linear(50, seed: 2, dtype: DType.Float64);
        var model = new Linear(1, 1, new Rng(0), dtype: DType.Float64);
        var h = TrainingLoop.Run(model, OptimizerRegistry.Create("lbfgs:lr=1", model.Parameters()), data, null, new TrainingOptions { Epochs = 2, BatchSize = 50 });
        Assert.True(h.Final.TrainLoss < 0.02, $"loss {h.Final.TrainLoss}");
    }

    [Fact]
    public void Run_Diverging_StopsAndSaysWhy()
    {
        var data = Synthetic.Linear(32, seed: 3, dtype: DType.Float64);
        var model = new Linear(1, 1, new Rng(0), dtype: DType.Float64);
        var h = TrainingLoop.Run(model, OptimizerRegistry.Create("gd:lr=5", model.Parameters()), data, null, new TrainingOptions { Epochs = 500, BatchSize = 32 });
        Assert.NotNull(h.Diverged);
        Assert.Contains("smaller learning rate", h.Diverged, StringComparison.Ordinal);
        Assert.True(h.Epochs.Count < 501);
    }

    [Fact]
    public void Evaluate_Classification_ReturnsLossAndAccuracy()
    {
        var data = Synthetic.Blobs(60, centers: 3, seed: 1);
        var model = ModelSpec.Build("softmax", data.SampleShape, 3, new Rng(0));
        var (loss, accuracy) = TrainingLoop.Evaluate(model, data);
        Assert.True(loss > 0);
        Assert.InRange(accuracy!.Value, 0, 1);
    }

    [Fact]
    public void Run_NegativeEpochs_Throws()
    {
        var data = Synthetic.Linear(10);
        var model = new Linear(1, 1, new Rng(0));
        Assert.Throws<ArgumentException>(() => TrainingLoop.Run(model, OptimizerRegistry.Create("gd", model.Parameters()), data, null, new TrainingOptions { Epochs = -1 }));
    }
}
