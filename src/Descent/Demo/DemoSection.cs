using Descent.Plotting;

namespace Descent.Demo;

/// <summary>
/// One idea from the lectures, computed with the library and shown as numbers and a picture: a section of the demo report.
/// Each section does its computation when it is created, exposes the numbers (so tests can check them against the
/// lectures' arithmetic) and renders itself into a report section.
/// </summary>
public abstract class DemoSection
{
    /// <summary>The section's number in the report (1–9).</summary>
    public abstract int Number { get; }

    /// <summary>The section's title.</summary>
    public abstract string Title { get; }

    /// <summary>The lectures the idea comes from.</summary>
    public abstract IReadOnlyList<Lecture> Sources { get; }

    /// <summary>The report heading: number and title.</summary>
    public string Heading => $"{Number}. {Title}";

    /// <summary>One line with the key numbers, for the terminal.</summary>
    public abstract string Summary { get; }

    /// <summary>Writes the section's text, figures and tables.</summary>
    public abstract void Render(ReportSection section);

    /// <summary>The "From lecture …" line every section starts with.</summary>
    protected string SourceText(string what) =>
        "From " + string.Join(" and ", Sources.Select(l => l.Cite)) + ": " + what;
}
