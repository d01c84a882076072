namespace Descent.Cli;

/// <summary>"Did you mean" suggestions by edit distance.</summary>
public static class Suggest
{
    /// <summary>The candidate closest to <paramref name="word"/> when it is within a third of the word's length in edits.</summary>
    public static string? Closest(string word, IEnumerable<string> candidates) => Descent.Text.Spelling.Closest(word, candidates);
}
