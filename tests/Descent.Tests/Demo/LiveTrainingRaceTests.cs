using System.Diagnostics;
using Descent.Demo;

namespace Descent.Tests.Demo;

public sealed class LiveTrainingRaceTests
{
    private static LiveRaceSettings Small(params string[] optimizers) => new()
    {
        Data = "moons:n=200,noise=0.2",
        Model = "mlp:2-8-2",
        Optimizers = optimizers.Length > 0 ? optimizers : ["sgd:lr=0.1", "adam:lr=0.01"],
        Epochs = 3,
        BatchSize = 32,
        Seed = 7,
    };

    private static LiveRaceEvent WithoutClock(LiveRaceEvent e) => e with { Seconds = 0, RunSeconds = 0, Message = e.Kind == LiveRaceEventKind.Done ? null : e.Message };

    [Fact]
    public void Events_SameSeed_SameEvents()
    {
        var first = LiveTrainingRace.Create(Small()).Events().Select(WithoutClock).ToList();
        var second = LiveTrainingRace.Create(Small()).Events().Select(WithoutClock).ToList();
        Assert.Equal(first, second);
    }

    [Fact]
    public void Events_OtherSeed_OtherCurves()
    {
        var first = LiveTrainingRace.Create(Small()).Events().ToList();
        var other = LiveTrainingRace.Create(Small() with { Seed = 8 }).Events().ToList();
        Assert.NotEqual(first[^2].TrainLoss, other[^2].TrainLoss);
    }

    [Fact]
    public void Events_TwoOptimizers_InitialModelsThenOneEpochOfEachInTurnThenDone()
    {
        var events = LiveTrainingRace.Create(Small()).Events().ToList();
        Assert.Equal(2 * 4 + 1, events.Count);
        var epochs = events.Take(8).ToList();
        Assert.All(epochs, e => Assert.Equal(LiveRaceEventKind.Epoch, e.Kind));
        Assert.Equal([0, 1, 0, 1, 0, 1, 0, 1], epochs.Select(e => e.Run));
        Assert.Equal([0, 0, 1, 1, 2, 2, 3, 3], epochs.Select(e => e.Epoch));
        var done = events[^1];
        Assert.Equal(LiveRaceEventKind.Done, done.Kind);
        Assert.Equal(LiveRaceEndReason.Completed, done.Reason);
    }

    [Fact]
    public void Events_EpochZero_SameInitialModelForEveryOptimizer()
    {
        var events = LiveTrainingRace.Create(Small("sgd:lr=0.1", "adam:lr=0.01", "rmsprop:lr=0.01")).Events().ToList();
        Assert.Equal(events[0].TrainLoss, events[1].TrainLoss);
        Assert.Equal(events[0].ValidationAccuracy, events[2].ValidationAccuracy);
        Assert.Equal(0, events[2].Updates);
    }

    [Fact]
    public void Events_Epoch_ReportsUpdatesLearningRateAndAccuracy()
    {
        var race = LiveTrainingRace.Create(Small());
        var events = race.Events().ToList();
        var adamEpoch3 = events.Single(e => e.Kind == LiveRaceEventKind.Epoch && e.Run == 1 && e.Epoch == 3);
        Assert.Equal(3L * race.Info.BatchesPerEpoch, adamEpoch3.Updates);
        Assert.Equal(0.01, adamEpoch3.LearningRate);
        Assert.InRange(adamEpoch3.ValidationAccuracy!.Value, 0, 1);
        Assert.NotNull(adamEpoch3.ValidationLoss);
        Assert.Equal(160, race.Info.TrainCount);
        Assert.Equal(40, race.Info.ValidationCount);
        Assert.Equal("cross-entropy", race.Info.LossName);
    }

    [Fact]
    public void Events_AdamOnMoons_LearnsTheTask()
    {
        var events = LiveTrainingRace.Create(Small("sgd:lr=0.01", "adam:lr=0.05") with { Epochs = 20, Model = "mlp:2-16-2" }).Events().ToList();
        var adam = events.Where(e => e.Kind == LiveRaceEventKind.Epoch && e.Run == 1).ToList();
        Assert.True(adam[^1].TrainLoss < 0.5 * adam[0].TrainLoss, $"loss {adam[0].TrainLoss} → {adam[^1].TrainLoss}");
        Assert.True(adam[^1].ValidationAccuracy > 0.8, $"accuracy {adam[^1].ValidationAccuracy}");
    }

    [Fact]
    public void Events_Cancelled_EndsWithStoppedBeforeTheNextUpdate()
    {
        using var cts = new CancellationTokenSource();
        var race = LiveTrainingRace.Create(Small() with { Epochs = 500 });
        var events = new List<LiveRaceEvent>();
        var clock = Stopwatch.StartNew();
        foreach (var e in race.Events(cts.Token))
        {
            events.Add(e);
            if (e.Kind == LiveRaceEventKind.Epoch && e.Epoch == 2 && e.Run == 0)
            {
                cts.Cancel();
            }
        }

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"{clock.Elapsed}");
        Assert.Equal(LiveRaceEventKind.Done, events[^1].Kind);
        Assert.Equal(LiveRaceEndReason.Stopped, events[^1].Reason);
        Assert.Equal(2 + 2 + 1 + 1, events.Count);
    }

    [Fact]
    public void Events_CancelledDuringPause_StopsWithoutWaitingItOut()
    {
        using var cts = new CancellationTokenSource();
        // Ten-second pauses: waiting out even one would fail the bound.
        var race = LiveTrainingRace.Create(Small() with { Epochs = 10, PaceMilliseconds = 10_000 }, new LiveRaceLimits { MaxPaceMilliseconds = 10_000 });
        var clock = Stopwatch.StartNew();
        cts.CancelAfter(300);
        var events = race.Events(cts.Token).ToList();
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"{clock.Elapsed}");
        Assert.Equal(LiveRaceEndReason.Stopped, events[^1].Reason);
    }

    [Fact]
    public void Events_TimeLimit_EndsWithTimeLimit()
    {
        var race = LiveTrainingRace.Create(Small() with { Epochs = 500, TimeLimitSeconds = 0.3, PaceMilliseconds = 50 });
        var clock = Stopwatch.StartNew();
        var events = race.Events().ToList();
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"{clock.Elapsed}");
        Assert.Equal(LiveRaceEndReason.TimeLimit, events[^1].Reason);
        Assert.Contains("0.3 s", events[^1].Message, StringComparison.Ordinal);
        Assert.True(events.Count < 2 * 501, $"{events.Count} events");
    }

    [Fact]
    public void Events_LbfgsUnderTimeLimit_StopsInsideItsLongStep()
    {
        // One L-BFGS step of 100000 iterations would take far longer than the budget; the closure checks the clock.
        var settings = Small("lbfgs:max_iter=100000,max_eval=100000,tolerance_grad=0,tolerance_change=0", "sgd:lr=0.1") with { Epochs = 50, TimeLimitSeconds = 0.3, Model = "mlp:2-64-64-2" };
        var clock = Stopwatch.StartNew();
        var events = LiveTrainingRace.Create(settings).Events().ToList();
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"{clock.Elapsed}");
        Assert.Equal(LiveRaceEndReason.TimeLimit, events[^1].Reason);
    }

    [Fact]
    public void Events_OneOptimizerDiverges_OthersGoOn()
    {
        var settings = new LiveRaceSettings { Data = "linear:n=200", Model = "linear", Optimizers = ["sgd:lr=1000", "sgd:lr=0.05"], Epochs = 4, BatchSize = 20 };
        var events = LiveTrainingRace.Create(settings).Events().ToList();
        var diverged = Assert.Single(events, e => e.Kind == LiveRaceEventKind.Diverged);
        Assert.Equal(0, diverged.Run);
        Assert.Contains("sgd:lr=1000", diverged.Message, StringComparison.Ordinal);
        Assert.Contains("smaller learning rate", diverged.Message, StringComparison.Ordinal);
        Assert.Equal(5, events.Count(e => e.Kind == LiveRaceEventKind.Epoch && e.Run == 1));
        Assert.Equal(LiveRaceEndReason.Completed, events[^1].Reason);
        Assert.Contains("1 diverged", events[^1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Events_EveryOptimizerDiverges_EndsWithAllDiverged()
    {
        var settings = new LiveRaceSettings { Data = "linear:n=200", Model = "linear", Optimizers = ["sgd:lr=1000", "sgd:lr=500"], Epochs = 10, BatchSize = 20 };
        var events = LiveTrainingRace.Create(settings).Events().ToList();
        Assert.Equal(2, events.Count(e => e.Kind == LiveRaceEventKind.Diverged));
        Assert.Equal(LiveRaceEndReason.AllDiverged, events[^1].Reason);
    }

    [Fact]
    public void Events_SecondEnumeration_Throws()
    {
        var race = LiveTrainingRace.Create(Small());
        _ = race.Events().ToList();
        Assert.Throws<InvalidOperationException>(() => race.Events());
    }

    [Theory]
    [InlineData("optimizers", "5", "got 5")]
    [InlineData("optimizers", "1", "got 1")]
    [InlineData("epochs", "0", "got 0")]
    [InlineData("epochs", "501", "got 501")]
    [InlineData("batch", "0", "got 0")]
    [InlineData("batch", "5000", "got 5000")]
    [InlineData("time", "121", "got 121")]
    [InlineData("time", "0", "got 0")]
    [InlineData("pace", "-1", "got -1")]
    [InlineData("data", "csv:/etc/passwd", "\"csv\" is not available")]
    [InlineData("data", "fashion-mnist", "add n=N")]
    [InlineData("data", "fashion-mnist:n=2000,dir=/etc", "dir=")]
    [InlineData("data", "moons:n=100000", "n=100000")]
    [InlineData("data", "blobs:features=1000000", "features=1000000")]
    [InlineData("data", "spirals:classes=50", "classes=50")]
    [InlineData("data", "mons", "did you mean \"moons\"")]
    [InlineData("model", "mlp:2-100000-100000-2", "more than 250000 parameters")]
    [InlineData("model", "mlp:2-8-3", "last size is 3")]
    [InlineData("optimizer", "adma:lr=0.1", "optimizer 2 (\"adma:lr=0.1\")")]
    [InlineData("optimizer", "lbfgs:history_size=100000", "history_size=100000")]
    [InlineData("optimizer", "sgd:lr=0.1", "given twice")]
    public void Create_OutOfBounds_ThrowsNamingTheValue(string what, string value, string expected)
    {
        var settings = Small();
        settings = what switch
        {
            "optimizers" => settings with { Optimizers = Enumerable.Range(1, int.Parse(value, System.Globalization.CultureInfo.InvariantCulture)).Select(i => $"sgd:lr=0.{i}").ToArray() },
            "epochs" => settings with { Epochs = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) },
            "batch" => settings with { BatchSize = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) },
            "time" => settings with { TimeLimitSeconds = double.Parse(value, System.Globalization.CultureInfo.InvariantCulture) },
            "pace" => settings with { PaceMilliseconds = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) },
            "data" => settings with { Data = value },
            "model" => settings with { Model = value },
            _ => settings with { Optimizers = ["sgd:lr=0.1", value] },
        };
        var e = Assert.ThrowsAny<ArgumentException>(() => LiveTrainingRace.Create(settings));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_TighterLimits_AreEnforced()
    {
        var e = Assert.Throws<ArgumentException>(() => LiveTrainingRace.Create(Small(), new LiveRaceLimits { MaxSamples = 100 }));
        Assert.Contains("n=200", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_DefaultSizeAboveTheLimit_ThrowsCountingTheSamples()
    {
        var e = Assert.Throws<ArgumentException>(() => LiveTrainingRace.Create(Small() with { Data = "moons" }, new LiveRaceLimits { MaxSamples = 500 }));
        Assert.Contains("has 1000 training and validation samples", e.Message, StringComparison.Ordinal);
    }
}
