namespace Descent.Plotting;

/// <summary>
/// The PNG back end's font: a hand-drawn proportional bitmap font, 7 dots of capital height plus 2 of descender, covering
/// printable ASCII, a few Greek letters and symbols common in optimisation (α β ε η θ λ μ σ ∂ ∇ ≈ ≤ ≥ ± °), superscript and subscript digits (drawn
/// small, raised or lowered), and typographic minus and dashes. Any other character is drawn as '?'.
/// </summary>
internal static class BitmapFont
{
    /// <summary>Capital height in dots; the font size maps to 0.72 em of capital height, as in common sans-serif faces.</summary>
    public const int CapRows = 7;

    /// <summary>Dot size per unit of font size.</summary>
    public const double DotPerEm = 0.72 / CapRows;

    private const double ScriptScale = 0.62;

    /// <summary>
    /// The dot size in pixels for a font size in pixels: whole pixels (rounded) so glyphs are crisp, except for tiny text.
    /// </summary>
    public static double DotSize(double sizePx)
    {
        double exact = sizePx * DotPerEm;
        return exact >= 0.75 ? Math.Max(1, Math.Round(exact)) : exact;
    }

    private static readonly Dictionary<char, Glyph> Glyphs = Build();

    /// <summary>
    /// How many dots bold text is widened by: one dot for 1-pixel dots, otherwise about a pixel (half of a 2-pixel dot), so
    /// large bold text does not turn heavy.
    /// </summary>
    public static double BoldExtra(double dot) => dot >= 2 ? Math.Max(1, Math.Round(dot / 2)) / dot : 1;

    /// <summary>Width of <paramref name="text"/> in dots (not yet multiplied by the dot size).</summary>
    public static double WidthInDots(string text, bool bold, double dot = 1)
    {
        double extra = bold ? BoldExtra(dot) : 0;
        double w = 0;
        foreach (char c in text)
        {
            var (g, scale, _) = Resolve(c);
            w += (g.Width + 1 + extra) * scale;
        }

        return Math.Max(0, w - 1);
    }

    /// <summary>
    /// The dots of <paramref name="text"/> as rectangles in dot units, origin at the start of the baseline, y downwards
    /// (capital tops at y = −7). Horizontal runs of dots are merged into one rectangle.
    /// </summary>
    public static List<(double X, double Y, double W, double H)> Layout(string text, bool bold, double dot = 1)
    {
        var rects = new List<(double, double, double, double)>();
        double pen = 0;
        double extra = bold ? BoldExtra(dot) : 0;
        foreach (char c in text)
        {
            var (g, scale, shift) = Resolve(c);
            for (int row = 0; row < g.Rows.Length; row++)
            {
                uint bits = g.Rows[row];
                int col = 0;
                while (col < g.Width)
                {
                    if ((bits & (1u << (g.Width - 1 - col))) == 0)
                    {
                        col++;
                        continue;
                    }

                    int start = col;
                    while (col < g.Width && (bits & (1u << (g.Width - 1 - col))) != 0)
                    {
                        col++;
                    }

                    double y = (row - CapRows) * scale;
                    rects.Add((pen + (start * scale), y + shift, (col - start + extra) * scale, scale));
                }
            }

            pen += (g.Width + 1 + extra) * scale;
        }

        return rects;
    }

    private static (Glyph Glyph, double Scale, double Shift) Resolve(char c)
    {
        const string super = "⁰¹²³⁴⁵⁶⁷⁸⁹";
        const string sub = "₀₁₂₃₄₅₆₇₈₉";
        int i = super.IndexOf(c);
        if (i >= 0 || c is '⁻' or '⁺' or '¹' or '²' or '³')
        {
            char baseChar = c switch
            {
                '⁻' => '-',
                '⁺' => '+',
                '¹' => '1',
                '²' => '2',
                '³' => '3',
                _ => (char)('0' + i),
            };
            return (Glyphs[baseChar], ScriptScale, -CapRows * 0.42);
        }

        i = sub.IndexOf(c);
        if (i >= 0)
        {
            return (Glyphs[(char)('0' + i)], ScriptScale, CapRows * 0.25);
        }

        char mapped = c switch
        {
            '−' or '–' or '—' or '‐' => '-',
            '×' => 'x',
            '·' or '•' => '.',
            '‘' or '’' => '\'',
            '“' or '”' => '"',
            '\u00a0' or '\u2009' or '\u202f' => ' ',
            _ => c,
        };
        return (Glyphs.TryGetValue(mapped, out var g) ? g : Glyphs['?'], 1, 0);
    }

    private readonly record struct Glyph(int Width, uint[] Rows);

    private static Dictionary<char, Glyph> Build()
    {
        // Each glyph: rows from the top separated by spaces, '#' = ink. 7 rows sit on the baseline (capital height);
        // rows 8 and 9, when present, hang below it (descenders). All rows of a glyph have the same width.
        var table = new (char C, string Rows)[]
        {
            (' ', "... ... ... ... ... ... ..."),
            ('!', "# # # # # . #"),
            ('"', "#.# #.# ... ... ... ... ..."),
            ('#', ".#.#. .#.#. ##### .#.#. ##### .#.#. .#.#."),
            ('$', "..#.. .#### #.#.. .###. ..#.# ####. ..#.."),
            ('%', "##... ##..# ...#. ..#.. .#... #..## ...##"),
            ('&', ".##.. #..#. #.#.. .#... #.#.# #..#. .##.#"),
            ('\'', "# # . . . . ."),
            ('(', "..# .#. #.. #.. #.. .#. ..#"),
            (')', "#.. .#. ..# ..# ..# .#. #.."),
            ('*', "..... ..#.. #.#.# .###. #.#.# ..#.. ....."),
            ('+', "..... ..#.. ..#.. ##### ..#.. ..#.. ....."),
            (',', ".. .. .. .. .. .# .# #."),
            ('-', ".... .... .... #### .... .... ...."),
            ('.', ". . . . . . #"),
            ('/', "....# ....# ...#. ..#.. .#... #.... #...."),
            ('0', ".###. #...# #...# #...# #...# #...# .###."),
            ('1', "..#.. .##.. ..#.. ..#.. ..#.. ..#.. .###."),
            ('2', ".###. #...# ....# ...#. ..#.. .#... #####"),
            ('3', "##### ...#. ..#.. ...#. ....# #...# .###."),
            ('4', "...#. ..##. .#.#. #..#. ##### ...#. ...#."),
            ('5', "##### #.... ####. ....# ....# #...# .###."),
            ('6', "..##. .#... #.... ####. #...# #...# .###."),
            ('7', "##### ....# ...#. ..#.. .#... .#... .#..."),
            ('8', ".###. #...# #...# .###. #...# #...# .###."),
            ('9', ".###. #...# #...# .#### ....# ...#. .##.."),
            (':', ". . # . . # ."),
            (';', ".. .. .# .. .. .# .# #."),
            ('<', "...# ..#. .#.. #... .#.. ..#. ...#"),
            ('=', "..... ..... ##### ..... ##### ..... ....."),
            ('>', "#... .#.. ..#. ...# ..#. .#.. #..."),
            ('?', ".###. #...# ....# ...#. ..#.. ..... ..#.."),
            ('@', ".###. #...# ....# .##.# #.#.# #.#.# .###."),
            ('A', ".###. #...# #...# ##### #...# #...# #...#"),
            ('B', "####. #...# #...# ####. #...# #...# ####."),
            ('C', ".###. #...# #.... #.... #.... #...# .###."),
            ('D', "###.. #..#. #...# #...# #...# #..#. ###.."),
            ('E', "##### #.... #.... ####. #.... #.... #####"),
            ('F', "##### #.... #.... ####. #.... #.... #...."),
            ('G', ".###. #...# #.... #.### #...# #...# .####"),
            ('H', "#...# #...# #...# ##### #...# #...# #...#"),
            ('I', "### .#. .#. .#. .#. .#. ###"),
            ('J', "..## ...# ...# ...# ...# #..# .##."),
            ('K', "#...# #..#. #.#.. ##... #.#.. #..#. #...#"),
            ('L', "#... #... #... #... #... #... ####"),
            ('M', "#...# ##.## #.#.# #.#.# #...# #...# #...#"),
            ('N', "#...# #...# ##..# #.#.# #..## #...# #...#"),
            ('O', ".###. #...# #...# #...# #...# #...# .###."),
            ('P', "####. #...# #...# ####. #.... #.... #...."),
            ('Q', ".###. #...# #...# #...# #.#.# #..#. .##.#"),
            ('R', "####. #...# #...# ####. #.#.. #..#. #...#"),
            ('S', ".#### #.... #.... .###. ....# ....# ####."),
            ('T', "##### ..#.. ..#.. ..#.. ..#.. ..#.. ..#.."),
            ('U', "#...# #...# #...# #...# #...# #...# .###."),
            ('V', "#...# #...# #...# #...# #...# .#.#. ..#.."),
            ('W', "#...# #...# #...# #.#.# #.#.# #.#.# .#.#."),
            ('X', "#...# #...# .#.#. ..#.. .#.#. #...# #...#"),
            ('Y', "#...# #...# .#.#. ..#.. ..#.. ..#.. ..#.."),
            ('Z', "##### ....# ...#. ..#.. .#... #.... #####"),
            ('[', "### #.. #.. #.. #.. #.. ###"),
            ('\\', "#.... #.... .#... ..#.. ...#. ....# ....#"),
            (']', "### ..# ..# ..# ..# ..# ###"),
            ('^', "..#.. .#.#. #...# ..... ..... ..... ....."),
            ('_', "..... ..... ..... ..... ..... ..... ..... #####"),
            ('`', "#. .# .. .. .. .. .."),
            ('a', "..... ..... .###. ....# .#### #...# .####"),
            ('b', "#.... #.... #.##. ##..# #...# #...# ####."),
            ('c', "..... ..... .###. #.... #.... #...# .###."),
            ('d', "....# ....# .##.# #..## #...# #...# .####"),
            ('e', "..... ..... .###. #...# ##### #.... .###."),
            ('f', "..## .#.. .#.. ###. .#.. .#.. .#.."),
            ('g', "..... ..... .#### #...# #...# #...# .#### ....# .###."),
            ('h', "#.... #.... #.##. ##..# #...# #...# #...#"),
            ('i', "# . # # # # #"),
            ('j', "..# ... ..# ..# ..# ..# ..# ..# ##."),
            ('k', "#... #... #..# #.#. ##.. #.#. #..#"),
            ('l', "#. #. #. #. #. #. .#"),
            ('m', "..... ..... ##.#. #.#.# #.#.# #.#.# #.#.#"),
            ('n', "..... ..... #.##. ##..# #...# #...# #...#"),
            ('o', "..... ..... .###. #...# #...# #...# .###."),
            ('p', "..... ..... ####. #...# #...# #...# ####. #.... #...."),
            ('q', "..... ..... .#### #...# #...# #...# .#### ....# ....#"),
            ('r', ".... .... #.## ##.. #... #... #..."),
            ('s', "..... ..... .#### #.... .###. ....# ####."),
            ('t', ".#.. .#.. #### .#.. .#.. .#.. ..##"),
            ('u', "..... ..... #...# #...# #...# #..## .##.#"),
            ('v', "..... ..... #...# #...# #...# .#.#. ..#.."),
            ('w', "..... ..... #...# #...# #.#.# #.#.# .#.#."),
            ('x', "..... ..... #...# .#.#. ..#.. .#.#. #...#"),
            ('y', "..... ..... #...# #...# #...# #...# .#### ....# .###."),
            ('z', "..... ..... ##### ...#. ..#.. .#... #####"),
            ('{', "..# .#. .#. #.. .#. .#. ..#"),
            ('|', "# # # # # # # # #"),
            ('}', "#.. .#. .#. ..# .#. .#. #.."),
            ('~', "..... ..... .#... #.#.# ...#. ..... ....."),
            ('α', "..... ..... .##.# #..#. #..#. #..#. .##.#"),
            ('β', ".##.. #..#. #.#.. #..#. #...# ##..# #.##. #.... #...."),
            ('ε', "..... ..... .###. #.... .##.. #.... .###."),
            ('η', "..... ..... #.##. ##..# #...# #...# #...# ....# ....#"),
            ('θ', ".###. #...# #...# ##### #...# #...# .###."),
            ('λ', "#.... .#... .#... ..#.. .#.#. #...# #...#"),
            ('μ', "..... ..... #...# #...# #...# ##..# #.##. #.... #...."),
            ('σ', "..... ..... .#### #..#. #...# #...# .###."),
            ('°', ".#. #.# .#. ... ... ... ..."),
            ('∂', ".##.. ...#. ....# .#### #...# #...# .###."),
            ('∇', "##### #...# #...# .#.#. .#.#. ..#.. ..#.."),
            ('≈', "..... ..... .#..# #.##. ..... .#..# #.##."),
            ('≤', "...#. ..#.. .#... ..#.. ...#. ..... #####"),
            ('≥', ".#... ..#.. ...#. ..#.. .#... ..... #####"),
            ('±', "..#.. ..#.. ##### ..#.. ..#.. ..... #####"),
        };

        var glyphs = new Dictionary<char, Glyph>(table.Length);
        foreach (var (c, spec) in table)
        {
            var rows = spec.Split(' ');
            int width = rows[0].Length;
            var bits = new uint[rows.Length];
            for (int r = 0; r < rows.Length; r++)
            {
                if (rows[r].Length != width)
                {
                    throw new InvalidOperationException($"Glyph '{c}' row {r} has width {rows[r].Length}, expected {width}.");
                }

                for (int k = 0; k < width; k++)
                {
                    if (rows[r][k] == '#')
                    {
                        bits[r] |= 1u << (width - 1 - k);
                    }
                }
            }

            glyphs[c] = new Glyph(width, bits);
        }

        return glyphs;
    }
}
