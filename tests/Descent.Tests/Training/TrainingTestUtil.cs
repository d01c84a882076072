using Descent.Data;
using Descent.NN;
using Descent.Optim;
using Descent.Schedules;
using Descent.Training;

namespace Descent.Tests.Training;

/// <summary>Small, fast set-ups for trainer tests: moons, a two-layer MLP (optionally with dropout), Adam or SGD.</summary>
internal static class TrainingTestUtil
{
    public static TensorDataset Moons(int n = 200, ulong seed = 0) => Synthetic.Moons(n, noise: 0.15, seed: seed);

    /// <summary>Training on moons with every label flipped while validating on the true labels: validation only gets worse.</summary>
    public static (TensorDataset Train, TensorDataset Validation) FlippedLabels()
    {
        var moons = Moons(160);
        var flipped = moons.Labels.ToArray().Select(l => 1 - l).ToArray();
        return (new TensorDataset(moons.Features, flipped, 2), Moons(80, seed: 1));
    }

    public static Sequential Mlp(ulong seed, bool dropout = false, int hidden = 16)
    {
        var rng = new Rng(seed);
        var model = new Sequential(new Linear(2, hidden, rng), new ReLU());
        if (dropout)
        {
            model.Add(new Dropout(0.2, seed + 100));
        }

        model.Add(new Linear(hidden, 2, rng));
        return model;
    }

    /// <summary>A fresh, identically seeded run: model, Adam, an epoch step schedule, a loader and a trainer.</summary>
    public static (Trainer Trainer, DataLoader Loader) AdamRun(
        IDataset data, ulong seed, bool dropout, TrainerOptions? options = null, int batchSize = 16, bool schedulePerStep = false)
    {
        var model = Mlp(seed, dropout);
        var optimizer = OptimizerRegistry.Create("adam:lr=0.01", model.Parameters());
        IScheduler scheduler = schedulePerStep
            ? new StepScheduler(optimizer, ScheduleRegistry.Create("step:step_size=5,gamma=0.7"))
            : new EpochScheduler(optimizer, ScheduleRegistry.Create("step:step_size=1,gamma=0.5"));
        var loader = new DataLoader(data, new DataLoaderOptions { BatchSize = batchSize, Seed = seed });
        var trainer = new Trainer(model, optimizer, (options ?? new TrainerOptions()) with { Scheduler = scheduler });
        return (trainer, loader);
    }

    public static float[][] Weights(Module model) => model.Parameters().Select(p => p.ToFloatArray()).ToArray();

    public static void AssertBitwiseEqual(float[][] expected, float[][] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i].Length, actual[i].Length);
            for (int k = 0; k < expected[i].Length; k++)
            {
                Assert.True(
                    BitConverter.SingleToInt32Bits(expected[i][k]) == BitConverter.SingleToInt32Bits(actual[i][k]),
                    $"parameter {i} element {k}: {expected[i][k]:R} != {actual[i][k]:R}");
            }
        }
    }

    /// <summary>Every buffer and scalar of two optimizer state dicts, compared exactly.</summary>
    public static void AssertSameOptimizerState(OptimizerStateDict expected, OptimizerStateDict actual)
    {
        Assert.Equal(expected.StepCount, actual.StepCount);
        Assert.Equal(expected.State.Keys.Order(), actual.State.Keys.Order());
        foreach (var (name, e) in expected.State)
        {
            var a = actual.State[name];
            Assert.Equal(e.Step, a.Step);
            foreach (var (k, t) in e.Buffers)
            {
                Assert.Equal(t.ToArray(), a.Buffers[k].ToArray());
            }
        }

        for (int g = 0; g < expected.Groups.Count; g++)
        {
            Assert.Equal(expected.Groups[g].Hyperparameters.ToString(), actual.Groups[g].Hyperparameters.ToString());
            foreach (var (k, v) in expected.Groups[g].Hyperparameters)
            {
                Assert.Equal(v.ToString(), actual.Groups[g].Hyperparameters[k].ToString());
            }
        }

        Assert.Equal(expected.Components.Keys.Order(), actual.Components.Keys.Order());
        foreach (var (k, c) in expected.Components)
        {
            Assert.Equal(c.OrderBy(kv => kv.Key), actual.Components[k].OrderBy(kv => kv.Key));
        }
    }

    /// <summary>History without wall-clock times, which legitimately differ between runs.</summary>
    public static List<EpochMetrics> WithoutTimes(IEnumerable<EpochMetrics> history) =>
        history.Select(e => e with { Seconds = 0, EvaluationSeconds = 0 }).ToList();
}
