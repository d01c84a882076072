using Descent.Training;
using static Descent.Tests.Training.CheckpointFiles;
using static Descent.Tests.Training.TrainingTestUtil;

namespace Descent.Tests.Training;

/// <summary>
/// Seeded random damage to a real checkpoint (bit flips, truncation, inserted, deleted and duplicated bytes, header edits), with the
/// manifest usually re-sealed so that the damage reaches the parsers behind the checksum: resuming may only fail with an
/// <see cref="ArgumentException"/> naming the checkpoint, and a failed resume leaves the model, the optimizer and the trainer as they
/// were. What is accepted must then train (or stop) without any other exception.
/// </summary>
public sealed class CheckpointFuzzTests : IDisposable
{
    private static readonly string[] Targets = [.. Names, "manifest.json", "latest"];

    private readonly string _dir = Fuzz.ScratchDirectory("descent-ckfuzz-");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Resume_MutatedCheckpoints_OnlyRaiseArgumentExceptionsAndChangeNothing()
    {
        var data = Moons(32);
        string source = Path.Combine(_dir, "source");
        var (trainer, loader) = AdamRun(data, seed: 4, dropout: true, new TrainerOptions { Epochs = 1, CheckpointDirectory = source }, batchSize: 8);
        trainer.Fit(loader);
        string name = Checkpoint.Latest(source)!;
        var original = Targets.ToDictionary(f => f, f => File.ReadAllBytes(f == "latest" ? Path.Combine(source, f) : Path.Combine(source, name, f)));

        string target = Path.Combine(_dir, "case");
        string checkpoint = Path.Combine(target, name);
        Directory.CreateDirectory(checkpoint);
        var rng = Fuzz.Seeded(77);
        int accepted = 0, rejected = 0, resealed = 0, cases = Fuzz.Iterations(600);
        Trainer? fresh = null;
        Descent.Data.DataLoader? freshLoader = null;
        byte[] before = [];
        for (int c = 0; c < cases; c++)
        {
            foreach (var (f, bytes) in original)
            {
                File.WriteAllBytes(f == "latest" ? Path.Combine(target, f) : Path.Combine(checkpoint, f), bytes);
            }

            string victim = Targets[rng.NextInt(Targets.Length)];
            var mutated = Fuzz.Mutate(original[victim], rng, headerBytes: 64);
            File.WriteAllBytes(victim == "latest" ? Path.Combine(target, victim) : Path.Combine(checkpoint, victim), mutated);
            if (Names.Contains(victim) && rng.NextInt(4) != 0)
            {
                Reseal(checkpoint, victim);
                resealed++;
            }

            if (fresh == null)
            {
                (fresh, freshLoader) = AdamRun(data, seed: 4, dropout: true, new TrainerOptions { Epochs = 2 }, batchSize: 8);
                before = Snapshot(fresh);
            }

            try
            {
                fresh.Resume(target);
            }
            catch (ArgumentException e)
            {
                // The trainer is unchanged (checked here), so the next case can use it again.
                rejected++;
                Assert.True(e.Message.Contains(target, StringComparison.Ordinal), $"case {c} ({victim}): the message does not name the checkpoint: {e.Message}");
                Assert.True(before.AsSpan().SequenceEqual(Snapshot(fresh)), $"case {c} ({victim}): a refused resume changed the model or optimizer ({e.Message})");
                Assert.Equal(0, fresh.GlobalStep);
                Assert.Equal(0, fresh.CompletedEpochs);
                continue;
            }
#pragma warning disable CA1031 // The point of the test: report any other exception with the case that caused it.
            catch (Exception e)
#pragma warning restore CA1031
            {
                Assert.Fail($"case {c} ({victim}, {mutated.Length} bytes): {e.GetType().Name} escaped: {e.Message}");
            }

            accepted++;
            try
            {
                fresh.Fit(freshLoader!);
            }
            catch (ArgumentException)
            {
                // A damaged loader cursor that still parses is refused by Fit, which is where it is checked against the loader.
            }
#pragma warning disable CA1031
            catch (Exception e)
#pragma warning restore CA1031
            {
                Assert.Fail($"case {c} ({victim}): training after an accepted resume threw {e.GetType().Name}: {e.Message}");
            }

            fresh = null;
        }

        // Both outcomes must be exercised, and most damage must reach the parsers rather than stop at the checksum.
        Assert.True(rejected > cases / 3, $"only {rejected} of {cases} cases were rejected");
        Assert.True(accepted > cases / 30, $"only {accepted} of {cases} cases were accepted");
        Assert.True(resealed > cases / 3, $"only {resealed} of {cases} cases were re-sealed");
    }

    [Fact]
    public void OptimizerStateLoad_MutatedBytes_OnlyRaiseArgumentExceptionsNamingTheSource()
    {
        // The optimizer-state parser alone, in memory: many more cases per second than whole checkpoints on disk.
        var (trainer, loader) = AdamRun(Moons(32), seed: 4, dropout: false, new TrainerOptions { Epochs = 1 }, batchSize: 8);
        trainer.Fit(loader);
        using var ms = new MemoryStream();
        trainer.Optimizer.StateDict().Save(ms);
        var original = ms.ToArray();
        var rng = Fuzz.Seeded(78);
        int accepted = 0, rejected = 0, cases = Fuzz.Iterations(4000);
        for (int c = 0; c < cases; c++)
        {
            var bytes = Fuzz.Mutate(original, rng, headerBytes: 96);
            try
            {
                var state = Descent.Optim.OptimizerStateDict.Load(new MemoryStream(bytes, writable: false), "fuzz.bin");
                accepted++;
                Assert.All(state.State.Values.SelectMany(e => e.Buffers.Values), t => Assert.Equal(t.Shape.Numel, t.ToArray().Length));
            }
            catch (ArgumentException e)
            {
                rejected++;
                Assert.True(e.Message.StartsWith("fuzz.bin: ", StringComparison.Ordinal), $"case {c}: {e.Message}");
            }
#pragma warning disable CA1031
            catch (Exception e)
#pragma warning restore CA1031
            {
                Assert.Fail($"case {c}: {e.GetType().Name} escaped: {e.Message} (bytes {Convert.ToHexString(bytes)})");
            }
        }

        Assert.True(rejected > cases / 2, $"only {rejected} of {cases} cases were rejected");
        Assert.True(accepted > cases / 50, $"only {accepted} of {cases} cases were accepted");
    }
}
