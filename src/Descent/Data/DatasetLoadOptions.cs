namespace Descent.Data;

/// <summary>Environment settings for <see cref="Datasets.Load"/> (the spec itself says what to load).</summary>
public sealed record DatasetLoadOptions
{
    /// <summary>
    /// The directories searched for a named on-disk data set such as <c>fashion-mnist</c> (default
    /// <see cref="DataDirectories.For"/>); tests inject their own so that the machine's installation is never consulted.
    /// </summary>
    public Func<string, IReadOnlyList<string>>? SearchDirectories { get; init; }

    /// <summary>The directory relative <c>csv:</c> paths are resolved against (default: the current directory).</summary>
    public string? BaseDirectory { get; init; }
}
