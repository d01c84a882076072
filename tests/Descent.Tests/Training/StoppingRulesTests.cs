using Descent.Data;
using Descent.NN;
using Descent.Optim;
using Descent.Training;
using static Descent.Tests.Training.TrainingTestUtil;

namespace Descent.Tests.Training;

public sealed class StoppingRulesTests
{
    /// <summary>Full-batch gradient descent on noise-free y = 2x − 1: it converges geometrically, as lecture 002's example.</summary>
    private static (Trainer Trainer, DataLoader Loader, List<StepMetrics> Steps) FullBatchRegression(StoppingRules rules, double lr = 0.1)
    {
        var data = Datasets.Load("linear:n=32,w=2,b=-1,noise=0,dtype=float64").Train;
        var model = ModelSpec.Build("linear", data.SampleShape, 1, new Rng(0), DType.Float64);
        var trainer = new Trainer(model, OptimizerRegistry.Create($"sgd:lr={lr}", model.Parameters()), new TrainerOptions { Epochs = 100_000, Stopping = rules });
        var steps = new List<StepMetrics>();
        trainer.Callbacks.Add(new DelegateCallback { StepEnd = (_, s) => steps.Add(s) });
        return (trainer, DataLoader.FullBatch(data), steps);
    }

    [Fact]
    public void StepPrecision_StopsAtTheFirstStepNoLargerThanThePrecision()
    {
        var (trainer, loader, steps) = FullBatchRegression(new StoppingRules { StepPrecision = 1e-6 });

        var result = trainer.Fit(loader);

        Assert.Equal(StopReason.StepPrecision, result.Reason);
        Assert.True(steps[^1].StepSize <= 1e-6);
        Assert.All(steps.SkipLast(1), s => Assert.True(s.StepSize > 1e-6));
        Assert.StartsWith($"converged at step {result.Steps}: the update moved the parameters by", result.Message, StringComparison.Ordinal);
        Assert.Equal(-1, trainer.Model.Parameters().Last().Item(), 4);
    }

    [Fact]
    public void LossTolerance_StopsWhenConsecutiveLossesAgree()
    {
        var (trainer, loader, steps) = FullBatchRegression(new StoppingRules { LossTolerance = 1e-8 });

        var result = trainer.Fit(loader);

        Assert.Equal(StopReason.LossTolerance, result.Reason);
        Assert.True(Math.Abs(steps[^1].Loss - steps[^2].Loss) <= 1e-8);
        Assert.True(Math.Abs(steps[^2].Loss - steps[^3].Loss) > 1e-8);
    }

    [Fact]
    public void GradientTolerance_StopsNearTheStationaryPoint()
    {
        var (trainer, loader, steps) = FullBatchRegression(new StoppingRules { GradientTolerance = 1e-4 });

        var result = trainer.Fit(loader);

        Assert.Equal(StopReason.GradientTolerance, result.Reason);
        Assert.True(steps[^1].GradientNorm <= 1e-4);
        Assert.True(steps[^2].GradientNorm > 1e-4);
    }

    [Fact]
    public void MaxSteps_StopsMidEpochAfterExactlyThatManySteps()
    {
        var data = Moons(100);
        var model = Mlp(0);
        var trainer = new Trainer(model, OptimizerRegistry.Create("sgd:lr=0.1", model.Parameters()), new TrainerOptions { Epochs = 10, Stopping = new StoppingRules { MaxSteps = 11 } });

        var result = trainer.Fit(new DataLoader(data, 20, seed: 0));

        Assert.Equal(StopReason.MaxSteps, result.Reason);
        Assert.Equal(11, result.Steps);
        Assert.Equal(2, result.Epochs);
        Assert.Equal([true, true, false], result.History.Select(e => e.Complete));
        Assert.Equal(1, result.History[^1].Steps);
    }

    [Fact]
    public void LectureRules_PrecisionOneMillionthAndTenThousandSteps()
    {
        Assert.Equal(1e-6, StoppingRules.Lecture.StepPrecision);
        Assert.Equal(10_000, StoppingRules.Lecture.MaxSteps);
        var (trainer, loader, _) = FullBatchRegression(StoppingRules.Lecture, lr: 1e-5);
        var result = trainer.Fit(loader);
        Assert.Equal(StopReason.MaxSteps, result.Reason);
        Assert.Equal(10_000, result.Steps);
    }
}
