using Descent.Data;
using Descent.Optim;
using Descent.Schedules;
using Descent.Training;
using static Descent.Tests.Training.TrainingTestUtil;

namespace Descent.Tests.Training;

public sealed class LrFinderTests
{
    [Fact]
    public void Run_RestoresModelOptimizerSchedulerAndDropoutExactly()
    {
        var data = Moons(200);
        var (trainer, loader) = AdamRun(data, seed: 8, dropout: true, new TrainerOptions { Epochs = 2 });
        trainer.Callbacks.Add(new DelegateCallback { EpochEnd = (t, e) => { if (e.Epoch == 1) { t.RequestStop("pause for the finder"); } } });
        Assert.Equal(StopReason.Requested, trainer.Fit(loader).Reason);
        var (reference, referenceLoader) = AdamRun(data, seed: 8, dropout: true, new TrainerOptions { Epochs = 2 });
        reference.Fit(referenceLoader);

        var weights = Weights(trainer.Model);
        var state = trainer.Optimizer.StateDict();
        var grads = trainer.Model.Parameters().Select(p => p.Grad).ToArray();
        var cursor = loader.GetState();

        var result = LrFinder.Run(trainer.Model, trainer.Optimizer, loader, new LrFinderOptions { Steps = 30, EndLr = 1 });
        Assert.NotEmpty(result.LearningRates);

        AssertBitwiseEqual(weights, Weights(trainer.Model));
        AssertSameOptimizerState(state, trainer.Optimizer.StateDict());
        Assert.Equal(grads, trainer.Model.Parameters().Select(p => p.Grad));
        Assert.Equal(cursor, loader.GetState());
        Assert.True(trainer.Model.IsTraining);

        // Training on afterwards is exactly as if the finder had never run (dropout masks included).
        trainer.Fit(loader);
        AssertBitwiseEqual(Weights(reference.Model), Weights(trainer.Model));
    }

    [Fact]
    public void Run_ExponentialSweep_SmoothedCurveAndTwoLabelledSuggestions()
    {
        var data = Moons(400);
        var model = Mlp(1);
        var optimizer = OptimizerRegistry.Create("sgd:lr=0.1", model.Parameters());

        var result = LrFinder.Run(model, optimizer, new DataLoader(data, 16, seed: 0), new LrFinderOptions { StartLr = 1e-4, EndLr = 100, Steps = 61 });

        // lr_i = 1e-4 · 10^(i/10): a decade every 10 steps.
        Assert.Equal(1e-4, result.LearningRates[0], 15);
        Assert.Equal(1e-3, result.LearningRates[10], 15);
        Assert.Equal(result.Losses[0], result.SmoothedLosses[0], 12);
        double a = (0.98 * (0.02 * result.Losses[0])) + (0.02 * result.Losses[1]);
        Assert.Equal(a / (1 - (0.98 * 0.98)), result.SmoothedLosses[1], 12);

        var steepest = result.Suggestion("steepest")!;
        var minOverTen = result.Suggestion("min/10")!;
        Assert.Equal(["steepest", "min/10"], result.Suggestions.Select(s => s.Name));
        int min = result.SmoothedLosses.ToList().IndexOf(result.SmoothedLosses.Min());
        Assert.Equal(result.LearningRates[min] / 10, minOverTen.LearningRate);
        Assert.InRange(steepest.Index, 5, min);
        Assert.Contains("falls fastest", steepest.Rationale, StringComparison.Ordinal);
        Assert.Equal(0.1, optimizer.GetHyperparameter(0, "lr"));
    }

    [Fact]
    public void Run_LossBlowsUp_StopsEarly()
    {
        var model = Mlp(1);
        var optimizer = OptimizerRegistry.Create("sgd", model.Parameters());
        var result = LrFinder.Run(model, optimizer, new DataLoader(Moons(400), 16, seed: 0), new LrFinderOptions { StartLr = 1e-3, EndLr = 1e6, Steps = 100 });
        Assert.True(result.LearningRates.Count < 100);
        Assert.StartsWith("stopped at lr", result.StopReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Suggest_SteepestDescentOverLogLr()
    {
        double[] lrs = [1e-4, 1e-3, 1e-2, 1e-1, 1, 10];
        double[] losses = [1.0, 0.99, 0.5, 0.45, 0.4, 2.0];

        // Central differences per decade: -0.01 (one-sided), -0.25, -0.27, -0.05, then the minimum at index 4.
        var s = LrFinder.Suggest(lrs, losses, skipStart: 0);
        Assert.Equal(2, s[0].Index);
        Assert.Equal(1e-2, s[0].LearningRate);
        Assert.Equal(4, s[1].Index);
        Assert.Equal(0.1, s[1].LearningRate, 15);
    }
}
