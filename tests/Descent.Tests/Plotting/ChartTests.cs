using System.Xml.Linq;
using Descent.Plotting;
using static Descent.Tests.Plotting.SvgTestUtil;

namespace Descent.Tests.Plotting;

public class ChartTests
{
    [Fact]
    public void Histogram_GivenEdges_CountsHalfOpenBinsWithClosedLastBin()
    {
        var h = new Histogram([0.5, 1.5, 1.7, 3.0, 5, double.NaN]) { BinEdges = [0, 1, 2, 3] };
        Assert.Equal([1, 2, 1], h.Heights(0));
    }

    [Fact]
    public void Histogram_Density_IntegratesToOne()
    {
        var data = Enumerable.Range(0, 1000).Select(i => Math.Sin(i * 0.7) * 3).ToArray();
        var h = new Histogram(data) { Density = true, Bins = 17 };
        var e = h.Edges();
        var d = h.Heights(0);
        Assert.Equal(1.0, d.Select((v, i) => v * (e[i + 1] - e[i])).Sum(), 9);
    }

    [Fact]
    public void Histogram_AutoBins_AreReasonableForNormalData()
    {
        var rng = new Random(5);
        var data = Enumerable.Range(0, 1000).Select(_ => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble())).ToArray();
        int bins = new Histogram(data).Edges().Length - 1;
        Assert.InRange(bins, 11, 60);
    }

    [Fact]
    public void Histogram_BadEdges_Throw()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Histogram().BinEdges = [0, 2, 1]);
        Assert.Contains("strictly increasing", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Histogram_ToSvg_DrawsBarsAndDefaultsTheYLabel()
    {
        var h = new Histogram([1, 2, 2, 3, 3, 3]) { BinEdges = [0.5, 1.5, 2.5, 3.5], Density = true };
        h.AddCurve("model", [1, 2, 3], [0.2, 0.3, 0.5]);
        var doc = Parse(h.ToSvg());
        Assert.Equal(3, WithClass(doc, "bar").Count());
        Assert.Contains("density", WithClass(doc, "axis-label").Select(e => e.Value));
        Assert.Equal(["data", "model"], WithClass(doc, "legend-label").Select(e => e.Value));
    }

    [Fact]
    public void Heatmap_SmallMatrix_DrawsOneCellPerEntryWithValues()
    {
        var map = new Heatmap(new double[,] { { 1, -2 }, { 0.5, double.NaN } }) { RowLabels = ["a", "b"], ColumnLabels = ["x", "y"], Symmetric = true };
        var doc = Parse(map.ToSvg());
        var cells = WithClass(doc, "cells").Single().Elements(Svg + "rect").ToList();
        Assert.Equal(4, cells.Count);
        var values = WithClass(doc, "cell-values").Single().Elements(Svg + "text").Select(t => t.Value).ToList();
        Assert.Equal(["1", "−2", "0.5", "NaN"], values);
        Assert.Equal(["a", "b"], TickLabels(doc, "y"));
    }

    [Fact]
    public void Heatmap_LargeMatrix_EmbedsAnImage()
    {
        var m = new double[100, 120];
        for (int i = 0; i < 100; i++)
        {
            for (int j = 0; j < 120; j++)
            {
                m[i, j] = i * j;
            }
        }

        var svg = new Heatmap(m).ToSvg();
        Assert.Contains("href=\"data:image/png;base64,", svg, StringComparison.Ordinal);
        Parse(svg);
    }

    [Fact]
    public void Heatmap_LabelCountMismatch_Throws()
    {
        var map = new Heatmap(new double[2, 3]) { ColumnLabels = ["a", "b"] };
        var ex = Assert.Throws<ArgumentException>(() => map.ToSvg());
        Assert.Contains("ColumnLabels has 2 entries but the matrix has 3", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BarChart_ToSvg_LabelsEveryCategoryAndDrawsEachBar()
    {
        var bars = new BarChart(["SGD", "Adam", "AdamW"]) { ShowValues = true };
        bars.Add("run 1", [0.3, 0.1, 0.12]);
        bars.Add("run 2", [0.35, 0.09, 0.11]);
        var doc = Parse(bars.ToSvg());
        Assert.Equal(["SGD", "Adam", "AdamW"], TickLabels(doc, "x"));
        Assert.Equal(6, WithClass(doc, "bar").Count());
        Assert.Contains("0.09", WithClass(doc, "bar-value").Select(e => e.Value));
    }

    [Fact]
    public void BarChart_LongNamesInNarrowChart_AreSlantedNotDropped()
    {
        var names = Enumerable.Range(0, 8).Select(i => $"configuration {i}").ToArray();
        var bars = new BarChart(names) { Width = 400 };
        bars.Add("time", [.. Enumerable.Range(1, 8).Select(i => (double)i)]);
        var doc = Parse(bars.ToSvg());
        var labels = doc.Descendants(Svg + "text").Where(t => (string?)t.Attribute("class") == "tick-label" && names.Contains(t.Value)).ToList();
        Assert.Equal(8, labels.Count);
        Assert.All(labels, l => Assert.Contains("rotate(-35", (string?)l.Attribute("transform") ?? "", StringComparison.Ordinal));
    }

    [Fact]
    public void BarChart_WrongValueCount_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new BarChart(["a", "b"]).Add("s", [1]));
        Assert.Contains("1 values for 2 categories", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SmallMultiples_ToSvg_HasEveryChartAndUniqueIds()
    {
        var grid = new SmallMultiples(2) { Title = "Overview" };
        for (int k = 0; k < 3; k++)
        {
            var c = new LineChart { Title = $"chart {k}" };
            c.Add("s", [0, 1, 2], [k, k + 1, k]);
            grid.Add(c);
        }

        var doc = Parse(grid.ToSvg());
        Assert.Equal(["Overview", "chart 0", "chart 1", "chart 2"], WithClass(doc, "title").Select(e => e.Value));
        var ids = doc.Descendants().Select(e => (string?)e.Attribute("id")).Where(id => id is not null).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(840, grid.Width);
        Assert.True(grid.Height > 600);
    }

    [Fact]
    public void Canvas_ToSvg_EscapesTextAndDropsControlCharacters()
    {
        var c = new Canvas(100, 50) { Title = "a < b & c", Description = "\"quoted\"" };
        c.Text(10, 20, "x<y>&\u0001z", new TextStyle(12, Color.Black));
        var doc = XDocument.Parse(c.ToSvg());
        Assert.Equal("x<y>&z", doc.Descendants(Svg + "text").Single().Value);
        Assert.Equal("a < b & c", doc.Root!.Element(Svg + "title")!.Value);
    }

    [Fact]
    public void Canvas_Polyline_SkipsNonFinitePointsInsteadOfWritingThem()
    {
        var c = new Canvas(100, 50);
        c.Polyline([new(0, 0), new(10, 10), new(double.NaN, 5), new(20, 20), new(30, 25)], new Stroke(Color.Black));
        var svg = c.ToSvg();
        Assert.DoesNotContain("NaN", svg, StringComparison.Ordinal);
        Assert.Single(XDocument.Parse(svg).Descendants(Svg + "path"));
    }

    [Fact]
    public void Canvas_GroupsClosedOutOfOrder_Throw()
    {
        var c = new Canvas(10, 10);
        var outer = c.Group("outer");
        using var inner = c.Group("inner");
        Assert.Throws<InvalidOperationException>(outer.Dispose);
    }
}
