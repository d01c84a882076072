using Descent.Data;
using Descent.NN;
using Descent.Optim;
using Descent.Training;
using static Descent.Tests.Training.TrainingTestUtil;

namespace Descent.Tests.Training;

public sealed class LrFinderPoolingTests
{
    private static (LrFinderResult Result, long Bytes) Sweep(string optimizerSpec, bool pool, bool dropout = false, int hidden = 16)
    {
        var model = Mlp(3, dropout, hidden);
        var optimizer = OptimizerRegistry.Create(optimizerSpec, model.Parameters());
        var loader = new DataLoader(Moons(256), 32, seed: 1);
        var options = new LrFinderOptions { Steps = 40, StartLr = 1e-5, EndLr = 10, PoolTensors = pool };
        LrFinder.Run(model, optimizer, loader, options); // warm-up: JIT, the pool's first arrays
        long before = GC.GetAllocatedBytesForCurrentThread();
        var result = LrFinder.Run(model, optimizer, loader, options);
        return (result, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Theory]
    [InlineData("sgd:lr=0.1,momentum=0.9", false)]
    [InlineData("adam", false)]
    [InlineData("adamw:weight_decay=0.1", true)]
    public void Pooled_GivesTheSameCurveBitForBit(string optimizer, bool dropout)
    {
        var pooled = Sweep(optimizer, pool: true, dropout).Result;
        var plain = Sweep(optimizer, pool: false, dropout).Result;

        Assert.True(pooled.Losses.Count > 10);
        Assert.Equal(plain.StopReason, pooled.StopReason);
        Assert.Equal(plain.LearningRates, pooled.LearningRates);
        Assert.Equal(plain.Losses.Select(BitConverter.DoubleToInt64Bits), pooled.Losses.Select(BitConverter.DoubleToInt64Bits));
    }

    [Fact]
    public void Pooled_AllocatesFarLessPerSweep()
    {
        var pooled = Sweep("adam", pool: true, hidden: 256);
        var plain = Sweep("adam", pool: false, hidden: 256);

        Assert.Equal(plain.Result.Losses.Count, pooled.Result.Losses.Count);
        Assert.True(pooled.Bytes * 3 < plain.Bytes, $"pooled {pooled.Bytes} bytes, unpooled {plain.Bytes} bytes for {plain.Result.Losses.Count} steps");
    }

    [Fact]
    public void Pooled_LeavesTheCallersGradientsUntouched()
    {
        var model = Mlp(3);
        var optimizer = OptimizerRegistry.Create("adam", model.Parameters());
        var loader = new DataLoader(Moons(128), 32, seed: 1);
        var x = Moons(32).Features;
        Losses.Mse(model.Forward(x), Tensor.Zeros(new Shape(32, 2))).Backward();
        var grads = model.Parameters().Select(p => p.Grad!).ToArray();
        var values = grads.Select(g => g.ToFloatArray()).ToArray();

        LrFinder.Run(model, optimizer, loader, new LrFinderOptions { Steps = 10 });

        var after = model.Parameters().ToArray();
        for (int i = 0; i < after.Length; i++)
        {
            Assert.Same(grads[i], after[i].Grad);
            Assert.Equal(values[i], after[i].Grad!.ToFloatArray());
        }
    }
}
