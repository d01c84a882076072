using Descent.Data;
using Descent.NN;
using Descent.Optim;
using Descent.Training;
using static Descent.Tests.Training.TrainingTestUtil;

namespace Descent.Tests.Training;

public sealed class TrainerAllocationTests
{
    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void Fit_PoolingAndGradientClearing_GiveBitIdenticalWeightsAndHistory(bool poolOff, bool setToNull)
    {
        var data = Moons();
        var (reference, loaderA) = AdamRun(data, seed: 4, dropout: true, new TrainerOptions { Epochs = 2, PoolTensors = false, SetGradientsToNull = true });
        var (variant, loaderB) = AdamRun(data, seed: 4, dropout: true, new TrainerOptions { Epochs = 2, PoolTensors = !poolOff, SetGradientsToNull = setToNull });

        var ra = reference.Fit(loaderA);
        var rb = variant.Fit(loaderB);

        AssertBitwiseEqual(Weights(reference.Model), Weights(variant.Model));
        Assert.Equal(WithoutTimes(ra.History), WithoutTimes(rb.History));
    }

    [Fact]
    public void Fit_SteadyState_AllocatesFewBytesPerStep()
    {
        // An MLP whose activations and gradient temporaries take about 1 MB per step without pooling (measured 1,037,304 bytes; 23,520
        // with it). What remains is small objects: tensor headers, graph nodes and closures.
        var data = Synthetic.Blobs(2048, centers: 10, features: 64, seed: 1);
        var rng = new Rng(2);
        var model = new Sequential(new Linear(64, 256, rng), new ReLU(), new Linear(256, 256, rng), new ReLU(), new Linear(256, 10, rng));
        var optimizer = OptimizerRegistry.Create("adam:lr=0.001", model.Parameters());
        var loader = new DataLoader(data, new DataLoaderOptions { BatchSize = 64, Seed = 0, ReuseBuffers = true });
        var perStep = new List<long>();
        long last = 0;
        var trainer = new Trainer(model, optimizer, new TrainerOptions { Epochs = 1, EvaluateEvery = 1000 });
        trainer.Callbacks.Add(new DelegateCallback
        {
            StepEnd = (_, _) =>
            {
                long now = GC.GetAllocatedBytesForCurrentThread();
                perStep.Add(now - last);
                last = GC.GetAllocatedBytesForCurrentThread();
            },
        });

        trainer.Fit(loader);

        var steady = perStep.Skip(4).Order().ToArray();
        long median = steady[steady.Length / 2];
        Assert.True(median < 40_000, $"median {median} bytes per step; steps: {string.Join(", ", perStep)}");
    }
}
