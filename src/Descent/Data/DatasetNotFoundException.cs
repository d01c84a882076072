namespace Descent.Data;

/// <summary>
/// A named data set (such as <c>fashion-mnist</c>) is not installed in any of the directories searched. The message lists the
/// directories and says how to install it.
/// </summary>
/// <remarks>An <see cref="ArgumentException"/> so that the CLI reports it as a usage error (exit code 2) with its first line.</remarks>
public sealed class DatasetNotFoundException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The full message, including how to install the data.</param>
    /// <param name="datasetName">The data set's name, such as <c>fashion-mnist</c>.</param>
    /// <param name="searchedDirectories">Every directory looked in, in order.</param>
    public DatasetNotFoundException(string message, string datasetName, IReadOnlyList<string> searchedDirectories)
        : base(message)
    {
        DatasetName = datasetName;
        SearchedDirectories = searchedDirectories;
    }

    /// <summary>The data set's name, such as <c>fashion-mnist</c>.</summary>
    public string DatasetName { get; }

    /// <summary>Every directory that was searched, in order.</summary>
    public IReadOnlyList<string> SearchedDirectories { get; }
}
