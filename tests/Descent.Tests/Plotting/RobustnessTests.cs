using System.Xml.Linq;
using Descent.Plotting;

namespace Descent.Tests.Plotting;

public class RobustnessTests
{
    public static TheoryData<string> Kinds => ["line", "logline", "contour", "flatcontour", "heatmap", "histogram", "bars", "multiples"];

    private static Chart Make(string kind) => kind switch
    {
        "line" => Line(false),
        "logline" => Line(true),
        "contour" => new ContourPlot((x, y) => (x * x) - y, -1, 1, -1, 1, resolution: 12),
        "flatcontour" => new ContourPlot((_, _) => 3, -1, 1, -1, 1, resolution: 5),
        "heatmap" => new Heatmap(new double[,] { { 1, 2 }, { 3, 4 } }),
        "histogram" => new Histogram([2, 2, 2]),
        "bars" => Bars(),
        _ => Multiples(),
    };

    private static LineChart Line(bool log)
    {
        var c = new LineChart { LogY = log, Title = "t", XLabel = "x", YLabel = "y" };
        c.Add("a", [0, 1, 2], [-1, 0, double.NaN]);
        c.Add("b", [0, 1, 2], [1e-3, 5, 1e6]);
        return c;
    }

    private static BarChart Bars()
    {
        var b = new BarChart(["negative", "zero", "positive"]) { ShowValues = true };
        b.Add("v", [-2, 0, 3]);
        return b;
    }

    private static SmallMultiples Multiples()
    {
        var m = new SmallMultiples(3) { Title = "grid" };
        m.Add(Line(false));
        m.Add(Bars());
        return m;
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Render_TinyFigure_StillGivesValidSvgAndPng(string kind)
    {
        var chart = Make(kind);
        if (chart is not SmallMultiples)
        {
            chart.Width = 120;
            chart.Height = 90;
        }

        XDocument.Parse(chart.ToSvg());
        var png = new PngReader(chart.ToPng(1));
        Assert.Equal((int)Math.Ceiling(chart.Width), png.Width);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Render_Twice_GivesTheSameSvg(string kind)
    {
        var chart = Make(kind);
        Assert.Equal(chart.ToSvg(), chart.ToSvg());
    }

    [Fact]
    public void LineChart_LogAxisWithoutPositiveValues_FallsBackToOneDecade()
    {
        var c = new LineChart { LogY = true };
        c.Add("none", [0, 1], [0, -1]);
        var doc = XDocument.Parse(c.ToSvg());
        Assert.Contains("10⁰", SvgTestUtil.TickLabels(doc, "y"));
    }

    [Fact]
    public void LineChart_FixedRangeOnLogAxisNotPositive_ThrowsExplainingTheFix()
    {
        var c = new LineChart { LogY = true, YMin = 0, YMax = 1 };
        c.Add("s", [0, 1], [0.1, 1]);
        var ex = Assert.Throws<ArgumentException>(() => c.ToSvg());
        Assert.Contains("positive YMin", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ContourPlot_LogAxes_ThrowExplainingTheFix()
    {
        var p = new ContourPlot((x, y) => x + y, 1, 2, 1, 2, resolution: 4) { LogX = true };
        var ex = Assert.Throws<ArgumentException>(() => p.ToSvg());
        Assert.Contains("does not support log axes", ex.Message, StringComparison.Ordinal);
    }
}
