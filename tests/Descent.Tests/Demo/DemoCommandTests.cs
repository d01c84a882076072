using System.Globalization;
using System.Xml.Linq;
using Descent.Tests.Cli;

namespace Descent.Tests.Demo;

[Collection(DemoReportCollection.Name)]
public sealed class DemoCommandTests(DemoReportFixture demo)
{
    public static TheoryData<int, string> Headings => new()
    {
        { 1, "1. The learning rate" },
        { 2, "2. When to stop" },
        { 3, "3. Full-batch GD, SGD and mini-batch SGD" },
        { 4, "4. Momentum" },
        { 5, "5. AdaGrad, RMSProp and Adam on the ellipse" },
        { 6, "6. Adam" },
        { 7, "7. Learning-rate decay" },
        { 8, "8. The saddle point" },
        { 9, "9. Small vs large batches" },
    };

    [Fact]
    public void Demo_Succeeds_AndPrintsThePathThenOneLinePerSection()
    {
        Assert.Equal(0, demo.Code);
        Assert.Equal("", demo.Err);
        var lines = demo.Out.TrimEnd('\n').Split('\n');
        Assert.Equal($"wrote {demo.ReportPath}", lines[0]);
        Assert.Equal(10, lines.Length);
        for (int i = 1; i <= 9; i++)
        {
            Assert.StartsWith($"  {i}. ", lines[i], StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Headings))]
    public void Demo_Report_HasEverySectionHeading(int number, string start)
    {
        var h2 = demo.Document().Descendants().Where(e => e.Name.LocalName == "section").Select(s => s.Elements().First(e => e.Name.LocalName == "h2").Value).ToList();
        Assert.Equal(9, h2.Count);
        Assert.StartsWith(start, h2[number - 1], StringComparison.Ordinal);
    }

    [Fact]
    public void Demo_EverySection_SaysWhichLectureItComesFromAndHasAFigure()
    {
        foreach (var section in demo.Document().Descendants().Where(e => e.Name.LocalName == "section"))
        {
            Assert.Contains("From lecture ", section.Value, StringComparison.Ordinal);
            Assert.Contains(section.Descendants(), e => e.Name.LocalName == "svg");
        }
    }

    [Fact]
    public void Demo_Report_IsSelfContained()
    {
        Assert.DoesNotContain("<script", demo.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("src=\"http", demo.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href=\"http", demo.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", demo.Html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Demo_EveryFigure_IsAnSvgChartWithAxes()
    {
        var figures = demo.Document().Descendants().Where(e => e.Name.LocalName == "figure").ToList();
        Assert.True(figures.Count >= 17, $"{figures.Count} figures");
        foreach (var f in figures)
        {
            var svg = f.Elements().Single(e => e.Name.LocalName == "svg");
            Assert.NotNull(svg.Attribute("viewBox"));
            Assert.Contains(svg.Descendants(), e => (string?)e.Attribute("class") == "axis x");
            Assert.Contains(svg.Descendants(), e => (string?)e.Attribute("class") == "axis y");
        }
    }

    [Theory]
    [InlineData("f(x_t) against the step", "η = 0.1 (too small)", "η = 2.1 (divergent)")]
    [InlineData("Seven schedules from a learning rate of 0.1", "exponential decay", "warmup, then cosine")]
    [InlineData("Leaving the saddle: 200 steps from (0.001, 0.002)", "gd:lr=0.05", "rmsprop:lr=0.05,alpha=0.9")]
    [InlineData("Loss on all 3,200 samples after every update", "stochastic (1)", "full batch (GD)")]
    public void Demo_MultiSeriesFigures_HaveLegendsNamingEverySeries(string title, string first, string last)
    {
        var svg = demo.Document().Descendants().Where(e => e.Name.LocalName == "svg")
            .Single(s => s.Elements().Any(t => t.Name.LocalName == "title" && t.Value == title));
        var legend = svg.Descendants().First(e => (string?)e.Attribute("class") == "legend");
        Assert.Contains(first, legend.Value, StringComparison.Ordinal);
        Assert.Contains(last, legend.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Demo_Numbers_UseInvariantDecimalPoints()
    {
        // Tick labels and table cells never use a decimal comma, whatever the machine's culture.
        var texts = demo.Document().Descendants().Where(e => e.Name.LocalName is "text" or "td").Select(e => e.Value);
        Assert.DoesNotContain(texts, t => System.Text.RegularExpressions.Regex.IsMatch(t, @"^\s*[−-]?\d+,\d+\s*$"));
        Assert.Contains("0.1", demo.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Demo_OutIsAFile_ExitsTwoBeforeAnyWork()
    {
        var file = Path.Combine(demo.Directory, "a-file");
        File.WriteAllText(file, "");
        var (code, output, err) = CliTestHost.Run("demo", "--out", file);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.StartsWith("descent demo: --out:", err, StringComparison.Ordinal);
        Assert.Single(err.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public void Demo_MissingParentDirectory_ExitsTwo()
    {
        var (code, _, err) = CliTestHost.Run("demo", "--out", Path.Combine(demo.Directory, "no", "such", "dir"));
        Assert.Equal(2, code);
        Assert.Contains("does not exist", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Demo_UnknownOption_ExitsTwoWithSuggestion()
    {
        var (code, _, err) = CliTestHost.Run("demo", "--outt", "x");
        Assert.Equal(2, code);
        Assert.Contains("did you mean \"--out\"?", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Demo_Help_ListsTheOptions()
    {
        var (code, output, _) = CliTestHost.Run("demo", "--help");
        Assert.Equal(0, code);
        Assert.Contains("--fashion-mnist", output, StringComparison.Ordinal);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"--out DIR"), output, StringComparison.Ordinal);
    }
}
