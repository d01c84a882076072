using Descent.Plotting;
using static Descent.Tests.Plotting.SvgTestUtil;

namespace Descent.Tests.Plotting;

public class ContourTests
{
    private static (double[,] Z, double[] Xs, double[] Ys) Grid(Func<double, double, double> f, double lo, double hi, int n)
    {
        var xs = Enumerable.Range(0, n).Select(i => lo + ((hi - lo) * i / (n - 1))).ToArray();
        var z = new double[n, n];
        for (int j = 0; j < n; j++)
        {
            for (int i = 0; i < n; i++)
            {
                z[j, i] = f(xs[i], xs[j]);
            }
        }

        return (z, xs, xs);
    }

    /// <summary>Area of an even-odd filled set of rings (inclusion–exclusion by nesting parity).</summary>
    private static double EvenOddArea(List<Point[]> rings) =>
        Math.Abs(rings.Sum(r => SignedArea(r) * (Depth(r, rings) % 2 == 0 ? 1 : -1)));

    private static double SignedArea(Point[] r)
    {
        double s = 0;
        for (int i = 0; i < r.Length; i++)
        {
            var a = r[i];
            var b = r[(i + 1) % r.Length];
            s += (a.X * b.Y) - (b.X * a.Y);
        }

        return Math.Abs(s / 2);
    }

    private static int Depth(Point[] ring, List<Point[]> rings)
    {
        var p = ring.Aggregate(new Point(0, 0), (acc, q) => acc + q) * (1.0 / ring.Length);
        return rings.Count(o => !ReferenceEquals(o, ring) && SignedArea(o) > SignedArea(ring) && Inside(p, o));
    }

    private static bool Inside(Point p, Point[] poly)
    {
        bool inside = false;
        for (int i = 0, j = poly.Length - 1; i < poly.Length; j = i++)
        {
            if ((poly[i].Y > p.Y) != (poly[j].Y > p.Y) && p.X < ((poly[j].X - poly[i].X) * (p.Y - poly[i].Y) / (poly[j].Y - poly[i].Y)) + poly[i].X)
            {
                inside = !inside;
            }
        }

        return inside;
    }

    [Fact]
    public void Trace_QuadraticBowl_GivesOneClosedCircleOfTheRightRadius()
    {
        var (z, xs, ys) = Grid((x, y) => (x * x) + (y * y), -2, 2, 81);
        var chains = new MarchingSquares(z, xs, ys).Trace(1.0);
        var loop = Assert.Single(chains);
        Assert.True(loop.Closed);
        Assert.All(loop.Points, p => Assert.Equal(1.0, Math.Sqrt((p.X * p.X) + (p.Y * p.Y)), 2));
    }

    [Fact]
    public void Region_OutsideACircle_IsSquareMinusDisc()
    {
        var (z, xs, ys) = Grid((x, y) => (x * x) + (y * y), -2, 2, 161);
        var ms = new MarchingSquares(z, xs, ys);
        var rings = ms.Region(1.0, ms.Trace(1.0));
        Assert.Equal(2, rings.Count);
        Assert.Equal(16 - Math.PI, EvenOddArea(rings), 1);
    }

    [Fact]
    public void Region_LevelCrossingTheBorder_ClosesAlongIt()
    {
        var (z, xs, ys) = Grid((x, _) => x, 0, 1, 11);
        var ms = new MarchingSquares(z, xs, ys);
        var ring = Assert.Single(ms.Region(0.55, ms.Trace(0.55)));
        Assert.Equal(0.45, SignedArea(ring), 6);
        Assert.All(ring, p => Assert.True(p.X >= 0.55 - 1e-9));
    }

    [Fact]
    public void Region_SaddleFunction_MatchesTheAnalyticArea()
    {
        // {xy ≥ 0.1} in [−1, 1]² is two hyperbolic corners with total area 2(0.9 − 0.1 ln 10).
        var (z, xs, ys) = Grid((x, y) => x * y, -1, 1, 201);
        var ms = new MarchingSquares(z, xs, ys);
        var rings = ms.Region(0.1, ms.Trace(0.1));
        Assert.Equal(2, rings.Count);
        Assert.Equal(2 * (0.9 - (0.1 * Math.Log(10))), EvenOddArea(rings), 2);
    }

    [Fact]
    public void Region_LevelBelowEverything_IsTheWholeDomain()
    {
        var (z, xs, ys) = Grid((x, y) => (x * x) + (y * y) + 5, -1, 1, 11);
        var ms = new MarchingSquares(z, xs, ys);
        var ring = Assert.Single(ms.Region(1, ms.Trace(1)));
        Assert.Equal(4, SignedArea(ring), 9);
    }

    [Fact]
    public void ToSvg_QuadraticWithThreeLevels_HasThreeLevelPathsAndTheTrajectory()
    {
        var plot = new ContourPlot((x, y) => (x * x) + (y * y), -2, 2, -2, 2, resolution: 60) { Levels = [0.5, 1, 2] };
        plot.AddTrajectory("GD", [1.5, 0.8, 0.9, 0.3, 0.1], [1.5, 1.2, 0.4, 0.35, 0.1]);
        plot.AddMinimum(0, 0, "minimum");
        var doc = Parse(plot.ToSvg());
        var lines = WithClass(doc, "contour-line").ToList();
        Assert.Equal(3, lines.Count);
        Assert.All(lines, l => Assert.Equal("polyline", l.Name.LocalName));
        Assert.Equal(3, WithClass(doc, "contour-band").Count());
        var path = Assert.Single(WithClass(doc, "trajectory-path"));
        Assert.Equal("polyline", path.Name.LocalName);
        Assert.Single(WithClass(doc, "trajectory-arrow"));
        Assert.Single(WithClass(doc, "trajectory-start"));
        Assert.Single(WithClass(doc, "trajectory-end"));
        Assert.Equal("GD", Assert.Single(WithClass(doc, "legend-label")).Value);
        Assert.Equal("minimum", Assert.Single(WithClass(doc, "point-label")).Value);
    }

    [Fact]
    public void ToSvg_TrajectoryWithNaN_SplitsIntoTwoPaths()
    {
        var plot = new ContourPlot((x, y) => (x * x) + (y * y), -2, 2, -2, 2, resolution: 20);
        plot.AddTrajectory("diverged", [1, 0.5, double.NaN, 0.2, 0.1], [1, 0.5, double.NaN, 0.2, 0.1]);
        var svg = plot.ToSvg();
        Assert.DoesNotContain("NaN", svg, StringComparison.Ordinal);
        Assert.Equal(2, WithClass(Parse(svg), "trajectory-path").Count());
    }

    [Fact]
    public void ToSvg_NonFiniteSamples_StillContour()
    {
        var plot = new ContourPlot((x, y) => x > 1.5 ? double.PositiveInfinity : (x * x) + (y * y), -2, 2, -2, 2, resolution: 40) { Levels = [1, 2] };
        var doc = Parse(plot.ToSvg());
        Assert.Equal(2, WithClass(doc, "contour-line").Count());
    }

    [Fact]
    public void ResolvedLevels_Rosenbrock_AreLogSpacedOverAboutFourDecades()
    {
        var plot = new ContourPlot((x, y) => Math.Pow(1 - x, 2) + (100 * Math.Pow(y - (x * x), 2)), -2, 2, -1, 3, resolution: 101);
        var levels = plot.ResolvedLevels();
        Assert.Equal(14, levels.Count);
        Assert.True(levels.Zip(levels.Skip(1)).All(p => p.Second > p.First));
        double decades = Math.Log10(levels[^1] / levels[0]);
        Assert.InRange(decades, 3, 4);
        // Far above the minimum the shift is negligible and the levels form a geometric series (up to 2-digit rounding).
        double ratioMid = levels[8] / levels[7], ratioTop = levels[^1] / levels[^2];
        Assert.InRange(ratioMid / ratioTop, 0.85, 1.15);
    }

    [Fact]
    public void LogLevels_NegativeMinimum_StayInsideTheRange()
    {
        var levels = ContourPlot.LogLevels(-1.03, 5, 10);
        Assert.Equal(10, levels.Length);
        Assert.All(levels, v => Assert.InRange(v, -1.03, 5));
        Assert.True(levels[1] - levels[0] < levels[^1] - levels[^2], "spacing should grow with the value");
    }

    [Fact]
    public void LinearLevels_AreRoundNumbersInside()
    {
        Assert.Equal([1, 2, 3, 4, 5, 6, 7], ContourPlot.LinearLevels(0, 8, 7));
    }

    [Fact]
    public void Constructor_EmptyDomain_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new ContourPlot((x, y) => x, 1, 1, 0, 1));
        Assert.Contains("xMin < xMax", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToSvg_ColorBar_LabelsLevels()
    {
        var plot = new ContourPlot((x, y) => (x * x) + (y * y), -2, 2, -2, 2, resolution: 30) { Levels = [1, 2, 4], ColorBarLabel = "f" };
        var doc = Parse(plot.ToSvg());
        var bar = Assert.Single(WithClass(doc, "colorbar"));
        Assert.Equal(["1", "2", "4"], bar.Descendants(Svg + "text").Where(t => (string?)t.Attribute("class") == "tick-label").Select(t => t.Value));
    }
}
