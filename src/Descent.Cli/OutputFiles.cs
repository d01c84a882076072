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
            throw new UsageException($"--{option}: expected a file name, got \"{path}\"");
        }

        if (extensions.Length > 0 && !extensions.Any(e => path.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
        {
            throw new UsageException($"--{option}: the file name must end in {string.Join(" or ", extensions)}, got \"{path}\"");
        }

        string full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            throw new UsageException($"--{option}: \"{path}\" is a directory; give a file name inside it");
        }

        string? directory = Path.GetDirectoryName(full);
        if (directory != null && !Directory.Exists(directory))
        {
            throw new UsageException($"--{option}: directory \"{directory}\" does not exist; create it first or choose another path");
        }
    }

    /// <summary>
    /// Checks a directory option before any work: not a file, and either existing (<paramref name="mustExist"/>, a directory to
    /// read) or with an existing parent (a directory the command creates).
    /// </summary>
    /// <exception cref="UsageException">The path is unusable; the message names it and says what to do.</exception>
    public static void CheckDirectory(string option, string path, bool mustExist)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Trim().Length == 0)
        {
            throw new UsageException($"--{option}: expected a directory, got \"{path}\"");
        }

        string full = Path.GetFullPath(path);
        if (File.Exists(full))
        {
            throw new UsageException($"--{option}: \"{path}\" is a file; give a directory");
        }

        if (mustExist)
        {
            if (!Directory.Exists(full))
            {
                throw new UsageException($"--{option}: directory \"{path}\" does not exist");
            }

            return;
        }

        string? parent = Path.GetDirectoryName(full.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar));
        if (parent != null && !Directory.Exists(parent))
        {
            throw new UsageException($"--{option}: directory \"{parent}\" does not exist; create it first or choose another path");
        }
    }

    /// <summary>Writes text atomically (temporary file, then rename), so an interrupted run never leaves half a file.</summary>
    public static void WriteText(string path, string text) => Descent.IO.AtomicFile.WriteAllText(path, text);
}
