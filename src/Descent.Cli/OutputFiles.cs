namespace Descent.Cli;

/// <summary>Validation and atomic writing of the files a command produces (<c>--out</c>, <c>--plot</c>, …).</summary>
public static class OutputFiles
{
    /// <summary>
    /// Checks an output path before any work is done: a file name (not a directory) in an existing directory, ending in one of
    /// <paramref name="extensions"/> when given.
    /// </summary>
    /// <exception cref="UsageException">The path is unusable; the message says why.</exception>
    public static void Check(string option, string path, params string[] extensions)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Trim().Length == 0)
        {
            throw new UsageException($"--{option}: expected a file name");
        }

        if (extensions.Length > 0 && !extensions.Any(e => path.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
        {
            throw new UsageException($"--{option}: the file name must end in {string.Join(" or ", extensions)}, got \"{path}\"");
        }

        string full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            throw new UsageException($"--{option}: \"{path}\" is a directory; give a file name");
        }

        string? directory = Path.GetDirectoryName(full);
        if (directory != null && !Directory.Exists(directory))
        {
            throw new UsageException($"--{option}: directory \"{directory}\" does not exist");
        }
    }

    /// <summary>Writes text atomically (temporary file, then rename), so an interrupted run never leaves half a file.</summary>
    public static void WriteText(string path, string text) => Descent.IO.AtomicFile.WriteAllText(path, text);
}
