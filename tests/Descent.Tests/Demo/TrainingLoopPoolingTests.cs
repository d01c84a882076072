using Descent.Data;
using Descent.Demo;
using Descent.NN;
using Descent.Optim;

namespace Descent.Tests.Demo;

public sealed class TrainingLoopPoolingTests
{
    private static (TrainingHistory History, float[][] Weights, long Bytes) Run(string optimizerSpec, string modelSpec, bool pool)
    {
        var data = Synthetic.Moons(256, noise: 0.15, seed: 2);
        var validation = Synthetic.Moons(128, noise: 0.15, seed: 3);
        var model = ModelSpec.Build(modelSpec, data.SampleShape, 2, new Rng(5));
        var optimizer = OptimizerRegistry.Create(optimizerSpec, model.Parameters());
        var options = new TrainingOptions { Epochs = 3, BatchSize = 32, Seed = 4, PoolTensors = pool };
        long before = GC.GetAllocatedBytesForCurrentThread();
        var history = TrainingLoop.Run(model, optimizer, data, validation, options);
        long bytes = GC.GetAllocatedBytesForCurrentThread() - before;
        return (history, model.Parameters().Select(p => p.ToFloatArray()).ToArray(), bytes);
    }

    [Theory]
    [InlineData("sgd:lr=0.1,momentum=0.9,nesterov=true", "mlp:2-16-16-2")]
    [InlineData("adam:lr=0.01", "mlp:2-16-16-2,dropout=0.3")]
    [InlineData("rmsprop:lr=0.01", "mlp:2-16-2,activation=tanh")]
    public void Pooled_GivesTheSameRunBitForBit(string optimizer, string model)
    {
        var pooled = Run(optimizer, model, pool: true);
        var plain = Run(optimizer, model, pool: false);

        Assert.Equal(plain.History.BatchLosses.Select(BitConverter.DoubleToInt64Bits), pooled.History.BatchLosses.Select(BitConverter.DoubleToInt64Bits));
        Assert.Equal(plain.History.Epochs, pooled.History.Epochs);
        Assert.Equal(plain.Weights, pooled.Weights);
    }

    [Fact]
    public void Pooled_AllocatesFarLess()
    {
        Run("adam", "mlp:2-256-256-2", pool: true); // warm-up: JIT
        var pooled = Run("adam", "mlp:2-256-256-2", pool: true);
        var plain = Run("adam", "mlp:2-256-256-2", pool: false);

        Assert.True(pooled.Bytes * 3 < plain.Bytes, $"pooled {pooled.Bytes} bytes, unpooled {plain.Bytes} bytes");
    }
}
