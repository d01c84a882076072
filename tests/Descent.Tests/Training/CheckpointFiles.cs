using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Descent.Optim;
using Descent.Training;

namespace Descent.Tests.Training;

/// <summary>Helpers for tests that damage checkpoints on purpose, and check that nothing changed after a refused load.</summary>
internal static class CheckpointFiles
{
    public static readonly string[] Names = ["model.safetensors", "optimizer.bin", "progress.json"];

    /// <summary>
    /// Rewrites the manifest's size and SHA-256 of <paramref name="file"/> to match its current contents, as if it had been written
    /// that way, so that a damaged file gets past the checksum and reaches its parser.
    /// </summary>
    public static void Reseal(string checkpoint, string file)
    {
        var manifestPath = Path.Combine(checkpoint, "manifest.json");
        var manifest = JsonNode.Parse(File.ReadAllText(manifestPath))!;
        foreach (var entry in manifest["Files"]!.AsArray())
        {
            if ((string?)entry!["Name"] == file)
            {
                var bytes = File.ReadAllBytes(Path.Combine(checkpoint, file));
                entry["Size"] = bytes.Length;
                entry["Sha256"] = Convert.ToHexStringLower(SHA256.HashData(bytes));
            }
        }

        File.WriteAllText(manifestPath, manifest.ToJsonString());
    }

    /// <summary>Everything a refused load must leave alone: the weights and the optimizer's state, as bytes.</summary>
    public static byte[] Snapshot(Trainer trainer) => Snapshot(trainer.Model, trainer.Optimizer, trainer.GlobalStep);

    public static byte[] Snapshot(Descent.NN.Module model, Optimizer optimizer, long extra = 0)
    {
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            foreach (var (name, t) in model.StateDict())
            {
                w.Write(name);
                foreach (var x in t.ToArray())
                {
                    w.Write(x);
                }
            }

            w.Write(extra);
        }

        optimizer.StateDict().Save(ms);
        return ms.ToArray();
    }

    public static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var f in Directory.GetFiles(from))
        {
            File.Copy(f, Path.Combine(to, Path.GetFileName(f)), overwrite: true);
        }

        foreach (var d in Directory.GetDirectories(from))
        {
            CopyDirectory(d, Path.Combine(to, Path.GetFileName(d)));
        }
    }
}
