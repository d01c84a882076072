using Descent.Data;
using Descent.Optim;
using Descent.Schedules;
using Descent.Training;
using static Descent.Tests.Training.TrainingTestUtil;

namespace Descent.Tests.Training;

/// <summary>
/// Resume equality for every optimizer in the registry with a representative set of schedules: two epochs in one run equal one
/// epoch, a checkpoint, fresh objects (as in a new process) resumed from it, and one more epoch, bit for bit: weights, the optimizer's
/// whole state (moments, step counts, hyperparameters, the scheduler's state) and the history.
/// </summary>
public sealed class TrainerResumeMatrixTests : IDisposable
{
    /// <summary>Schedules, each with how it is stepped; the horizons fit the 6 steps (2 epochs of 3) of the run.</summary>
    public static readonly (string Spec, SchedulePer Per)[] Schedules =
    [
        ("none", SchedulePer.Epoch),
        ("constant:factor=0.5,total_iters=4", SchedulePer.Step),
        ("step:step_size=1,gamma=0.5", SchedulePer.Epoch),
        ("exponential:gamma=0.8", SchedulePer.Step),
        ("cosine:t_max=6,eta_min=0.001", SchedulePer.Step),
        ("cosine:t_max=4,warmup=2", SchedulePer.Step),
        ("onecycle:max_lr=0.1,total_steps=6", SchedulePer.Step),
        ("cyclic:base_lr=0.01,max_lr=0.1,step_size_up=2", SchedulePer.Step),
        ("plateau:patience=0,factor=0.5", SchedulePer.Epoch),
    ];

    private readonly string _dir = Fuzz.ScratchDirectory("descent-resume-matrix-");

    public static TheoryData<string, int> Pairs()
    {
        var data = new TheoryData<string, int>();
        foreach (var optimizer in OptimizerRegistry.Names)
        {
            for (int s = 0; s < Schedules.Length; s++)
            {
                data.Add(optimizer, s);
            }
        }

        return data;
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Resume_AfterOneEpoch_EqualsTwoEpochsBitForBit(string optimizer, int schedule)
    {
        var data = Moons(24, seed: 2);
        var validation = Moons(12, seed: 3);
        var (straight, straightLoader) = Run(optimizer, schedule, data, epochs: 2, checkpoints: null);
        var expected = straight.Fit(straightLoader, validation);
        Assert.Equal(6, expected.Steps);

        var (first, firstLoader) = Run(optimizer, schedule, data, epochs: 1, checkpoints: _dir);
        first.Fit(firstLoader, validation);
        var (second, secondLoader) = Run(optimizer, schedule, data, epochs: 2, checkpoints: null);
        second.Resume(_dir);
        var resumed = second.Fit(secondLoader, validation);

        AssertBitwiseEqual(Weights(straight.Model), Weights(second.Model));
        AssertIdentical(straight.Optimizer.StateDict(), second.Optimizer.StateDict());
        Assert.Equal(WithoutTimes(expected.History), WithoutTimes(resumed.History));
        Assert.Equal(expected.Reason, resumed.Reason);
    }

    /// <summary>Every number of two optimizer snapshots, compared by their bits (NaN and −0 included), keys in sorted order.</summary>
    internal static void AssertIdentical(OptimizerStateDict expected, OptimizerStateDict actual)
    {
        Assert.Equal(expected.Optimizer, actual.Optimizer);
        Assert.Equal(expected.StepCount, actual.StepCount);
        Assert.Equal(expected.Groups.Count, actual.Groups.Count);
        for (int g = 0; g < expected.Groups.Count; g++)
        {
            Assert.Equal(expected.Groups[g].ParamNames, actual.Groups[g].ParamNames);
            Assert.Equal(Sorted(expected.Groups[g].Hyperparameters, v => v.ToString()), Sorted(actual.Groups[g].Hyperparameters, v => v.ToString()));
        }

        Assert.Equal(expected.State.Keys.Order(StringComparer.Ordinal), actual.State.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, e) in expected.State)
        {
            var a = actual.State[name];
            Assert.Equal(e.Step, a.Step);
            Assert.Equal(Sorted(e.Scalars, Bits), Sorted(a.Scalars, Bits));
            Assert.Equal(e.Buffers.Keys.Order(StringComparer.Ordinal), a.Buffers.Keys.Order(StringComparer.Ordinal));
            foreach (var (key, t) in e.Buffers)
            {
                Assert.Equal(t.DType, a.Buffers[key].DType);
                Assert.Equal(t.Shape, a.Buffers[key].Shape);
                Assert.True(t.ToArray().Select(Bits).SequenceEqual(a.Buffers[key].ToArray().Select(Bits)), $"buffer \"{key}\" of \"{name}\" differs");
            }
        }

        Assert.Equal(expected.Components.Keys.Order(StringComparer.Ordinal), actual.Components.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, c) in expected.Components)
        {
            Assert.Equal(Sorted(c, Bits), Sorted(actual.Components[key], Bits));
        }
    }

    private static long Bits(double x) => BitConverter.DoubleToInt64Bits(x);

    private static List<string> Sorted<T, TV>(IEnumerable<KeyValuePair<string, T>> values, Func<T, TV> view) =>
        values.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={view(kv.Value)}").ToList();

    /// <summary>A per-step scheduler; the cyclic schedules cycle momentum (or beta1) only for optimizers that have one.</summary>
    private static StepScheduler StepSchedulerFor(Optimizer optimizer, string spec)
    {
        bool cycles = spec.StartsWith("onecycle", StringComparison.Ordinal) || spec.StartsWith("cyclic", StringComparison.Ordinal);
        bool hasMomentum = optimizer.HasHyperparameter(0, "momentum") || optimizer.HasHyperparameter(0, "beta1");
        return new StepScheduler(optimizer, ScheduleRegistry.Create(cycles && !hasMomentum ? spec + ",cycle_momentum=false" : spec));
    }

    private static (Trainer Trainer, DataLoader Loader) Run(string optimizerName, int schedule, IDataset data, int epochs, string? checkpoints)
    {
        var model = Mlp(7, hidden: 4);
        var optimizer = OptimizerRegistry.Create(optimizerName + ":lr=0.05", model.Parameters());
        var (spec, per) = Schedules[schedule];
        IScheduler? scheduler = spec == "none" ? null
            : spec.StartsWith("plateau", StringComparison.Ordinal) ? new ReduceLrOnPlateau(optimizer, ScheduleRegistry.CreatePlateauOptions(spec) with { Per = per })
            : per == SchedulePer.Step ? StepSchedulerFor(optimizer, spec)
            : new EpochScheduler(optimizer, ScheduleRegistry.Create(spec));
        var options = new TrainerOptions { Epochs = epochs, Scheduler = scheduler, CheckpointDirectory = checkpoints };
        return (new Trainer(model, optimizer, options), new DataLoader(data, new DataLoaderOptions { BatchSize = 8, Seed = 5 }));
    }
}
