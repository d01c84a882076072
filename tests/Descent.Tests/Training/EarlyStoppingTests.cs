using Descent.Data;
using Descent.Optim;
using Descent.Training;
using static Descent.Tests.Training.TrainingTestUtil;

namespace Descent.Tests.Training;

public sealed class EarlyStoppingTests
{
    [Fact]
    public void ValidationGetsWorse_StopsAfterPatienceAndRestoresTheBestWeights()
    {
        var (train, validation) = FlippedLabels();
        var model = Mlp(4);
        var trainer = new Trainer(model, OptimizerRegistry.Create("adam:lr=0.05", model.Parameters()), new TrainerOptions
        {
            Epochs = 30,
            EarlyStopping = new EarlyStopping { Patience = 2 },
        });
        var snapshots = new Dictionary<int, float[][]>();
        trainer.Callbacks.Add(new DelegateCallback { EpochEnd = (t, e) => snapshots[e.Epoch] = Weights(t.Model) });

        var result = trainer.Fit(new DataLoader(train, 32, seed: 0), validation);

        Assert.Equal(StopReason.EarlyStopping, result.Reason);
        int best = result.BestEpoch!.Value;
        Assert.Equal(best + 2, result.Epochs);
        Assert.True(result.RestoredBestWeights);
        AssertBitwiseEqual(snapshots[best], Weights(model));
        Assert.Equal(result.History.Min(e => e.ValidationLoss), result.BestValidationLoss);
        Assert.Equal(result.BestValidationLoss!.Value, trainer.Evaluate(validation).Loss, 12);
        Assert.Contains($"restored the weights of epoch {best}", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RestoreBestWeightsOff_KeepsTheLastWeights()
    {
        var (train, validation) = FlippedLabels();
        var model = Mlp(4);
        var trainer = new Trainer(model, OptimizerRegistry.Create("adam:lr=0.05", model.Parameters()), new TrainerOptions
        {
            Epochs = 30,
            EarlyStopping = new EarlyStopping { Patience = 2, RestoreBestWeights = false },
        });
        float[][]? last = null;
        trainer.Callbacks.Add(new DelegateCallback { EpochEnd = (t, _) => last = Weights(t.Model) });

        var result = trainer.Fit(new DataLoader(train, 32, seed: 0), validation);

        Assert.Equal(StopReason.EarlyStopping, result.Reason);
        Assert.False(result.RestoredBestWeights);
        AssertBitwiseEqual(last!, Weights(model));
    }

    [Fact]
    public void ImprovingValidation_RunsEveryEpoch()
    {
        var model = Mlp(4);
        var trainer = new Trainer(model, OptimizerRegistry.Create("adam:lr=0.01", model.Parameters()), new TrainerOptions
        {
            Epochs = 3,
            EarlyStopping = new EarlyStopping { Patience = 2 },
        });
        var result = trainer.Fit(new DataLoader(Moons(160), 32, seed: 0), Moons(80, seed: 1));
        Assert.Equal(StopReason.Completed, result.Reason);
        Assert.Equal(3, result.BestEpoch);
        Assert.False(result.RestoredBestWeights);
    }

    [Fact]
    public void PlateauSchedule_IsFedTheValidationLoss()
    {
        var (train, validation) = FlippedLabels();
        var model = Mlp(4);
        var optimizer = OptimizerRegistry.Create("adam:lr=0.05", model.Parameters());
        var plateau = new Descent.Schedules.ReduceLrOnPlateau(optimizer, new Descent.Schedules.PlateauOptions { Patience = 0, Factor = 0.5 });
        var trainer = new Trainer(model, optimizer, new TrainerOptions { Epochs = 4, Scheduler = plateau });

        var result = trainer.Fit(new DataLoader(train, 32, seed: 0), validation);

        // The validation loss only rises after epoch 1, so every later epoch halves the rate for the next one.
        Assert.Equal([0.05, 0.05, 0.025, 0.0125], result.History.Select(e => e.LearningRate!.Value));
        Assert.Equal(result.History.Min(e => e.ValidationLoss), plateau.Best);
    }

    [Fact]
    public void EvaluateEvery_EvaluatesOnlyThoseEpochsAndTheLast()
    {
        var model = Mlp(4);
        var trainer = new Trainer(model, OptimizerRegistry.Create("sgd:lr=0.1", model.Parameters()), new TrainerOptions { Epochs = 5, EvaluateEvery = 2 });
        var result = trainer.Fit(new DataLoader(Moons(64), 32, seed: 0), Moons(32, seed: 1));
        Assert.Equal([false, true, false, true, true], result.History.Select(e => e.ValidationLoss != null));
    }
}
