using Descent.Data;
using Descent.NN;
using Descent.Optim;
using Descent.Training;
using static Descent.Tests.Training.TrainingTestUtil;

namespace Descent.Tests.Training;

public sealed class TrainerDivergenceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("descent-diverge-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Linear regression with a learning rate far beyond 2/λ_max: the loss grows ×10⁴ per step until it overflows.</summary>
    private static (Trainer Trainer, DataLoader Loader) Exploding(TrainerOptions options)
    {
        var data = Datasets.Load("linear:n=64,w=3,b=1,noise=0.1").Train;
        var model = ModelSpec.Build("linear", data.SampleShape, 1, new Rng(0));
        var optimizer = OptimizerRegistry.Create("sgd:lr=100", model.Parameters());
        return (new Trainer(model, optimizer, options), new DataLoader(data, 16, seed: 0));
    }

    [Fact]
    public void OverflowingLoss_StopsWithTheStepAndAdvice()
    {
        var (trainer, loader) = Exploding(new TrainerOptions { Epochs = 50 });

        var result = trainer.Fit(loader);

        Assert.Equal(StopReason.Diverged, result.Reason);
        var report = result.Divergence!;
        Assert.Equal(result.Steps + 1, report.Step);
        Assert.Equal(100, report.LearningRate);
        Assert.Equal(double.PositiveInfinity, report.Loss);
        // The squared error overflowed float32 while its gradient (linear in the error) did not: the message says so and names
        // the parameter with the largest gradient, whose norm is computed here from the gradients the refused step left behind.
        var (name, largest) = trainer.Model.NamedParameters()
            .Select(p => (p.Name, Norm: Math.Sqrt(TrainingMath.SumOfSquares(p.Parameter.Grad!.AsSpan<float>()))))
            .MaxBy(p => p.Norm);
        Assert.Equal("1.bias", name);
        Assert.Equal(name, report.Parameter);
        Assert.True(double.IsFinite(report.GradientNorm!.Value));
        Assert.Equal(
            $"training diverged at step {report.Step} (epoch {report.Epoch}, batch {report.Batch} of 4): the loss is +inf while every gradient is finite " +
            $"(the largest is that of \"1.bias\", norm {largest.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}). Lower the learning rate (it is 100; try 10), or clip the gradients.",
            report.Message);
        Assert.Equal(RecentLossCount(result.Steps), report.RecentLosses.Count);
        Assert.True(report.RecentLosses[^1] > report.RecentLosses[0]);

        // The optimizer never saw the bad step: the weights are those of the last good one.
        Assert.True(AllFinite(trainer.Model));
        Assert.Equal(result.Steps, trainer.Optimizer.StepCount);
    }

    [Fact]
    public void NaNGradient_NamesTheParameter()
    {
        var model = Mlp(0);
        var trainer = new Trainer(model, OptimizerRegistry.Create("sgd:lr=1e10", model.Parameters()), new TrainerOptions { Epochs = 5 });

        var result = trainer.Fit(new DataLoader(Moons(200), 32, seed: 0));

        var report = result.Divergence!;
        Assert.Equal("0.weight", report.Parameter);
        Assert.StartsWith($"training diverged at step {report.Step} (epoch 1, batch {report.Step} of 7): the loss is NaN; gradient of \"0.weight\" has ", report.Message, StringComparison.Ordinal);
        Assert.EndsWith("Lower the learning rate (it is 1E+10; try 1E+09), or clip the gradients.", report.Message, StringComparison.Ordinal);
        Assert.True(AllFinite(model));
    }

    [Fact]
    public void Divergence_NeverOverwritesTheLastCheckpoint()
    {
        var (trainer, loader) = Exploding(new TrainerOptions { Epochs = 50, CheckpointDirectory = _dir });
        var result = trainer.Fit(loader);
        Assert.Equal(StopReason.Diverged, result.Reason);

        // Every completed epoch wrote a checkpoint; the diverged one wrote none, and the newest is the last finished epoch.
        var latest = Checkpoint.Load(_dir);
        Assert.Equal(result.Epochs, latest.Progress.Epoch);
        Assert.All(latest.Model.Values, t => Assert.All(t.ToArray(), v => Assert.True(double.IsFinite(v))));
    }

    [Fact]
    public void SkipPolicy_SkipsNonFiniteStepsAndCountsThem()
    {
        var data = Moons(64);
        var model = Mlp(1);
        var optimizer = OptimizerRegistry.Create("adam:lr=0.01", model.Parameters());
        int calls = 0;
        LossFunction poisoned = (output, batch) =>
        {
            var loss = Losses.CrossEntropy(output, batch.Y);
            return ++calls is 3 or 6 ? loss * double.NaN : loss;
        };
        var trainer = new Trainer(model, optimizer, new TrainerOptions { Epochs = 2, Loss = poisoned, OnDivergence = DivergencePolicy.Skip, MaxSkippedSteps = 5 });
        var skipped = new List<DivergenceReport>();
        trainer.Callbacks.Add(new DelegateCallback { StepSkipped = (_, r) => skipped.Add(r) });

        var result = trainer.Fit(new DataLoader(data, 16, seed: 0));

        Assert.Equal(StopReason.Completed, result.Reason);
        Assert.Equal(2, result.SkippedSteps);
        Assert.Equal(6, result.Steps);
        Assert.Equal(6, optimizer.StepCount);
        Assert.Equal([1, 1], result.History.Select(e => e.SkippedSteps));
        Assert.Equal([3L, 5L], skipped.Select(r => r.Step));
        Assert.All(skipped, r => Assert.StartsWith("the loss is NaN", r.Problem, StringComparison.Ordinal));
        Assert.True(AllFinite(model));
    }

    [Fact]
    public void SkipPolicy_PastTheLimit_Stops()
    {
        var (trainer, loader) = Exploding(new TrainerOptions { Epochs = 50, OnDivergence = DivergencePolicy.Skip, MaxSkippedSteps = 3 });

        var result = trainer.Fit(loader);

        // The exploding run keeps producing non-finite gradients from the same (finite) weights once it overflows.
        Assert.Equal(StopReason.Diverged, result.Reason);
        Assert.Equal(3, result.SkippedSteps);
        Assert.Contains("3 steps were skipped already (the limit). Lower the learning rate", result.Message, StringComparison.Ordinal);
    }

    private static bool AllFinite(Module model) => model.Parameters().SelectMany(p => p.ToArray()).All(double.IsFinite);

    private static int RecentLossCount(long steps) => (int)Math.Min(10, steps);
}
