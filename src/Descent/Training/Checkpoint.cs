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
    /// <summary>
    /// The format this version writes; it reads this one and every earlier one. 2: the history is stored in <c>progress.json</c>
    /// as a JSON array rather than as one escaped string (1).
    /// </summary>
    public const int FormatVersion = 2;

    private const string LatestFile = "latest";
    private const string ManifestFile = "manifest.json";
    private static readonly string[] Files = ["model.safetensors", "optimizer.bin", "progress.json"];
    private const long MaxManifestBytes = 1 << 20;
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
            TestHook.Pause(directory, progress.GlobalStep, "model");
            AtomicFile.Write(Path.Combine(temp, Files[1]), s => optimizer.StateDict().Save(s));
            TestHook.Pause(directory, progress.GlobalStep, "optimizer");
            // Streamed to the file, so the serializer's buffer is flushed as it fills instead of growing to the whole record.
            AtomicFile.Write(Path.Combine(temp, Files[2]), s => JsonSerializer.Serialize(s, progress, Json));
            TestHook.Pause(directory, progress.GlobalStep, "progress");
            var manifest = new Manifest(FormatVersion, Files.Select(f => FileEntry.Of(Path.Combine(temp, f))).ToList());
            AtomicFile.WriteAllText(Path.Combine(temp, ManifestFile), JsonSerializer.Serialize(manifest, Json));
            TestHook.Pause(directory, progress.GlobalStep, "manifest");
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

        TestHook.Pause(directory, progress.GlobalStep, "rename");
        AtomicFile.WriteAllText(Path.Combine(directory, LatestFile), name + "\n");
        TestHook.Pause(directory, progress.GlobalStep, "latest");
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
        var manifest = ReadManifest(manifestPath);
        foreach (var f in Files)
        {
            var entry = manifest.Files!.First(e => e.Name == f);
            string file = Path.Combine(path, f);
            var info = new FileInfo(file);
            if (!info.Exists)
            {
                throw new ArgumentException($"{file} is missing: the checkpoint is incomplete (its manifest {manifestPath} lists it)", nameof(directory));
            }

            // The size first: a truncated file is reported as such, and a huge one is not hashed for nothing.
            if (info.Length != entry.Size)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"{file} is corrupted: it has {info.Length} bytes but the manifest records {entry.Size} (truncated or overwritten)"), nameof(directory));
            }

            var actual = FileEntry.Of(file);
            if (!string.Equals(actual.Sha256, entry.Sha256, StringComparison.OrdinalIgnoreCase))
            {
                throw new ArgumentException($"{file} is corrupted: its SHA-256 {actual.Sha256[..12]}… does not match the manifest's {entry.Sha256[..12]}…", nameof(directory));
            }
        }

        var weights = SafeTensors.Load(Path.Combine(path, Files[0])).Tensors;
        OptimizerStateDict optimizerState;
        string optimizerFile = Path.Combine(path, Files[1]);
        using (var s = File.OpenRead(optimizerFile))
        {
            optimizerState = OptimizerStateDict.Load(s, optimizerFile);
        }

        string progressFile = Path.Combine(path, Files[2]);
        TrainingProgress progress;
        try
        {
            progress = JsonSerializer.Deserialize<TrainingProgress>(File.ReadAllText(progressFile)) ?? throw new JsonException("the file holds null");
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"{progressFile}: malformed progress record ({Describe(e)})", nameof(directory));
        }

        CheckProgress(progress, progressFile);
        return new CheckpointData(path, weights, optimizerState, progress);
    }

    /// <summary>
    /// Loads the newest checkpoint into <paramref name="model"/> and <paramref name="optimizer"/> all-or-nothing: if either does not
    /// fit, both are left exactly as they were. Returns the progress to continue from.
    /// </summary>
    /// <exception cref="ArgumentException">No readable checkpoint (see <see cref="Load"/>), or one whose tensors do not match the
    /// model's names, shapes and dtypes, or whose optimizer state does not fit <paramref name="optimizer"/>.</exception>
    public static TrainingProgress Restore(string directory, Module model, Optimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        var data = Load(directory);
        Apply(data, model, optimizer);
        return data.Progress;
    }

    /// <summary>
    /// Puts a loaded checkpoint into the model and optimizer: the weights are checked against the model (every name, shape, dtype,
    /// finiteness) before anything changes, then the optimizer validates and takes its state (rolled back if it refuses part way),
    /// and only then are the weights copied, which can no longer fail.
    /// </summary>
    internal static void Apply(CheckpointData data, Module model, Optimizer optimizer)
    {
        CheckWeights(data, model);
        var optimizerBefore = optimizer.StateDict();
        try
        {
            optimizer.LoadStateDict(data.Optimizer);
        }
        catch (ArgumentException e)
        {
            optimizer.LoadStateDict(optimizerBefore);
            throw new ArgumentException($"{Path.Combine(data.Path, Files[1])}: the optimizer state does not fit this optimizer: {WithoutParameterName(e)}", nameof(data), e);
        }
        catch
        {
            optimizer.LoadStateDict(optimizerBefore);
            throw;
        }

        model.LoadStateDict(data.Model);
    }

    private static void CheckWeights(CheckpointData data, Module model)
    {
        string file = Path.Combine(data.Path, Files[0]);
        var expected = model.NamedParameters().Concat(model.NamedBuffers()).ToList();
        var names = expected.Select(t => t.Item1).ToHashSet(StringComparer.Ordinal);
        var problems = new List<string>();
        var missing = expected.Select(t => t.Item1).Where(n => !data.Model.ContainsKey(n)).ToList();
        var unexpected = data.Model.Keys.Where(n => !names.Contains(n)).Order(StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            problems.Add($"missing tensor{(missing.Count == 1 ? "" : "s")} {string.Join(", ", missing.Select(n => $"\"{n}\""))}");
        }

        if (unexpected.Count > 0)
        {
            problems.Add($"unexpected tensor{(unexpected.Count == 1 ? "" : "s")} {string.Join(", ", unexpected.Select(n => $"\"{n}\""))}");
        }

        foreach (var (name, t) in expected)
        {
            if (!data.Model.TryGetValue(name, out var saved))
            {
                continue;
            }

            if (saved.Shape != t.Shape)
            {
                problems.Add($"tensor \"{name}\" has shape {saved.Shape} in the checkpoint but {t.Shape} in the model");
            }
            else if (saved.DType != t.DType)
            {
                problems.Add($"tensor \"{name}\" is {saved.DType.Name()} in the checkpoint but {t.DType.Name()} in the model");
            }
            else if (!GradientGuard.IsAllFinite(saved))
            {
                problems.Add($"tensor \"{name}\" holds NaN or infinite values");
            }
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException($"{file} does not fit this model ({model.GetType().Name}): {string.Join("; ", problems)}. Was it saved from another --model?", nameof(data));
        }
    }

    private static Manifest ReadManifest(string manifestPath)
    {
        var info = new FileInfo(manifestPath);
        if (info.Length > MaxManifestBytes)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{manifestPath}: {info.Length} bytes is too large for a checkpoint manifest; the file is not one"), nameof(manifestPath));
        }

        Manifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<Manifest>(File.ReadAllText(manifestPath));
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"{manifestPath}: not a valid checkpoint manifest ({Describe(e)})", nameof(manifestPath));
        }

        if (manifest == null)
        {
            throw new ArgumentException($"{manifestPath}: not a valid checkpoint manifest (it holds null)", nameof(manifestPath));
        }

        if (manifest.FormatVersion > FormatVersion || manifest.FormatVersion < 1)
        {
            throw new ArgumentException($"{manifestPath}: checkpoint format version {manifest.FormatVersion} is not supported by this version of Descent (it reads versions 1 to {FormatVersion})", nameof(manifestPath));
        }

        foreach (var f in Files)
        {
            var entries = manifest.Files?.Where(e => e?.Name == f).ToList() ?? [];
            if (entries.Count != 1)
            {
                throw new ArgumentException($"{manifestPath}: the manifest {(entries.Count == 0 ? "does not list" : "lists more than once")} {f}", nameof(manifestPath));
            }

            var entry = entries[0];
            if (entry.Size < 0 || entry.Sha256 is not { Length: 64 } hash || !hash.All(char.IsAsciiHexDigit))
            {
                throw new ArgumentException($"{manifestPath}: the entry for {f} needs a size ≥ 0 and a 64-digit hexadecimal SHA-256", nameof(manifestPath));
            }
        }

        return manifest;
    }

    /// <summary>Checks what the trainer relies on, so that a hand-edited progress record is an error here, not a crash later.</summary>
    private static void CheckProgress(TrainingProgress p, string file)
    {
        string? problem = p.Epoch < 0 ? $"Epoch is {p.Epoch}"
            : p.GlobalStep < 0 ? $"GlobalStep is {p.GlobalStep}"
            : p.Rngs == null ? "Rngs is missing"
            : p.Scalars == null ? "Scalars is missing"
            : p.Rngs.FirstOrDefault(kv => kv.Value is not { Block.Length: 4, Used: >= 0 and <= 4 }) is { Key: { } bad } ? $"generator state \"{bad}\" is malformed"
            : p.Loader is { } l && (l.Epoch < 0 || l.Position < 0 || l.BatchSize <= 0 || l.DatasetCount < 0 || l.BatchesPerEpoch < 0) ? "the loader state is out of range"
            : null;
        if (problem != null)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{file}: malformed progress record ({problem})"), nameof(file));
        }
    }

    /// <summary>Where a JSON file went wrong, in the file's terms (line and byte are 1-based; the path names the field).</summary>
    private static string Describe(JsonException e) =>
        e.LineNumber is { } line
            ? string.Create(CultureInfo.InvariantCulture, $"invalid JSON or a value of the wrong type at line {line + 1}, byte {(e.BytePositionInLine ?? 0) + 1}") + (string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "" : $", field {e.Path}")
            : e.Message;

    private static string WithoutParameterName(ArgumentException e) =>
        e.ParamName is { } name && e.Message.EndsWith($" (Parameter '{name}')", StringComparison.Ordinal) ? e.Message[..^($" (Parameter '{name}')".Length)] : e.Message;

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
        public static FileEntry Of(string path)
        {
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"checkpoint file {path} was not written");
            }

            using var s = File.OpenRead(path);
            var hash = Convert.ToHexStringLower(SHA256.HashData(s));
            return new FileEntry(Path.GetFileName(path), new FileInfo(path).Length, hash);
        }
    }
}
