using Descent.IO;
using Descent.NN;
using Descent.Optim;
using Descent.Training;
using static Descent.Tests.Training.CheckpointFiles;
using static Descent.Tests.Training.TrainingTestUtil;

namespace Descent.Tests.Training;

/// <summary>
/// A damaged or mismatched checkpoint is refused with a message naming the file and what is wrong, and the model, the optimizer and
/// the trainer are left exactly as they were.
/// </summary>
public sealed class CheckpointValidationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("descent-ckval-").FullName;
    private readonly string _checkpoint;

    public CheckpointValidationTests()
    {
        var (trainer, loader) = AdamRun(Moons(64), seed: 3, dropout: true, new TrainerOptions { Epochs = 1, CheckpointDirectory = _dir });
        trainer.Fit(loader);
        _checkpoint = Path.Combine(_dir, Checkpoint.Latest(_dir)!);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Resume_Intact_Succeeds()
    {
        var fresh = Fresh();
        fresh.Resume(_dir);
        Assert.Equal(4, fresh.GlobalStep);
    }

    [Theory]
    [InlineData("model.safetensors")]
    [InlineData("optimizer.bin")]
    [InlineData("progress.json")]
    public void Resume_FlippedByte_FailsTheChecksumAndChangesNothing(string file)
    {
        var path = Path.Combine(_checkpoint, file);
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x10;
        File.WriteAllBytes(path, bytes);

        var e = AssertRefused(Fresh());
        Assert.Contains($"{path} is corrupted: its SHA-256", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("model.safetensors")]
    [InlineData("optimizer.bin")]
    [InlineData("progress.json")]
    public void Resume_TruncatedFile_SaysSoAndChangesNothing(string file)
    {
        var path = Path.Combine(_checkpoint, file);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length - 7)]);

        var e = AssertRefused(Fresh());
        Assert.Contains($"{path} is corrupted: it has {bytes.Length - 7} bytes but the manifest records {bytes.Length}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resume_MissingFile_SaysTheCheckpointIsIncomplete()
    {
        File.Delete(Path.Combine(_checkpoint, "optimizer.bin"));
        var e = AssertRefused(Fresh());
        Assert.Contains("optimizer.bin is missing: the checkpoint is incomplete", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(99)]
    public void Resume_UnsupportedFormatVersion_IsRefused(int version)
    {
        EditManifest(m => m.Replace("\"FormatVersion\": 2", $"\"FormatVersion\": {version}", StringComparison.Ordinal));
        var e = AssertRefused(Fresh());
        Assert.Contains($"checkpoint format version {version} is not supported", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"FormatVersion\": 1}", "does not list model.safetensors")]
    [InlineData("null", "holds null")]
    [InlineData("{\"FormatVersion\": 1, \"Files\": [{\"Name\": \"model.safetensors\", \"Size\": 10}]}", "needs a size ≥ 0 and a 64-digit hexadecimal SHA-256")]
    [InlineData("{\"FormatVersion\": 1, \"Files\": [null]}", "does not list model.safetensors")]
    [InlineData("{\"FormatVersion\": \"one\"}", "not a valid checkpoint manifest (invalid JSON or a value of the wrong type at line 1, byte 24, field $.FormatVersion)")]
    [InlineData("[1, 2", "not a valid checkpoint manifest (invalid JSON or a value of the wrong type at line 1")]
    public void Resume_MalformedManifest_NamesTheManifest(string manifest, string expected)
    {
        File.WriteAllText(Path.Combine(_checkpoint, "manifest.json"), manifest);
        var e = AssertRefused(Fresh());
        Assert.Contains(Path.Combine(_checkpoint, "manifest.json"), e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resume_WeightsOfAnotherShape_NamesTheTensorAndChangesNothing()
    {
        var weights = Weights();
        weights["0.weight"] = Tensor.Zeros(new Shape(16, 3));
        WriteWeights(weights);

        var e = AssertRefused(Fresh());
        Assert.Contains("model.safetensors does not fit this model (Sequential): tensor \"0.weight\" has shape [16, 3] in the checkpoint but [16, 2] in the model", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resume_MissingAndExtraTensors_AreListed()
    {
        var weights = Weights();
        weights.Remove("3.bias");
        weights["4.weight"] = Tensor.Zeros(new Shape(2));
        WriteWeights(weights);

        var e = AssertRefused(Fresh());
        Assert.Contains("missing tensor \"3.bias\"; unexpected tensor \"4.weight\"", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resume_WeightsOfAnotherDType_AreRefused()
    {
        var weights = Weights();
        weights["0.bias"] = weights["0.bias"].To(DType.Float64);
        WriteWeights(weights);

        var e = AssertRefused(Fresh());
        Assert.Contains("tensor \"0.bias\" is float64 in the checkpoint but float32 in the model", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resume_NonFiniteWeights_AreRefused()
    {
        var weights = Weights();
        var bad = weights["3.weight"].ToFloatArray();
        bad[1] = float.NaN;
        weights["3.weight"] = Tensor.FromArray(bad, weights["3.weight"].Shape.ToArray());
        WriteWeights(weights);

        var e = AssertRefused(Fresh());
        Assert.Contains("tensor \"3.weight\" holds NaN or infinite values", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resume_OptimizerStateOfAnotherOptimizer_LeavesModelAndOptimizerUnchanged()
    {
        var model = Mlp(3, dropout: true);
        var sgd = OptimizerRegistry.Create("sgd:lr=0.1,momentum=0.9", model.Parameters());
        var trainer = new Trainer(model, sgd, new TrainerOptions { Epochs = 2 });

        var e = AssertRefused(trainer);
        Assert.Contains("optimizer.bin: the optimizer state does not fit this optimizer: state dict was saved by optimizer \"adam\" but this optimizer is \"sgd\"; create a adam optimizer to load it (Parameter 'data')", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resume_SchedulerMissing_IsRefusedAndChangesNothing()
    {
        // Adam without the scheduler the checkpoint has state for: the optimizer refuses after checking its own part.
        var model = Mlp(3, dropout: true);
        var adam = OptimizerRegistry.Create("adam:lr=0.01", model.Parameters());
        var trainer = new Trainer(model, adam, new TrainerOptions { Epochs = 2 });

        var e = AssertRefused(trainer);
        Assert.Contains("which is not attached to this optimizer", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resume_TruncatedOptimizerStateWithMatchingChecksum_NamesTheFileAndOffset()
    {
        var path = Path.Combine(_checkpoint, "optimizer.bin");
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..200]);
        Reseal(_checkpoint, "optimizer.bin");

        var e = AssertRefused(Fresh());
        Assert.Contains(path + ": optimizer state file is truncated (it ends at byte 200)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resume_HugeCountInOptimizerState_IsAnErrorNotAnAllocation()
    {
        // The first group's hyperparameter count sits right after the magic, version, name and step count.
        var path = Path.Combine(_checkpoint, "optimizer.bin");
        var bytes = File.ReadAllBytes(path);
        int groups = 14 + 4 + 1 + "adam".Length + 8;
        int hyperparameters = groups + 4;
        BitConverter.TryWriteBytes(bytes.AsSpan(hyperparameters), 2_000_000_000);
        File.WriteAllBytes(path, bytes);
        Reseal(_checkpoint, "optimizer.bin");

        var e = AssertRefused(Fresh());
        Assert.Contains($"{path}: corrupt optimizer state at byte {hyperparameters}: 2000000000 hyperparameters cannot fit in the ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resume_HugeBufferShapeInOptimizerState_IsAnErrorNotAnAllocation()
    {
        OptimizerStateDict state;
        using (var s = File.OpenRead(Path.Combine(_checkpoint, "optimizer.bin")))
        {
            state = OptimizerStateDict.Load(s);
        }

        var entry = state.State["0.weight"];
        entry.Buffers["exp_avg"] = Tensor.Zeros(new Shape(0));
        using (var s = File.Create(Path.Combine(_checkpoint, "optimizer.bin")))
        {
            state.Save(s);
        }

        // Make the empty buffer (dtype byte, rank 1, dimension 0) claim 50 000 × 50 000 floats.
        var path = Path.Combine(_checkpoint, "optimizer.bin");
        var bytes = File.ReadAllBytes(path);
        int at = IndexOf(bytes, "exp_avg"u8) + "exp_avg".Length;
        Assert.Equal(1, bytes[at + 1]);
        var patched = bytes[..(at + 1)].Concat(BitConverter.GetBytes(2)).Concat(BitConverter.GetBytes(50_000)).Concat(BitConverter.GetBytes(50_000)).Concat(bytes[(at + 9)..]).ToArray();
        File.WriteAllBytes(path, patched);
        Reseal(_checkpoint, "optimizer.bin");

        var e = AssertRefused(Fresh());
        Assert.Contains("buffer \"exp_avg\" of \"0.weight\" has shape [50000, 50000]: 2500000000 elements need more bytes than the", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resume_OptimizerStateLackingAMomentBuffer_IsRefusedBeforeAnyStep()
    {
        // Found by the long fuzz run: a renamed buffer used to load, then fail inside the next step with KeyNotFoundException.
        var path = Path.Combine(_checkpoint, "optimizer.bin");
        var bytes = File.ReadAllBytes(path);
        int at = IndexOf(bytes, "exp_avg_sq"u8);
        bytes[at + 9] = (byte)'Q';
        File.WriteAllBytes(path, bytes);
        Reseal(_checkpoint, "optimizer.bin");

        var e = AssertRefused(Fresh());
        Assert.Contains("state of parameter \"0.weight\" lacks \"exp_avg_sq\", which adam keeps for every parameter", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"Rngs\":", "\"Rngs\": null, \"X\":", "Rngs is missing")]
    [InlineData("\"Epoch\": 1", "\"Epoch\": -1", "Epoch is -1")]
    [InlineData("\"Block\": [", "\"Block\": [1, ", "generator state \"dropout:2\" is malformed")]
    [InlineData("\"GlobalStep\": 4", "\"GlobalStep\": \"four\"", "malformed progress record (invalid JSON or a value of the wrong type at line 3, byte 23, field $.GlobalStep)")]
    public void Resume_MalformedProgress_NamesTheFile(string find, string replace, string expected)
    {
        var path = Path.Combine(_checkpoint, "progress.json");
        var text = File.ReadAllText(path);
        Assert.Contains(find, text, StringComparison.Ordinal);
        File.WriteAllText(path, text.Replace(find, replace, StringComparison.Ordinal));
        Reseal(_checkpoint, "progress.json");

        var e = AssertRefused(Fresh());
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resume_DropoutWithAnotherSeed_IsRefusedBeforeAnythingChanges()
    {
        var rng = new Rng(3);
        var model = new Sequential(new Linear(2, 16, rng), new ReLU(), new Dropout(0.2, 12345), new Linear(16, 2, rng));
        var trainer = new Trainer(model, OptimizerRegistry.Create("adam:lr=0.01", model.Parameters()), new TrainerOptions { Epochs = 2 });

        var e = AssertRefused(trainer);
        Assert.Contains("dropout layer \"2\" was saved with generator seed 103, this one has seed 12345", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Restore_WeightsOfAnotherShape_LeavesModelAndOptimizerUnchanged()
    {
        var rng = new Rng(0);
        var other = new Sequential(new Linear(2, 8, rng), new ReLU(), new Linear(8, 2, rng));
        var opt = OptimizerRegistry.Create("adam:lr=0.01", other.Parameters());
        var before = Snapshot(other, opt);

        var e = Assert.ThrowsAny<ArgumentException>(() => Checkpoint.Restore(_dir, other, opt));
        Assert.Contains("has shape [16, 2] in the checkpoint but [8, 2] in the model", e.Message, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot(other, opt));
    }

    private static int IndexOf(byte[] haystack, ReadOnlySpan<byte> needle) => haystack.AsSpan().IndexOf(needle);

    private static Trainer Fresh() => AdamRun(Moons(64), seed: 3, dropout: true, new TrainerOptions { Epochs = 2 }).Trainer;

    private ArgumentException AssertRefused(Trainer trainer)
    {
        var before = Snapshot(trainer);
        var history = trainer.History.Count;
        var e = Assert.ThrowsAny<ArgumentException>(() => trainer.Resume(_dir));
        Assert.Equal(before, Snapshot(trainer));
        Assert.Equal(0, trainer.GlobalStep);
        Assert.Equal(0, trainer.CompletedEpochs);
        Assert.Equal(history, trainer.History.Count);
        return e;
    }

    private Dictionary<string, Tensor> Weights() =>
        SafeTensors.Load(Path.Combine(_checkpoint, "model.safetensors")).Tensors.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);

    private void WriteWeights(Dictionary<string, Tensor> weights)
    {
        SafeTensors.Save(Path.Combine(_checkpoint, "model.safetensors"), weights);
        Reseal(_checkpoint, "model.safetensors");
    }

    private void EditManifest(Func<string, string> edit)
    {
        var path = Path.Combine(_checkpoint, "manifest.json");
        File.WriteAllText(path, edit(File.ReadAllText(path)));
    }
}
