using Descent.Data;
using Descent.NN;
using Descent.Optim;
using Descent.Training;
using static Descent.Tests.Training.CheckpointFiles;
using static Descent.Tests.Training.TrainingTestUtil;

namespace Descent.Tests.Training;

/// <summary>
/// For every optimizer in the registry: a step with a non-finite gradient is refused before anything is updated, so the weights and
/// the optimizer's whole state (every moment buffer, every step count, the scheduler's state) are bit for bit what they were after the
/// last good step, under both policies; the stop names the step, the parameter and a remedy; skipping counts and stops at its limit.
/// </summary>
public class TrainerDivergenceMatrixTests
{
    public static TheoryData<string> Optimizers() => [.. OptimizerRegistry.Names];

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void NonFiniteGradient_Stop_LeavesEveryStateBitIdentical(string optimizer)
    {
        var (trainer, loader, _) = Poisoned(optimizer, poisonSteps: [5], DivergencePolicy.Stop);
        byte[]? lastGood = null;
        trainer.Callbacks.Add(new DelegateCallback { StepEnd = (t, _) => lastGood = Snapshot(t) });

        var result = trainer.Fit(loader);

        Assert.Equal(StopReason.Diverged, result.Reason);
        Assert.Equal(4, result.Steps);
        Assert.Equal(4, trainer.Optimizer.StepCount);
        Assert.True(lastGood!.AsSpan().SequenceEqual(Snapshot(trainer)), "the refused step changed the weights or the optimizer's state");
        var report = result.Divergence!;
        Assert.Equal(5, report.Step);
        Assert.Equal("0.weight", report.Parameter);
        Assert.StartsWith("training diverged at step 5 (epoch 2, batch 2 of 3): gradient of \"0.weight\" has ", report.Message, StringComparison.Ordinal);
        Assert.Contains("Lower the learning rate (it is ", report.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void NonFiniteGradient_Skip_LeavesEveryStateBitIdenticalAndContinues(string optimizer)
    {
        if (OptimizerRegistry.Get(optimizer).RequiresClosure)
        {
            // A closure optimizer evaluates the loss inside its step, so a step cannot be skipped before it happens (Fit refuses
            // the policy up front; tested below). Its stop path is covered by the test above.
            var (closureTrainer, closureLoader, _) = Poisoned(optimizer, poisonSteps: [2], DivergencePolicy.Skip);
            Assert.Throws<ArgumentException>(() => closureTrainer.Fit(closureLoader));
            return;
        }

        var (trainer, loader, _) = Poisoned(optimizer, poisonSteps: [2, 5], DivergencePolicy.Skip, maxSkips: 5);
        byte[]? lastGood = null;
        var refused = new List<long>();
        trainer.Callbacks.Add(new DelegateCallback
        {
            StepEnd = (t, _) => lastGood = Snapshot(t),
            StepSkipped = (t, r) =>
            {
                refused.Add(r.Step);
                Assert.True(lastGood!.AsSpan().SequenceEqual(Snapshot(t)), $"skipping step {r.Step} changed the weights or the optimizer's state");
            },
        });

        var result = trainer.Fit(loader);

        Assert.Equal(StopReason.Completed, result.Reason);
        Assert.Equal([2L, 4L], refused); // the step numbers of optimizer steps: a skipped one is not counted
        Assert.Equal(2, result.SkippedSteps);
        Assert.Equal(4, trainer.Optimizer.StepCount);
    }

    [Theory]
    [InlineData("adam")]
    [InlineData("sgd")]
    public void NonFiniteGradient_SkipPastTheLimit_StopsAndSaysSo(string optimizer)
    {
        var (trainer, loader, _) = Poisoned(optimizer, poisonSteps: [2, 3, 4, 5], DivergencePolicy.Skip, maxSkips: 2);
        var skipped = 0;
        trainer.Callbacks.Add(new DelegateCallback { StepSkipped = (_, _) => skipped++ });

        var result = trainer.Fit(loader);

        Assert.Equal(StopReason.Diverged, result.Reason);
        Assert.Equal(2, skipped);
        Assert.Equal(2, result.SkippedSteps);
        Assert.Equal(1, trainer.Optimizer.StepCount);
        Assert.Contains("2 steps were skipped already (the limit). Lower the learning rate", result.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// A two-layer model on moons (3 steps per epoch) whose loss at the given optimizer steps stays finite but has a non-finite
    /// gradient for the first layer's weight: √|w − w̃| (w̃ = w, detached) is 0 in value, with an infinite slope at 0.
    /// </summary>
    private static (Trainer Trainer, DataLoader Loader, Optimizer Optimizer) Poisoned(string name, long[] poisonSteps, DivergencePolicy policy, int maxSkips = 10)
    {
        var model = Mlp(3, hidden: 4);
        var optimizer = OptimizerRegistry.Create(name + ":lr=0.05", model.Parameters());
        var scheduler = new Descent.Schedules.StepScheduler(optimizer, Descent.Schedules.ScheduleRegistry.Create("exponential:gamma=0.9"));
        Trainer? trainer = null;
        LossFunction loss = (output, batch) =>
        {
            var l = Losses.CrossEntropy(output, batch.Y);
            if (!poisonSteps.Contains(trainer!.GlobalStep + 1 + trainer.SkippedSteps))
            {
                return l;
            }

            var w = model.Parameters().First();
            return l + (w - w.Detach()).Abs().Sqrt().Sum();
        };
        trainer = new Trainer(model, optimizer, new TrainerOptions { Epochs = 2, Loss = loss, Scheduler = scheduler, OnDivergence = policy, MaxSkippedSteps = maxSkips });
        return (trainer, new DataLoader(Moons(24), new DataLoaderOptions { BatchSize = 8, Seed = 1 }), optimizer);
    }
}
