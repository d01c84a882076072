namespace Descent.Data;

/// <summary>Where named data sets are looked for on disk.</summary>
public static class DataDirectories
{
    /// <summary>The environment variable naming a root directory of data sets: <c>$DESCENT_DATA/&lt;name&gt;</c> is searched first.</summary>
    public const string EnvironmentVariable = "DESCENT_DATA";

    /// <summary>Where Debian's <c>dataset-*</c> packages install data sets.</summary>
    public const string SystemRoot = "/usr/share/datasets";

    /// <summary>
    /// The directories searched for data set <paramref name="name"/>, in order: <c>$DESCENT_DATA/name</c> (when the variable is
    /// set), <c>~/.descent/data/name</c>, <c>/usr/share/datasets/name</c>.
    /// </summary>
    public static IReadOnlyList<string> For(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var dirs = new List<string>();
        var root = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(root))
        {
            dirs.Add(Path.Combine(root, name));
        }

        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (!string.IsNullOrEmpty(home))
        {
            dirs.Add(Path.Combine(home, ".descent", "data", name));
        }

        dirs.Add(Path.Combine(SystemRoot, name));
        return dirs;
    }
}
