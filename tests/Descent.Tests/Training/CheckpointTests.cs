using Descent.NN;
using Descent.Optim;
using Descent.Training;

namespace Descent.Tests.Training;

public sealed class CheckpointTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("descent-ckpt-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void SaveThenRestore_RecoversModelOptimizerAndProgress()
    {
        var (model, opt) = Trained(seed: 1, steps: 3);
        var progress = new TrainingProgress { Epoch = 2, GlobalStep = 3, Scalars = { ["best"] = 0.5 }, Rngs = { ["dropout"] = new Rng(9).GetState() } };
        Checkpoint.Save(_dir, model, opt, progress);

        var (fresh, freshOpt) = Trained(seed: 2, steps: 0);
        var restored = Checkpoint.Restore(_dir, fresh, freshOpt);
        Assert.Equal(3, restored.GlobalStep);
        Assert.Equal(0.5, restored.Scalars["best"]);
        Assert.Equal(new Rng(9).GetState().Seed, restored.Rngs["dropout"].Seed);
        Assert.Equal(model.Parameters().Select(p => p.ToArray()), fresh.Parameters().Select(p => p.ToArray()));

        // The resumed optimizer continues exactly like the original.
        Step(model, opt);
        Step(fresh, freshOpt);
        Assert.Equal(model.Parameters().Select(p => p.ToArray()), fresh.Parameters().Select(p => p.ToArray()));
    }

    [Fact]
    public void Save_KeepsNewestAndPointsLatestAtIt()
    {
        var (model, opt) = Trained(seed: 1, steps: 1);
        for (int s = 1; s <= 4; s++)
        {
            Checkpoint.Save(_dir, model, opt, new TrainingProgress { GlobalStep = s }, keep: 2);
        }

        Assert.Equal("step-000000004", Checkpoint.Latest(_dir));
        Assert.Equal(["step-000000003", "step-000000004"], Directory.GetDirectories(_dir).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void Load_CorruptedWeights_IsDetectedAndNothingIsApplied()
    {
        var (model, opt) = Trained(seed: 1, steps: 2);
        var path = Checkpoint.Save(_dir, model, opt, new TrainingProgress { GlobalStep = 2 });
        var file = Path.Combine(path, "model.safetensors");
        var bytes = File.ReadAllBytes(file);
        bytes[^1] ^= 0xFF;
        File.WriteAllBytes(file, bytes);

        var (fresh, freshOpt) = Trained(seed: 2, steps: 0);
        var before = fresh.Parameters().Select(p => p.ToArray()).ToList();
        var e = Assert.Throws<ArgumentException>(() => Checkpoint.Restore(_dir, fresh, freshOpt));
        Assert.Contains("model.safetensors is corrupted", e.Message, StringComparison.Ordinal);
        Assert.Equal(before, fresh.Parameters().Select(p => p.ToArray()));
    }

    [Fact]
    public void Restore_IntoDifferentModel_LeavesModelAndOptimizerUnchanged()
    {
        var (model, opt) = Trained(seed: 1, steps: 2);
        Checkpoint.Save(_dir, model, opt, new TrainingProgress { GlobalStep = 2 });
        var other = new Sequential(new Linear(3, 5, new Rng(0), dtype: DType.Float64));
        var otherOpt = OptimizerRegistry.Create("adam:lr=0.1", other.Parameters());
        var before = other.Parameters().Select(p => p.ToArray()).ToList();
        Assert.ThrowsAny<ArgumentException>(() => Checkpoint.Restore(_dir, other, otherOpt));
        Assert.Equal(before, other.Parameters().Select(p => p.ToArray()));
    }

    [Fact]
    public void Latest_IgnoresInterruptedWrites()
    {
        var (model, opt) = Trained(seed: 1, steps: 1);
        Checkpoint.Save(_dir, model, opt, new TrainingProgress { GlobalStep = 1 });
        // What a kill -9 can leave behind: a half-written temporary directory and a renamed one whose `latest` never moved.
        Directory.CreateDirectory(Path.Combine(_dir, ".step-000000002.123.abc.tmp"));
        File.WriteAllText(Path.Combine(_dir, ".step-000000002.123.abc.tmp", "model.safetensors"), "partial");
        Assert.Equal("step-000000001", Checkpoint.Latest(_dir));
        Assert.Equal(1, Checkpoint.Load(_dir).Progress.GlobalStep);
    }

    [Fact]
    public void Load_NewerFormatVersion_IsRejected()
    {
        var (model, opt) = Trained(seed: 1, steps: 1);
        var path = Checkpoint.Save(_dir, model, opt, new TrainingProgress { GlobalStep = 1 });
        var manifest = Path.Combine(path, "manifest.json");
        File.WriteAllText(manifest, File.ReadAllText(manifest).Replace("\"FormatVersion\": 2", "\"FormatVersion\": 99", StringComparison.Ordinal));
        var e = Assert.Throws<ArgumentException>(() => Checkpoint.Load(_dir));
        Assert.Contains("format version 99 is not supported", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_EmptyDirectory_SaysWhatIsMissing()
    {
        var e = Assert.Throws<ArgumentException>(() => Checkpoint.Load(_dir));
        Assert.Contains("no checkpoint in", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Weights_AreSafetensorsWithModuleNames()
    {
        var (model, opt) = Trained(seed: 1, steps: 1);
        var path = Checkpoint.Save(_dir, model, opt, new TrainingProgress { GlobalStep = 1 });
        var f = Descent.IO.SafeTensors.Load(Path.Combine(path, "model.safetensors"));
        Assert.Equal(["0.bias", "0.weight", "2.bias", "2.weight"], f.Tensors.Keys.Order());
        Assert.Equal("pt", f.Metadata["format"]);
    }

    private static (Module Model, Optimizer Optimizer) Trained(ulong seed, int steps)
    {
        var rng = new Rng(seed);
        var model = new Sequential(new Linear(2, 4, rng, dtype: DType.Float64), new Tanh(), new Linear(4, 1, rng, dtype: DType.Float64));
        var opt = OptimizerRegistry.Create("adam:lr=0.1", model.Parameters());
        for (int i = 0; i < steps; i++)
        {
            Step(model, opt);
        }

        return (model, opt);
    }

    private static void Step(Module model, Optimizer opt)
    {
        opt.ZeroGrad();
        var x = Tensor.FromArray(new[] { 1.0, -2.0, 0.5, 3.0 }, 2, 2);
        var y = Tensor.FromArray(new[] { 0.3, -0.7 }, 2, 1);
        Losses.Mse(model.Forward(x), y).Backward();
        opt.Step();
    }
}
