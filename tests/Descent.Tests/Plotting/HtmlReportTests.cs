using System.Xml.Linq;
using Descent.Plotting;

namespace Descent.Tests.Plotting;

public class HtmlReportTests
{
    private static HtmlReport Sample()
    {
        var chart = new LineChart { Title = "Loss" };
        chart.Add("SGD", [0, 1, 2], [3, 2, 1]);
        var hist = new Histogram([1, 2, 2, 3]) { Title = "Spread" };
        var report = new HtmlReport("Optimizer <comparison>") { Intro = "We compare `SGD` and Adam.\n\nSecond paragraph.", Footer = "descent 0.1" };
        report.AddSection("Curves")
              .AddParagraph("Loss falls & keeps falling; <b>not bold</b>.")
              .AddFigure(chart, "Training loss.")
              .AddFigure(hist);
        report.AddSection("Numbers")
              .AddTable(["optimizer", "final loss", "steps"], [["SGD", "0.25", "1000"], ["Adam", "1.2e-03", "1000"], ["RMSprop", "NaN", ""]], "Final values")
              .AddCode("descent optimize rosenbrock --optimizer adam");
        return report;
    }

    private static XDocument ParseHtml(string html) => XDocument.Parse(html.Replace("<!DOCTYPE html>", "", StringComparison.Ordinal));

    [Fact]
    public void ToHtml_IsWellFormedAndHasEverySection()
    {
        var doc = ParseHtml(Sample().ToHtml());
        var h2 = doc.Descendants("h2").Select(e => e.Value).ToList();
        Assert.Equal(["Contents", "Curves", "Numbers"], h2);
        Assert.Equal("Optimizer <comparison>", doc.Root!.Element("head")!.Element("title")!.Value);
        Assert.Equal(["#section-1", "#section-2"], doc.Descendants("nav").Descendants("a").Select(a => (string?)a.Attribute("href")));
    }

    [Fact]
    public void ToHtml_FiguresAreInlineSvgWithCaptionsAndDistinctIds()
    {
        var doc = ParseHtml(Sample().ToHtml());
        Assert.Equal(2, doc.Descendants("figure").Count());
        Assert.Equal(2, doc.Descendants("svg").Count());
        Assert.Contains("Figure 1.", doc.Descendants("figcaption").Single().Value, StringComparison.Ordinal);
        var ids = doc.Descendants().Select(e => (string?)e.Attribute("id")).Where(i => i is not null).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public void ToHtml_ReferencesNothingExternal()
    {
        var html = Sample().ToHtml();
        Assert.DoesNotContain("http", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("src=", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void ToHtml_EscapesTextAndMarksInlineCode()
    {
        var doc = ParseHtml(Sample().ToHtml());
        var paragraphs = doc.Descendants("p").ToList();
        Assert.Contains(paragraphs, p => p.Value == "Loss falls & keeps falling; <b>not bold</b>.");
        Assert.Equal("SGD", paragraphs[0].Element("code")!.Value);
        Assert.Equal("Second paragraph.", paragraphs[1].Value);
        Assert.Empty(doc.Descendants("b"));
    }

    [Fact]
    public void ToHtml_NumericColumnsAreRightAligned()
    {
        var doc = ParseHtml(Sample().ToHtml());
        var header = doc.Descendants("th").Select(th => (string?)th.Attribute("class")).ToList();
        Assert.Equal([null, "num", "num"], header);
        Assert.Equal("descent optimize rosenbrock --optimizer adam", doc.Descendants("pre").Single().Value);
    }

    [Fact]
    public void AddTable_RaggedRow_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new HtmlReport("r").AddSection("s").AddTable(["a", "b"], [["1"]]));
        Assert.Contains("row 0 has 1 cells but the header has 2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Save_WritesTheFileAtomically()
    {
        var dir = Directory.CreateTempSubdirectory("descent-report-");
        try
        {
            var path = Path.Combine(dir.FullName, "sub", "report.html");
            Sample().Save(path);
            Assert.Equal(Sample().ToHtml(), File.ReadAllText(path));
            Assert.Single(Directory.GetFiles(Path.Combine(dir.FullName, "sub")));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
