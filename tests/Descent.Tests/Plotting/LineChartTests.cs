using System.Globalization;
using System.Xml.Linq;
using Descent.Plotting;
using static Descent.Tests.Plotting.SvgTestUtil;

namespace Descent.Tests.Plotting;

public class LineChartTests
{
    private static LineChart ThreeSeries()
    {
        var x = Enumerable.Range(0, 50).Select(i => (double)i).ToArray();
        var chart = new LineChart { Title = "Loss <&> curves", XLabel = "step", YLabel = "loss" };
        chart.Add("SGD", x, x.Select(v => 2 - (v * 0.02)).ToArray());
        chart.Add("Adam", x, x.Select(v => 1.5 * Math.Exp(-v / 10)).ToArray());
        chart.Add("RMSprop", x, x.Select(v => 1 + (0.3 * Math.Sin(v / 5))).ToArray());
        return chart;
    }

    [Fact]
    public void ToSvg_ParsesAsXmlWithSvgRoot()
    {
        var doc = Parse(ThreeSeries().ToSvg());
        Assert.Equal(Svg + "svg", doc.Root!.Name);
        Assert.Equal("0 0 640 420", (string?)doc.Root.Attribute("viewBox"));
    }

    [Fact]
    public void ToSvg_HasAccessibleTitleAndDescription()
    {
        var doc = Parse(ThreeSeries().ToSvg());
        Assert.Equal("Loss <&> curves", doc.Root!.Element(Svg + "title")!.Value);
        var desc = doc.Root.Element(Svg + "desc")!.Value;
        Assert.Contains("3 series", desc, StringComparison.Ordinal);
        Assert.Contains("SGD", desc, StringComparison.Ordinal);
        Assert.Contains("\"step\"", desc, StringComparison.Ordinal);
    }

    [Fact]
    public void ToSvg_DrawsTitleAxisLabelsTicksAndLegend()
    {
        var doc = Parse(ThreeSeries().ToSvg());
        Assert.Equal("Loss <&> curves", WithClass(doc, "title").Single().Value);
        Assert.Equal(["step", "loss"], WithClass(doc, "axis-label").Select(e => e.Value));
        Assert.Equal(["0", "10", "20", "30", "40", "50"], TickLabels(doc, "x"));
        Assert.True(TickLabels(doc, "y").Count >= 3);
        Assert.Equal(["SGD", "Adam", "RMSprop"], WithClass(doc, "legend-label").Select(e => e.Value));
        Assert.Equal(3, WithClass(doc, "series").Count());
    }

    [Fact]
    public void ToSvg_UnderGermanCulture_IsIdenticalToInvariant()
    {
        var chart = ThreeSeries();
        chart.Add("small", [0.5, 1.25], [0.125, 0.75]);
        var saved = CultureInfo.CurrentCulture;
        string invariant, german;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
            invariant = chart.ToSvg();
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            german = chart.ToSvg();
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }

        Assert.Equal(invariant, german);
        Assert.Contains("0.5", TickLabels(Parse(german), "y"));
    }

    [Fact]
    public void ToSvg_LogY_PutsTicksAtDecades()
    {
        var x = Enumerable.Range(0, 61).Select(i => (double)i).ToArray();
        var chart = new LineChart { LogY = true };
        chart.Add("loss", x, x.Select(v => Math.Pow(10, -v / 10)).ToArray());
        var labels = TickLabels(Parse(chart.ToSvg()), "y");
        Assert.Equal(["10⁻⁶", "10⁻⁵", "10⁻⁴", "10⁻³", "10⁻²", "10⁻¹", "10⁰"], labels);
    }

    [Fact]
    public void ToSvg_NaNInTheMiddle_BreaksTheLineInTwo()
    {
        var chart = new LineChart();
        chart.Add("with gap", [0, 1, 2, 3, 4, 5], [1, 2, double.NaN, 3, 4, 5]);
        var svg = chart.ToSvg();
        Assert.DoesNotContain("NaN", svg, StringComparison.Ordinal);
        var series = WithClass(Parse(svg), "series").Single();
        var lines = series.Elements().Where(e => e.Name.LocalName is "polyline" or "line").ToList();
        Assert.Equal(2, lines.Count);
    }

    [Fact]
    public void ToSvg_InfinityAndNonPositiveOnLogAxis_AreLeftOut()
    {
        var chart = new LineChart { LogY = true };
        chart.Add("diverges", [0, 1, 2, 3, 4], [1, 0.1, 0, double.PositiveInfinity, 0.01]);
        var svg = chart.ToSvg();
        Assert.DoesNotContain("Infinity", svg, StringComparison.Ordinal);
        Assert.DoesNotContain("∞", svg, StringComparison.Ordinal);
        Parse(svg);
    }

    [Fact]
    public void ToSvg_AllNaN_StillRenders()
    {
        var chart = new LineChart();
        chart.Add("nothing", [double.NaN, double.NaN], [double.NaN, 1]);
        var doc = Parse(chart.ToSvg());
        Assert.NotEmpty(TickLabels(doc, "x"));
    }

    [Fact]
    public void ToSvg_StepPost_DrawsAStaircase()
    {
        var chart = new LineChart { Legend = LegendPosition.None };
        chart.Add("lr", [0, 1, 2], [1, 0.5, 0.25]).Step = StepMode.Post;
        var line = WithClass(Parse(chart.ToSvg()), "series").Single().Element(Svg + "polyline")!;
        var pts = Points(line);
        Assert.Equal(5, pts.Count);
        Assert.Equal(pts[0].Y, pts[1].Y);
        Assert.Equal(pts[1].X, pts[2].X);
    }

    [Fact]
    public void ToSvg_FixedRanges_AreHonoured()
    {
        var chart = new LineChart { XMin = 0, XMax = 10, YMin = -1, YMax = 1 };
        chart.Add("s", [2, 3], [0, 0.5]);
        var doc = Parse(chart.ToSvg());
        Assert.Equal("0", TickLabels(doc, "x")[0]);
        Assert.Equal("10", TickLabels(doc, "x")[^1]);
        Assert.Equal("−1.0", TickLabels(doc, "y")[0]);
    }

    [Fact]
    public void ToSvg_AutoLegend_DoesNotCoverData()
    {
        // Two lines rise from the lower left to the upper right; the legend must sit in a corner they leave free.
        var x = Enumerable.Range(0, 100).Select(i => (double)i).ToArray();
        var chart = new LineChart();
        chart.Add("rising", x, x);
        chart.Add("also rising", x, x.Select(v => v + 5).ToArray());
        var doc = Parse(chart.ToSvg());
        var legend = WithClass(doc, "legend").Single().Element(Svg + "rect")!;
        double lx = (double)legend.Attribute("x")!, ly = (double)legend.Attribute("y")!;
        double lw = (double)legend.Attribute("width")!, lh = (double)legend.Attribute("height")!;
        foreach (var series in WithClass(doc, "series"))
        {
            foreach (var (px, py) in Points(series.Element(Svg + "polyline")!))
            {
                Assert.False(px > lx && px < lx + lw && py > ly && py < ly + lh, $"point ({px}, {py}) lies under the legend");
            }
        }
    }

    [Fact]
    public void ToSvg_ManyPoints_AreThinnedPerPixelColumn()
    {
        var x = Enumerable.Range(0, 100_000).Select(i => (double)i).ToArray();
        var chart = new LineChart();
        chart.Add("noisy", x, x.Select(v => Math.Sin(v * 0.37)).ToArray());
        var doc = Parse(chart.ToSvg());
        var pts = Points(WithClass(doc, "series").Single().Element(Svg + "polyline")!);
        Assert.InRange(pts.Count, 500, 4 * 640);

        // Thinning keeps each column's extremes, so the curve still spans ±1 inside the 5% padding: 2 / 2.2 of the plot.
        double plotHeight = (double)WithClass(doc, "frame").Single().Attribute("height")!;
        Assert.Equal(2 / 2.2, (pts.Max(p => p.Y) - pts.Min(p => p.Y)) / plotHeight, 2);
    }

    [Fact]
    public void Add_MismatchedLengths_ThrowsNamingBoth()
    {
        var ex = Assert.Throws<ArgumentException>(() => new LineChart().Add("bad", [1, 2, 3], [1, 2]));
        Assert.Contains("3 x values but 2 y values", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Save_UnknownExtension_ThrowsNamingItAndTheValidOnes()
    {
        var ex = Assert.Throws<ArgumentException>(() => ThreeSeries().Save(Path.Combine(Path.GetTempPath(), "chart.jpg")));
        Assert.Contains(".jpg", ex.Message, StringComparison.Ordinal);
        Assert.Contains(".svg", ex.Message, StringComparison.Ordinal);
        Assert.Contains(".png", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Save_ByExtension_WritesSvgAndPngAndLeavesNoTemporaryFiles()
    {
        var dir = Directory.CreateTempSubdirectory("descent-plot-");
        try
        {
            var chart = ThreeSeries();
            chart.Save(Path.Combine(dir.FullName, "a.svg"));
            chart.Save(Path.Combine(dir.FullName, "b.PNG"));
            XDocument.Load(Path.Combine(dir.FullName, "a.svg"));
            var png = new PngReader(File.ReadAllBytes(Path.Combine(dir.FullName, "b.PNG")));
            Assert.Equal(1280, png.Width);
            Assert.Equal(["a.svg", "b.PNG"], dir.GetFiles().Select(f => f.Name).Order(StringComparer.Ordinal));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void ToSvg_NumbersHaveAtMostTwoDecimals()
    {
        var svg = ThreeSeries().ToSvg();
        var numbers = System.Text.RegularExpressions.Regex.Matches(svg, @"(?<=[\s,""(])-?\d+\.\d+");
        Assert.NotEmpty(numbers);
        Assert.All(numbers, m => Assert.True(m.Value.Split('.')[1].Length <= 2, m.Value));
    }
}
