namespace Descent.Plotting;

/// <summary>One section of an <see cref="HtmlReport"/>: a heading followed by paragraphs, figures, tables and code, in order.</summary>
public sealed class ReportSection
{
    private readonly List<Block> _blocks = [];

    internal ReportSection(string heading) => Heading = heading;

    /// <summary>The section heading (also its table-of-contents entry).</summary>
    public string Heading { get; }

    internal IReadOnlyList<Block> Blocks => _blocks;

    /// <summary>
    /// Adds a paragraph of plain text; <c>`backticks`</c> mark inline code and a blank line starts a new paragraph.
    /// Everything else is shown literally (HTML is escaped).
    /// </summary>
    public ReportSection AddParagraph(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        _blocks.Add(new ParagraphBlock(text));
        return this;
    }

    /// <summary>Adds a chart as an inline SVG figure with an optional caption. The chart is rendered now, so later changes to it do not show.</summary>
    public ReportSection AddFigure(Chart chart, string? caption = null)
    {
        ArgumentNullException.ThrowIfNull(chart);
        _blocks.Add(new FigureBlock(chart.Render(0), caption));
        return this;
    }

    /// <summary>Adds a canvas drawn by hand as an inline SVG figure with an optional caption.</summary>
    public ReportSection AddFigure(Canvas canvas, string? caption = null)
    {
        ArgumentNullException.ThrowIfNull(canvas);
        _blocks.Add(new FigureBlock(canvas, caption));
        return this;
    }

    /// <summary>
    /// Adds a table. Columns whose cells are all numbers (or empty) are right-aligned with tabular digits so they line up.
    /// </summary>
    /// <exception cref="ArgumentException">A row has a different number of cells than the header.</exception>
    public ReportSection AddTable(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows, string? caption = null)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(rows);
        var list = rows.Select(r => (IReadOnlyList<string>)[.. r]).ToList();
        for (int i = 0; i < list.Count; i++)
        {
            if (list[i].Count != header.Count)
            {
                throw new ArgumentException($"Table row {i} has {list[i].Count} cells but the header has {header.Count}; give every row one cell per column.", nameof(rows));
            }
        }

        _blocks.Add(new TableBlock([.. header], list, caption));
        return this;
    }

    /// <summary>Adds a preformatted code block, e.g. the command that produced the results.</summary>
    public ReportSection AddCode(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        _blocks.Add(new CodeBlock(code));
        return this;
    }

    internal abstract record Block;

    internal sealed record ParagraphBlock(string Text) : Block;

    internal sealed record FigureBlock(Canvas Canvas, string? Caption) : Block;

    internal sealed record TableBlock(string[] Header, List<IReadOnlyList<string>> Rows, string? Caption) : Block;

    internal sealed record CodeBlock(string Code) : Block;
}
