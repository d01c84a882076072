using System.Text.RegularExpressions;

namespace Descent.Demo;

/// <summary>
/// Splits a list of optimizer specs written in one argument, such as <c>"gd:lr=0.1;momentum:lr=0.05,gamma=0.9;adam:lr=0.1"</c>.
/// </summary>
/// <remarks>
/// <para>The rule: specs are separated by <c>;</c>, but a spec's list values use <c>;</c> too (<c>adam:betas=0.9;0.99</c>).
/// A <c>;</c> therefore starts a new spec only when the text after it begins with an optimizer name — a word of letters, digits
/// and underscores starting with a letter — that is followed by <c>:</c> or ends the piece. Anything else (a number such as
/// <c>0.99</c>) continues the current spec's list. So <c>"adam:betas=0.9;0.99,lr=0.1;sgd"</c> is <c>adam:betas=0.9;0.99,lr=0.1</c>
/// and <c>sgd</c>.</para>
/// <para>List values are always numbers, so this never splits a list; an unknown name after a <c>;</c> (a typo such as
/// <c>adma</c>) becomes its own spec and is reported as an unknown optimizer, with a suggestion.</para>
/// </remarks>
public static partial class OptimizerList
{
    /// <summary>The specs in <paramref name="text"/>, trimmed, in order.</summary>
    /// <exception cref="ArgumentException">The text is empty, a spec is empty (<c>;;</c>, a leading or trailing <c>;</c>), or a spec is given twice.</exception>
    public static IReadOnlyList<string> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Trim().Length == 0)
        {
            throw new ArgumentException("no optimizer given; write one or more specs separated by ';', such as \"gd:lr=0.1;adam:lr=0.1\"");
        }

        var pieces = text.Split(';');
        var specs = new List<string>();
        var current = pieces[0];
        for (int i = 1; i < pieces.Length; i++)
        {
            if (StartsSpec(pieces[i]) || pieces[i].Trim().Length == 0)
            {
                specs.Add(current);
                current = pieces[i];
            }
            else
            {
                current += ";" + pieces[i];
            }
        }

        specs.Add(current);
        var result = new List<string>(specs.Count);
        for (int i = 0; i < specs.Count; i++)
        {
            var spec = specs[i].Trim();
            if (spec.Length == 0)
            {
                throw new ArgumentException(
                    $"optimizer {i + 1} of {specs.Count} in \"{text}\" is empty; separate specs with a single ';' and leave none at the ends");
            }

            if (result.Contains(spec, StringComparer.OrdinalIgnoreCase))
            {
                throw new ArgumentException($"optimizer \"{spec}\" is given twice in \"{text}\"; give each spec once");
            }

            result.Add(spec);
        }

        return result;
    }

    /// <summary>Whether <paramref name="piece"/> (the text after a <c>;</c>) begins a new spec: a name followed by <c>:</c> or the end.</summary>
    public static bool StartsSpec(string piece)
    {
        ArgumentNullException.ThrowIfNull(piece);
        return NameStart().IsMatch(piece);
    }

    [GeneratedRegex(@"^\s*[A-Za-z][A-Za-z0-9_]*\s*(:|$)")]
    private static partial Regex NameStart();
}
