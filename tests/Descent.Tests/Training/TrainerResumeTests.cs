using Descent.Data;
using Descent.Training;
using static Descent.Tests.Training.TrainingTestUtil;

namespace Descent.Tests.Training;

public sealed class TrainerResumeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("descent-train-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Resume_AfterOneEpoch_EqualsTwoEpochsBitForBit(bool schedulePerStep)
    {
        var data = Moons(200);
        var validation = Moons(60, seed: 7);
        var (straight, straightLoader) = AdamRun(data, seed: 11, dropout: true, new TrainerOptions { Epochs = 2 }, schedulePerStep: schedulePerStep);
        var expected = straight.Fit(straightLoader, validation);

        var (first, firstLoader) = AdamRun(data, seed: 11, dropout: true, new TrainerOptions { Epochs = 1, CheckpointDirectory = _dir }, schedulePerStep: schedulePerStep);
        first.Fit(firstLoader, validation);

        // A new process: fresh objects, built the same way, then the checkpoint.
        var (second, secondLoader) = AdamRun(data, seed: 11, dropout: true, new TrainerOptions { Epochs = 2, CheckpointDirectory = _dir }, schedulePerStep: schedulePerStep);
        var progress = second.Resume(_dir);
        Assert.Equal(1, progress.Epoch);
        var resumed = second.Fit(secondLoader, validation);

        AssertBitwiseEqual(Weights(straight.Model), Weights(second.Model));
        AssertSameOptimizerState(straight.Optimizer.StateDict(), second.Optimizer.StateDict());
        Assert.Equal(WithoutTimes(expected.History), WithoutTimes(resumed.History));
        Assert.Equal(expected.Steps, resumed.Steps);
    }

    [Theory]
    [InlineData(17)] // in the middle of epoch 2
    [InlineData(13)] // the last step of epoch 1 (200 samples in batches of 16: 13 per epoch)
    public void Resume_AfterCancellation_EqualsUninterruptedRun(int cancelAt)
    {
        var data = Moons(200);
        var (straight, straightLoader) = AdamRun(data, seed: 5, dropout: true, new TrainerOptions { Epochs = 2 });
        var expected = straight.Fit(straightLoader);

        using var cts = new CancellationTokenSource();
        var (first, firstLoader) = AdamRun(data, seed: 5, dropout: true, new TrainerOptions { Epochs = 2, CheckpointDirectory = _dir });
        first.Callbacks.Add(new DelegateCallback { StepEnd = (_, s) => { if (s.Step == cancelAt) { cts.Cancel(); } } });
        var cancelled = first.Fit(firstLoader, cancellationToken: cts.Token);
        Assert.Equal(StopReason.Cancelled, cancelled.Reason);
        Assert.Equal(cancelAt, cancelled.Steps);
        Assert.Equal(cancelAt / 13, cancelled.Epochs);
        Assert.EndsWith($"step-{cancelAt:D9}", cancelled.LastCheckpoint, StringComparison.Ordinal);

        var (second, secondLoader) = AdamRun(data, seed: 5, dropout: true, new TrainerOptions { Epochs = 2 });
        second.Resume(_dir);
        var resumed = second.Fit(secondLoader);

        AssertBitwiseEqual(Weights(straight.Model), Weights(second.Model));
        Assert.Equal(WithoutTimes(expected.History), WithoutTimes(resumed.History));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Resume_WithEarlyStoppingState_ContinuesCountersAndBestWeights(bool restoreBest)
    {
        // Validation gets worse after epoch 1, so the best weights (epoch 1) come back from the file at the end of the resumed run.
        var (data, validation) = FlippedLabels();
        var options = new TrainerOptions { Epochs = 4, EarlyStopping = new EarlyStopping { Patience = 10, RestoreBestWeights = restoreBest } };
        var (straight, straightLoader) = AdamRun(data, seed: 2, dropout: false, options);
        var expected = straight.Fit(straightLoader, validation);

        var (first, firstLoader) = AdamRun(data, seed: 2, dropout: false, options with { Epochs = 2, CheckpointDirectory = _dir });
        first.Fit(firstLoader, validation);
        var (second, secondLoader) = AdamRun(data, seed: 2, dropout: false, options with { CheckpointDirectory = _dir });
        second.Resume(_dir);
        var resumed = second.Fit(secondLoader, validation);

        Assert.Equal(1, expected.BestEpoch);
        Assert.Equal(restoreBest, expected.RestoredBestWeights);
        Assert.Equal(expected.BestEpoch, resumed.BestEpoch);
        Assert.Equal(expected.RestoredBestWeights, resumed.RestoredBestWeights);
        Assert.Equal(expected.BestValidationLoss, resumed.BestValidationLoss);
        AssertBitwiseEqual(Weights(straight.Model), Weights(second.Model));
    }

    [Fact]
    public void Resume_DifferentBatchSize_IsRefusedWithTheReason()
    {
        var data = Moons(100);
        var (first, firstLoader) = AdamRun(data, seed: 1, dropout: false, new TrainerOptions { Epochs = 1, CheckpointDirectory = _dir });
        first.Fit(firstLoader);

        var (second, _) = AdamRun(data, seed: 1, dropout: false, new TrainerOptions { Epochs = 2 });
        second.Resume(_dir);
        var e = Assert.Throws<ArgumentException>(() => second.Fit(new DataLoader(data, 25, seed: 1)));
        Assert.Contains("batch size 16, but this loader uses batch size 25", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resume_CheckpointOfAnotherModel_ChangesNothing()
    {
        var data = Moons(100);
        var (first, firstLoader) = AdamRun(data, seed: 1, dropout: true, new TrainerOptions { Epochs = 1, CheckpointDirectory = _dir });
        first.Fit(firstLoader);

        var (other, _) = AdamRun(data, seed: 9, dropout: false, new TrainerOptions { Epochs = 2 });
        var before = Weights(other.Model);
        Assert.Throws<ArgumentException>(() => other.Resume(_dir));
        AssertBitwiseEqual(before, Weights(other.Model));
        Assert.Equal(0, other.GlobalStep);
    }
}
