using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Descent.IO;
using Descent.NN;
using Descent.Optim;

namespace Descent.Training;

/// <summary>A checkpoint read back from disk, verified but not yet applied to a model.</summary>
/// <param name="Path">The checkpoint's directory.</param>
/// <param name="Model">Model weights and buffers by name.</param>
/// <param name="Optimizer">The optimizer's state (including attached schedulers' state).</param>
/// <param name="Progress">Where the run stands.</param>
public sealed record CheckpointData(string Path, IReadOnlyDictionary<string, Tensor> Model, OptimizerStateDict Optimizer, TrainingProgress Progress);

/// <summary>
/// Saves and restores training runs. A checkpoint directory holds complete checkpoints named <c>step-NNNNNNNNN</c> and a file
/// <c>latest</c> naming the newest one:
/// <code>
/// DIR/latest
/// DIR/step-000001000/model.safetensors   weights (loadable by PyTorch and Hugging Face tools)
/// DIR/step-000001000/optimizer.bin       optimizer and scheduler state
/// DIR/step-000001000/progress.json       epoch, step, loader cursor, RNG states, history, configuration
/// DIR/step-000001000/manifest.json       format version, and each file's size and SHA-256
/// </code>
/// </summary>
/// <remarks>
/// A checkpoint is written into a hidden temporary directory, flushed, renamed into place, and only then does <c>latest</c> move
/// (atomically) to it; older checkpoints beyond <c>keep</c> are deleted last. A process killed at any moment therefore leaves the
/// previous checkpoint intact and named by <c>latest</c>. Loading verifies the manifest's version, sizes and checksums before
/// anything is parsed, and <see cref="Restore"/> applies the state all-or-nothing.
/// </remarks>
public static class Checkpoint
{
    /// <summary>The format this version writes and reads.</summary>
    public const int FormatVersion = 1;

    private const string LatestFile = "latest";
    private const string ManifestFile = "manifest.json";
    private static readonly string[] Files = ["model.safetensors", "optimizer.bin", "progress.json"];
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>Writes a checkpoint of the model, optimizer and progress into <paramref name="directory"/>; returns its path.</summary>
    /// <param name="directory">The checkpoint directory (created if missing).</param>
    /// <param name="model">The model whose parameters and buffers are saved.</param>
    /// <param name="optimizer">The optimizer whose state (with attached schedulers) is saved.</param>
    /// <param name="progress">Where the run stands.</param>
    /// <param name="keep">How many checkpoints to keep (the newest ones); at least 1.</param>
    public static string Save(string directory, Module model, Optimizer optimizer, TrainingProgress progress, int keep = 2)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(progress);
        ArgumentOutOfRangeException.ThrowIfLessThan(keep, 1);
        Directory.CreateDirectory(directory);
        string name = "step-" + progress.GlobalStep.ToString("D9", CultureInfo.InvariantCulture);
        string final = Path.Combine(directory, name);
        string temp = Path.Combine(directory, $".{name}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        Directory.CreateDirectory(temp);
        try
        {
            SafeTensors.Save(Path.Combine(temp, Files[0]), model.StateDict(), new Dictionary<string, string> { ["format"] = "pt", ["producer"] = "Descent" });
            AtomicFile.Write(Path.Combine(temp, Files[1]), s => optimizer.StateDict().Save(s));
            AtomicFile.WriteAllText(Path.Combine(temp, Files[2]), JsonSerializer.Serialize(progress, Json));
            var manifest = new Manifest(FormatVersion, Files.Select(f => FileEntry.Of(Path.Combine(temp, f))).ToList());
            AtomicFile.WriteAllText(Path.Combine(temp, ManifestFile), JsonSerializer.Serialize(manifest, Json));
            if (Directory.Exists(final))
            {
                // Same step saved again (e.g. after a resume): replace it; `latest` is rewritten below either way.
                Directory.Delete(final, recursive: true);
            }

            Directory.Move(temp, final);
        }
        catch
        {
            TryDeleteDirectory(temp);
            throw;
        }

        AtomicFile.WriteAllText(Path.Combine(directory, LatestFile), name + "\n");
        foreach (var old in List(directory).SkipLast(keep))
        {
            TryDeleteDirectory(Path.Combine(directory, old));
        }

        return final;
    }

    /// <summary>The name of the newest complete checkpoint in <paramref name="directory"/>, or null.</summary>
    public static string? Latest(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var pointer = Path.Combine(directory, LatestFile);
        if (File.Exists(pointer))
        {
            var name = File.ReadAllText(pointer).Trim();
            if (IsCheckpointName(name) && File.Exists(Path.Combine(directory, name, ManifestFile)))
            {
                return name;
            }
        }

        // No (usable) pointer: fall back to the newest directory that has a manifest.
        return List(directory).LastOrDefault(n => File.Exists(Path.Combine(directory, n, ManifestFile)));
    }

    /// <summary>Reads and verifies the newest checkpoint in <paramref name="directory"/> (or a checkpoint directory itself).</summary>
    /// <exception cref="ArgumentException">No checkpoint, an unsupported version, a size or checksum mismatch, or a malformed file;
    /// the message names the file.</exception>
    public static CheckpointData Load(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        if (!Directory.Exists(directory))
        {
            throw new ArgumentException($"checkpoint directory {directory} does not exist", nameof(directory));
        }

        string path = File.Exists(Path.Combine(directory, ManifestFile)) ? directory
            : Latest(directory) is { } name ? Path.Combine(directory, name)
            : throw new ArgumentException($"no checkpoint in {directory} (expected a \"latest\" file or step-* directories written by descent)", nameof(directory));
        var manifestPath = Path.Combine(path, ManifestFile);
        Manifest manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<Manifest>(File.ReadAllText(manifestPath)) ?? throw new JsonException("empty");
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"{manifestPath}: not a valid checkpoint manifest ({e.Message.Split('.')[0]})", nameof(directory));
        }

        if (manifest.FormatVersion > FormatVersion || manifest.FormatVersion < 1)
        {
            throw new ArgumentException($"{manifestPath}: checkpoint format version {manifest.FormatVersion} is not supported by this version of Descent (it reads version {FormatVersion})", nameof(directory));
        }

        foreach (var f in Files)
        {
            var entry = manifest.Files?.FirstOrDefault(e => e.Name == f)
                ?? throw new ArgumentException($"{manifestPath}: the manifest does not list {f}", nameof(directory));
            var actual = FileEntry.Of(Path.Combine(path, f), mustExist: false);
            if (actual.Size != entry.Size || !string.Equals(actual.Sha256, entry.Sha256, StringComparison.Ordinal))
            {
                throw new ArgumentException($"{Path.Combine(path, f)} is corrupted: size {actual.Size} and SHA-256 {actual.Sha256[..Math.Min(12, actual.Sha256.Length)]}… do not match the manifest ({entry.Size}, {entry.Sha256[..12]}…)", nameof(directory));
            }
        }

        var weights = SafeTensors.Load(Path.Combine(path, Files[0])).Tensors;
        OptimizerStateDict optimizerState;
        using (var s = File.OpenRead(Path.Combine(path, Files[1])))
        {
            optimizerState = OptimizerStateDict.Load(s);
        }

        TrainingProgress progress;
        try
        {
            progress = JsonSerializer.Deserialize<TrainingProgress>(File.ReadAllText(Path.Combine(path, Files[2]))) ?? throw new JsonException("empty");
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"{Path.Combine(path, Files[2])}: malformed progress record ({e.Message.Split('.')[0]})", nameof(directory));
        }

        return new CheckpointData(path, weights, optimizerState, progress);
    }

    /// <summary>
    /// Loads the newest checkpoint into <paramref name="model"/> and <paramref name="optimizer"/> all-or-nothing: if either does not
    /// fit, both are left exactly as they were. Returns the progress to continue from.
    /// </summary>
    public static TrainingProgress Restore(string directory, Module model, Optimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        var data = Load(directory);
        var modelBefore = model.StateDict();
        var optimizerBefore = optimizer.StateDict();
        try
        {
            model.LoadStateDict(data.Model);
            optimizer.LoadStateDict(data.Optimizer);
        }
        catch
        {
            model.LoadStateDict(modelBefore);
            optimizer.LoadStateDict(optimizerBefore);
            throw;
        }

        return data.Progress;
    }

    private static List<string> List(string directory) =>
        !Directory.Exists(directory) ? []
        : Directory.GetDirectories(directory).Select(Path.GetFileName).OfType<string>().Where(IsCheckpointName).Order(StringComparer.Ordinal).ToList();

    private static bool IsCheckpointName(string name) => name.Length == 14 && name.StartsWith("step-", StringComparison.Ordinal) && name[5..].All(char.IsAsciiDigit);

    private static void TryDeleteDirectory(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException)
        {
            // An old checkpoint that cannot be removed costs disk space, not correctness.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private sealed record Manifest(int FormatVersion, List<FileEntry>? Files);

    private sealed record FileEntry(string Name, long Size, string Sha256)
    {
        public static FileEntry Of(string path, bool mustExist = true)
        {
            if (!File.Exists(path))
            {
                if (mustExist)
                {
                    throw new FileNotFoundException($"checkpoint file {path} was not written");
                }

                return new FileEntry(Path.GetFileName(path), -1, "missing");
            }

            using var s = File.OpenRead(path);
            var hash = Convert.ToHexStringLower(SHA256.HashData(s));
            return new FileEntry(Path.GetFileName(path), new FileInfo(path).Length, hash);
        }
    }
}
