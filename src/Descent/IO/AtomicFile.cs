namespace Descent.IO;

/// <summary>
/// Writes files so that readers only ever see the old content or the complete new content: data goes to a temporary file in the
/// same directory, is flushed to disk, and is then renamed over the target (an atomic replace on POSIX and NTFS).
/// </summary>
public static class AtomicFile
{
    /// <summary>
    /// Writes through <paramref name="write"/> and atomically replaces <paramref name="path"/>, creating its directory if needed.
    /// </summary>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(write);
        var full = Path.GetFullPath(path);
        if (IsSpecialFile(full))
        {
            // Devices and pseudo-files (/dev/null, /dev/stdout) cannot be replaced by a rename: stream into them directly.
            using var device = new FileStream(full, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
            write(device);
            device.Flush();
            return;
        }

        if (File.Exists(full) && new FileInfo(full).ResolveLinkTarget(returnFinalTarget: true) is { } target)
        {
            // A symbolic link is kept: the file it points to is replaced, by writing next to it and renaming over it.
            full = target.FullName;
        }

        var dir = Path.GetDirectoryName(full) ?? ".";
        Directory.CreateDirectory(dir);

        var temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var fs = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(fs);
                fs.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>Atomically replaces <paramref name="path"/> with <paramref name="text"/> (UTF-8, no BOM).</summary>
    public static void WriteAllText(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Write(path, s =>
        {
            using var w = new StreamWriter(s, new System.Text.UTF8Encoding(false), 1 << 16, leaveOpen: true);
            w.Write(text);
        });
    }

    /// <summary>Atomically replaces <paramref name="path"/> with <paramref name="bytes"/>.</summary>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        var copy = bytes.ToArray();
        Write(path, s => s.Write(copy));
    }

    // .NET exposes no file type, so device and pseudo files are recognised by where they live (before and after links).
    private static bool IsSpecialFile(string fullPath)
    {
        if (OperatingSystem.IsWindows() || !File.Exists(fullPath))
        {
            return false;
        }

        static bool Special(string p) => p.StartsWith("/dev/", StringComparison.Ordinal) || p.StartsWith("/proc/", StringComparison.Ordinal);
        var target = new FileInfo(fullPath).ResolveLinkTarget(returnFinalTarget: true)?.FullName;
        return Special(fullPath) || (target != null && (Special(target) || !target.StartsWith('/')));
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: a stray temporary file is harmless and is named so that nothing reads it.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
