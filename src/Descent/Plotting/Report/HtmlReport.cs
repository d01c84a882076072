using System.Globalization;
using System.Text;

namespace Descent.Plotting;

/// <summary>
/// A self-contained HTML page: title, introduction, a table of contents and sections with text, inline SVG figures,
/// tables and code. No scripts, no external files, fonts or links: the file can be mailed, archived or opened offline.
/// </summary>
/// <example>
/// <code>
/// var report = new HtmlReport("Optimizers on Rosenbrock") { Intro = "Five optimizers from (−1.5, 2)." };
/// report.AddSection("Paths")
///       .AddFigure(contour, "Each optimizer's first 500 steps.")
///       .AddTable(["optimizer", "final loss"], rows)
///       .AddCode("descent optimize rosenbrock --optimizers sgd,adam");
/// report.Save("report.html");
/// </code>
/// </example>
public sealed class HtmlReport
{
    private readonly List<ReportSection> _sections = [];
    private string _title;

    /// <summary>Creates an empty report.</summary>
    public HtmlReport(string title)
    {
        ArgumentNullException.ThrowIfNull(title);
        _title = title;
    }

    /// <summary>The page title and top heading.</summary>
    public string Title
    {
        get => _title;
        set => _title = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>An introductory paragraph under the title (same formatting as <see cref="ReportSection.AddParagraph"/>), or <see langword="null"/>.</summary>
    public string? Intro { get; set; }

    /// <summary>A line of small print at the bottom (e.g. the tool version), or <see langword="null"/>.</summary>
    public string? Footer { get; set; }

    /// <summary>The sections in order.</summary>
    public IReadOnlyList<ReportSection> Sections => _sections;

    /// <summary>Adds a section at the end and returns it for adding content.</summary>
    public ReportSection AddSection(string heading)
    {
        ArgumentNullException.ThrowIfNull(heading);
        var s = new ReportSection(heading);
        _sections.Add(s);
        return s;
    }

    /// <summary>Writes the report to <paramref name="path"/> (UTF-8, atomically: a temporary file is renamed over the target).</summary>
    public void Save(string path) => Descent.IO.AtomicFile.WriteAllText(path, ToHtml());

    /// <summary>The report as an HTML5 document (also well-formed XML, apart from the doctype).</summary>
    public string ToHtml()
    {
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n")
          .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n")
          .Append("<title>").Append(Esc(Title)).Append("</title>\n<style>\n").Append(Css).Append("</style>\n</head>\n<body>\n<main>\n")
          .Append("<h1>").Append(Esc(Title)).Append("</h1>\n");
        if (!string.IsNullOrWhiteSpace(Intro))
        {
            AppendParagraphs(sb, Intro, "intro");
        }

        if (_sections.Count > 1)
        {
            // Headings that carry their own numbers ("1. …", "2. …") would be numbered twice by the list.
            bool numbered = _sections.Select((s, i) => s.Heading.StartsWith($"{i + 1}. ", StringComparison.Ordinal)).All(x => x);
            sb.Append("<nav class=\"toc\" aria-label=\"Contents\">\n<h2>Contents</h2>\n").Append(numbered ? "<ol class=\"numbered\">\n" : "<ol>\n");
            for (int i = 0; i < _sections.Count; i++)
            {
                sb.Append("<li><a href=\"#section-").Append(i + 1).Append("\">").Append(Esc(_sections[i].Heading)).Append("</a></li>\n");
            }

            sb.Append("</ol>\n</nav>\n");
        }

        int figure = 0;
        for (int i = 0; i < _sections.Count; i++)
        {
            var section = _sections[i];
            sb.Append("<section id=\"section-").Append(i + 1).Append("\">\n<h2>").Append(Esc(section.Heading)).Append("</h2>\n");
            foreach (var block in section.Blocks)
            {
                switch (block)
                {
                    case ReportSection.ParagraphBlock p:
                        AppendParagraphs(sb, p.Text, null);
                        break;
                    case ReportSection.FigureBlock f:
                        figure++;
                        sb.Append("<figure>\n").Append(SvgWriter.Write(f.Canvas, standalone: false, idPrefix: $"f{figure}-"));
                        if (!string.IsNullOrWhiteSpace(f.Caption))
                        {
                            sb.Append("<figcaption><span class=\"fig\">Figure ").Append(figure).Append(".</span> ").Append(Inline(f.Caption)).Append("</figcaption>\n");
                        }

                        sb.Append("</figure>\n");
                        break;
                    case ReportSection.TableBlock t:
                        AppendTable(sb, t);
                        break;
                    case ReportSection.CodeBlock c:
                        // Escape line by line: the text escaper flattens newlines (right for attributes and SVG text, wrong inside <pre>).
                        sb.Append("<pre><code>").AppendJoin('\n', c.Code.TrimEnd().Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(Esc)).Append("</code></pre>\n");
                        break;
                }
            }

            sb.Append("</section>\n");
        }

        if (!string.IsNullOrWhiteSpace(Footer))
        {
            sb.Append("<footer>").Append(Inline(Footer)).Append("</footer>\n");
        }

        sb.Append("</main>\n</body>\n</html>\n");
        return sb.ToString();
    }

    private static void AppendParagraphs(StringBuilder sb, string text, string? cssClass)
    {
        var paragraphs = text.Replace("\r\n", "\n", StringComparison.Ordinal)
            .Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var p in paragraphs)
        {
            sb.Append(cssClass is null ? "<p>" : $"<p class=\"{cssClass}\">").Append(Inline(p.Replace('\n', ' '))).Append("</p>\n");
        }
    }

    /// <summary>Escapes text and turns <c>`code`</c> spans into &lt;code&gt;.</summary>
    private static string Inline(string text)
    {
        var sb = new StringBuilder();
        int i = 0;
        while (i < text.Length)
        {
            int open = text.IndexOf('`', i);
            int close = open < 0 ? -1 : text.IndexOf('`', open + 1);
            if (close < 0)
            {
                // No (further) matched pair: an unmatched backtick is shown as typed.
                sb.Append(Esc(text[i..]));
                break;
            }

            sb.Append(Esc(text[i..open])).Append("<code>").Append(Esc(text[(open + 1)..close])).Append("</code>");
            i = close + 1;
        }

        return sb.ToString();
    }

    private static void AppendTable(StringBuilder sb, ReportSection.TableBlock t)
    {
        int cols = t.Header.Length;
        var numeric = new bool[cols];
        for (int k = 0; k < cols; k++)
        {
            numeric[k] = t.Rows.Count > 0 && t.Rows.All(r => string.IsNullOrWhiteSpace(r[k]) || IsNumber(r[k])) && t.Rows.Any(r => !string.IsNullOrWhiteSpace(r[k]));
        }

        sb.Append("<div class=\"table-wrap\">\n<table>\n");
        if (!string.IsNullOrWhiteSpace(t.Caption))
        {
            sb.Append("<caption>").Append(Inline(t.Caption)).Append("</caption>\n");
        }

        sb.Append("<thead><tr>");
        for (int k = 0; k < cols; k++)
        {
            sb.Append(numeric[k] ? "<th class=\"num\">" : "<th>").Append(Esc(t.Header[k])).Append("</th>");
        }

        sb.Append("</tr></thead>\n<tbody>\n");
        foreach (var row in t.Rows)
        {
            sb.Append("<tr>");
            for (int k = 0; k < cols; k++)
            {
                sb.Append(numeric[k] ? "<td class=\"num\">" : "<td>").Append(Esc(row[k])).Append("</td>");
            }

            sb.Append("</tr>\n");
        }

        sb.Append("</tbody>\n</table>\n</div>\n");
    }

    private static bool IsNumber(string s)
    {
        var t = s.Trim().Replace('\u2212', '-').TrimEnd('%');
        return double.TryParse(t, NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out _)
            || t is "NaN" or "inf" or "-inf" or "∞" or "-∞" or "Infinity" or "-Infinity";
    }

    private static string Esc(string s) => SvgWriter.Escape(s);

    private const string Css = """
        :root { color-scheme: light; --ink: #1f2328; --muted: #59636e; --line: #d8dee4; --card: #ffffff; --page: #f6f7f9; --accent: #0072b2; }
        * { box-sizing: border-box; }
        body { margin: 0; background: var(--page); color: var(--ink);
               font: 16px/1.6 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "DejaVu Sans", sans-serif; }
        main { max-width: 62rem; margin: 0 auto; padding: 2.5rem 1.25rem 4rem; }
        h1 { font-size: 2rem; line-height: 1.25; margin: 0 0 0.75rem; }
        h2 { font-size: 1.4rem; margin: 2.5rem 0 0.75rem; padding-bottom: 0.3rem; border-bottom: 1px solid var(--line); }
        p { margin: 0.6rem 0; max-width: 46rem; }
        p.intro { font-size: 1.08rem; color: var(--muted); }
        a { color: var(--accent); }
        code { font: 0.9em/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace; background: #eef1f4; padding: 0.1em 0.3em; border-radius: 4px; }
        pre { background: #1f2328; color: #f0f3f6; padding: 0.9rem 1rem; border-radius: 8px; overflow-x: auto; }
        pre code { background: none; padding: 0; color: inherit; }
        nav.toc { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 0.5rem 1.25rem 0.75rem; margin: 1.5rem 0; max-width: 30rem; }
        nav.toc h2 { font-size: 1rem; border: 0; margin: 0.5rem 0 0.25rem; padding: 0; color: var(--muted); text-transform: uppercase; letter-spacing: 0.05em; }
        nav.toc ol { margin: 0; padding-left: 1.4rem; }
        nav.toc ol.numbered { list-style: none; padding-left: 0; }
        figure { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 1rem; margin: 1.25rem 0;
                 box-shadow: 0 1px 2px rgba(0,0,0,0.04); text-align: center; }
        figure svg { max-width: 100%; height: auto; }
        figcaption { text-align: left; color: var(--muted); font-size: 0.95rem; margin-top: 0.5rem; }
        figcaption .fig { font-weight: 600; color: var(--ink); }
        .table-wrap { overflow-x: auto; margin: 1.25rem 0; }
        table { border-collapse: collapse; background: var(--card); border: 1px solid var(--line); border-radius: 8px; min-width: 18rem; }
        caption { caption-side: top; text-align: left; color: var(--muted); padding: 0 0 0.4rem; }
        th, td { padding: 0.45rem 0.8rem; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
        th { background: #f0f2f5; font-weight: 600; }
        tbody tr:nth-child(even) { background: #fafbfc; }
        .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        footer { margin-top: 3rem; color: var(--muted); font-size: 0.85rem; }
        @media print { body { background: #fff; } figure { box-shadow: none; break-inside: avoid; } nav.toc { display: none; } }

        """;
}
