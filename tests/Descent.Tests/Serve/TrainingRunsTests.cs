using Descent.Cli.Serve;
using Descent.Demo;

namespace Descent.Tests.Serve;

public sealed class TrainingRunsTests
{
    private static LiveTrainingRace Race() => LiveTrainingRace.Create(new LiveRaceSettings
    {
        Data = "moons:n=100",
        Model = "softmax",
        Optimizers = ["sgd:lr=0.1", "adam:lr=0.01"],
        Epochs = 1,
    });

    [Fact]
    public void Add_BeyondMaxActive_ThrowsTooManyRuns()
    {
        using var runs = new TrainingRuns(maxActive: 2);
        runs.Add(Race());
        runs.Add(Race());
        var e = Assert.Throws<TooManyRunsException>(() => runs.Add(Race()));
        Assert.Contains("2 training runs are going already", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_RunsNeverStreamedPastTheClaimTimeout_AreDroppedToMakeRoom()
    {
        using var runs = new TrainingRuns(maxActive: 1, claimTimeout: TimeSpan.FromMilliseconds(50));
        var stale = runs.Add(Race());
        await Task.Delay(120);
        var fresh = runs.Add(Race());
        Assert.Null(runs.Find(stale.Id));
        Assert.Same(fresh, runs.Find(fresh.Id));
        Assert.False(stale.TryClaim());
    }

    [Fact]
    public async Task Add_StreamedRunPastTheClaimTimeout_IsKept()
    {
        using var runs = new TrainingRuns(maxActive: 1, claimTimeout: TimeSpan.FromMilliseconds(50));
        var streamed = runs.Add(Race());
        Assert.True(streamed.TryClaim());
        await Task.Delay(120);
        Assert.Throws<TooManyRunsException>(() => runs.Add(Race()));
        Assert.Same(streamed, runs.Find(streamed.Id));
    }

    [Fact]
    public void TryClaim_Twice_SecondFails()
    {
        using var runs = new TrainingRuns();
        var run = runs.Add(Race());
        Assert.True(run.TryClaim());
        Assert.False(run.TryClaim());
        Assert.False(run.TryDrop());
    }

    [Fact]
    public void Stop_ClaimedRun_CancelsItsToken()
    {
        using var runs = new TrainingRuns();
        var run = runs.Add(Race());
        Assert.True(run.TryClaim());
        run.Stop();
        Assert.True(run.StopToken.IsCancellationRequested);
    }

    [Fact]
    public void Dispose_RefusesNewRunsAndDropsWaitingOnes()
    {
        var runs = new TrainingRuns();
        var waiting = runs.Add(Race());
        runs.Dispose();
        Assert.Equal(0, runs.Count);
        Assert.False(waiting.TryClaim());
        Assert.Throws<ObjectDisposedException>(() => runs.Add(Race()));
    }

    [Fact]
    public void Constructor_NoRunsAllowed_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TrainingRuns(maxActive: 0));
    }
}
