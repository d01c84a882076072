namespace Descent.Text;

/// <summary>Edit-distance suggestions for error messages (<c>did you mean "adam"?</c>).</summary>
public static class Spelling
{
    /// <summary>The candidate closest to <paramref name="word"/> (case-insensitive Damerau–Levenshtein), if close enough to be a typo.</summary>
    public static string? Closest(string word, IEnumerable<string> candidates)
    {
        ArgumentNullException.ThrowIfNull(word);
        ArgumentNullException.ThrowIfNull(candidates);
        string? best = null;
        int bestDist = int.MaxValue;
        foreach (var c in candidates)
        {
            int d = Distance(word.ToLowerInvariant(), c.ToLowerInvariant());
            if (d < bestDist)
            {
                bestDist = d;
                best = c;
            }
        }

        int limit = Math.Max(1, (word.Length + 2) / 3);
        return bestDist <= limit ? best : null;
    }

    /// <summary>
    /// The tail of an "unknown name" message: <c>; did you mean "adam"? Valid: a, b</c> when a candidate is close to
    /// <paramref name="word"/>, else <c>; valid: a, b</c>, so every message reads the same with or without a suggestion.
    /// </summary>
    /// <param name="word">What the user wrote.</param>
    /// <param name="candidates">The valid names, in the order to list them.</param>
    /// <param name="label">What the list is, lower-case (<c>valid</c>, <c>valid keys</c>, <c>data sets</c>).</param>
    public static string DidYouMean(string word, IReadOnlyList<string> candidates, string label = "valid")
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(label);
        string list = string.Join(", ", candidates);
        return Closest(word, candidates) is { } close
            ? $"; did you mean \"{close}\"? {char.ToUpperInvariant(label[0])}{label[1..]}: {list}"
            : $"; {label}: {list}";
    }

    /// <summary>Optimal-string-alignment distance (insertions, deletions, substitutions, adjacent swaps).</summary>
    public static int Distance(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (int j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
