using System.Globalization;
using System.Xml.Linq;
using Descent.Demo;
using Descent.Functions;

namespace Descent.Tests.Demo;

public sealed class FunctionRaceTests
{
    private static FunctionRaceResult Quadratic(params string[] specs) =>
        FunctionRace.Run(TestFunctions.Get("quadratic", 2), [2, -1.5], specs, null, 30);

    [Fact]
    public void Run_GdOnRoundBowl_ArrivesWhenTheGapFirstDropsBelowTolerance()
    {
        // ½|x|² with lr 0.5 halves x each step: f_k = 3.125·0.25^k ≤ 1e-6 first at k = 11.
        var race = Quadratic("gd:lr=0.5");
        Assert.Equal(11, race.Entries[0].StepsToTolerance);
        Assert.Equal(3.125 * Math.Pow(0.25, 30), race.Entries[0].FinalLoss, 1e-25);
    }

    [Fact]
    public void Run_Distances_AreToTheNearestKnownMinimum()
    {
        var race = Quadratic("gd:lr=0.5");
        Assert.Equal(2.5, race.Entries[0].Distances![0], 12);
        Assert.Equal(1.25, race.Entries[0].Distances![1], 12);
    }

    [Fact]
    public void Run_TooSlow_HasNoArrivalStep()
    {
        Assert.Null(Quadratic("gd:lr=0.01").Entries[0].StepsToTolerance);
    }

    [Fact]
    public void Run_Divergent_RecordsWhy()
    {
        var race = FunctionRace.Run(TestFunctions.Get("quadratic", 2), [2, -1.5], ["gd:lr=3"], null, 2000);
        Assert.NotNull(race.Entries[0].Diverged);
        Assert.Contains("diverged", FunctionRace.Table(race).Rows[0]);
    }

    [Fact]
    public void Run_FunctionWithoutMinima_HasNoDistanceFigure()
    {
        var race = FunctionRace.Run(TestFunctions.Get("saddle"), [1.5, 0.01], ["gd:lr=0.1"], null, 10);
        Assert.Null(race.Entries[0].Distances);
        Assert.Null(FunctionRace.DistanceFigure(race));
    }

    [Fact]
    public void Run_NoOptimizer_Throws()
    {
        Assert.Throws<ArgumentException>(() => FunctionRace.Run(TestFunctions.Get("ellipse"), [1, 1], [], null, 10));
    }

    [Fact]
    public void Table_WithoutTime_HasNoTimeColumn()
    {
        var (header, rows) = FunctionRace.Table(Quadratic("gd:lr=0.5", "adam:lr=0.1"), includeTime: false);
        Assert.DoesNotContain("time (ms)", header);
        Assert.All(rows, r => Assert.Equal(header.Length, r.Length));
    }

    [Fact]
    public void PathsFigure_IsWellFormedSvgWithAxesAndOneTrajectoryPerOptimizer()
    {
        var svg = XDocument.Parse(FunctionRace.PathsFigure(Quadratic("gd:lr=0.5", "momentum:lr=0.1", "adam:lr=0.1")).ToSvg());
        Assert.Equal(3, Groups(svg, "trajectory").Count());
        Assert.NotEmpty(Groups(svg, "axis x"));
        Assert.NotEmpty(Groups(svg, "axis y"));
        Assert.NotEmpty(Groups(svg, "legend"));
    }

    [Fact]
    public void LossFigure_LogScaleWithToleranceLine_HasASeriesPerOptimizer()
    {
        var chart = FunctionRace.LossFigure(Quadratic("gd:lr=0.5", "adam:lr=0.1"));
        Assert.True(chart.LogY);
        Assert.Equal(2, chart.Series.Count);
        Assert.Equal(2, Groups(XDocument.Parse(chart.ToSvg()), "series").Count());
    }

    [Fact]
    public void Report_UnderGermanCulture_IsIdenticalToInvariant()
    {
        var race = Quadratic("gd:lr=0.5", "adam:betas=0.9;0.99,lr=0.1");
        string invariant = WithCulture(CultureInfo.InvariantCulture, () => FunctionRace.Report(race).ToHtml());
        string german = WithCulture(new CultureInfo("de-DE"), () => FunctionRace.Report(race).ToHtml());
        Assert.Equal(invariant, german);
        Assert.DoesNotContain("0,5", german, StringComparison.Ordinal);
    }

    [Fact]
    public void SummaryLine_NamesSpecLossAndArrival()
    {
        var race = Quadratic("gd:lr=0.5");
        var line = FunctionRace.SummaryLine(race, race.Entries[0]);
        Assert.StartsWith("gd:lr=0.5: final loss ", line, StringComparison.Ordinal);
        Assert.Contains("reached 1e-06 at step 11", line, StringComparison.Ordinal);
    }

    internal static IEnumerable<XElement> Groups(XDocument svg, string cssClass) =>
        svg.Descendants().Where(e => e.Name.LocalName == "g" && (string?)e.Attribute("class") == cssClass);

    internal static T WithCulture<T>(CultureInfo culture, Func<T> body)
    {
        var saved = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = culture;
        try
        {
            return body();
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }
}
