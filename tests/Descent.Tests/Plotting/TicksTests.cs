using Descent.Plotting;

namespace Descent.Tests.Plotting;

public class TicksTests
{
    [Fact]
    public void Linear_ZeroToOne_StepsByTwoTenths()
    {
        Assert.Equal([0, 0.2, 0.4, 0.6, 0.8, 1.0], Ticks.Linear(0, 1));
    }

    [Fact]
    public void Linear_ZeroTo97_CoversWithTwenties()
    {
        Assert.Equal([0, 20, 40, 60, 80, 100], Ticks.Linear(0, 97));
    }

    [Fact]
    public void Linear_NegativeRange_StepsSymmetrically()
    {
        Assert.Equal([-3, -2, -1, 0, 1, 2, 3], Ticks.Linear(-2.7, 2.2, 6));
    }

    [Fact]
    public void Linear_TenthsAreExactDecimals()
    {
        // 3 × 0.1 in floating point is 0.30000000000000004; ticks must be the double nearest 0.3.
        var t = Ticks.Linear(0, 0.7, 7);
        Assert.Contains(0.3, t);
        Assert.Contains(0.7, t);
    }

    [Theory]
    [InlineData(1.0, 5, 0.2)]
    [InlineData(97.0, 5, 20.0)]
    [InlineData(7.0, 5, 2.0)]
    [InlineData(0.003, 3, 0.001)]
    [InlineData(2500.0, 5, 500.0)]
    public void NiceStep_ReturnsOneTwoFiveSteps(double span, int intervals, double expected)
    {
        Assert.Equal(expected, Ticks.NiceStep(span, intervals), 12);
    }

    [Fact]
    public void LogDecades_MicroToOne_IsSevenExactPowersOfTen()
    {
        Assert.Equal([1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1], Ticks.LogDecades(1e-6, 1));
    }

    [Fact]
    public void LogDecades_PartialDecades_Cover()
    {
        Assert.Equal([0.01, 0.1, 1, 10], Ticks.LogDecades(0.03, 7));
    }

    [Fact]
    public void LogDecades_NonPositiveMin_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Ticks.LogDecades(0, 1));
    }

    [Fact]
    public void Within_KeepsOnlyMultiplesInsideTheRange()
    {
        Assert.Equal([0.5, 1.0, 1.5], Ticks.Within(0.3, 1.7, 0.5));
    }

    [Fact]
    public void LinearLabels_ShareDecimalsAcrossTheAxis()
    {
        Assert.Equal(["0.0", "0.5", "1.0", "1.5"], NumberFormat.LinearLabels([0, 0.5, 1, 1.5], 0.5));
    }

    [Fact]
    public void LinearLabels_Negative_UseTypographicMinus()
    {
        Assert.Equal(["−2", "0", "2"], NumberFormat.LinearLabels([-2, 0, 2], 2));
    }

    [Fact]
    public void LinearLabels_TinyValues_UseScientificNotation()
    {
        Assert.Equal(["0", "2e-05", "4e-05"], NumberFormat.LinearLabels([0, 2e-5, 4e-5], 2e-5));
    }

    [Theory]
    [InlineData(0.0316227, "0.0316")]
    [InlineData(316.227, "316")]
    [InlineData(3162.27, "3160")]
    [InlineData(1234567.0, "1.23e+06")]
    [InlineData(0.00002, "2e-05")]
    [InlineData(-0.5, "−0.5")]
    [InlineData(0.0, "0")]
    [InlineData(999.7, "1000")]
    public void Compact_FormatsWithThreeSignificantDigits(double v, string expected)
    {
        Assert.Equal(expected, NumberFormat.Compact(v));
    }

    [Theory]
    [InlineData(-6, "10⁻⁶")]
    [InlineData(0, "10⁰")]
    [InlineData(12, "10¹²")]
    public void Decade_UsesSuperscripts(int e, string expected)
    {
        Assert.Equal(expected, NumberFormat.Decade(e));
    }

    [Fact]
    public void PlanLog_SixDecades_LabelsEveryDecadeWithMinorTicks()
    {
        var axis = new Axis(1e-6, 1, log: true) { P0 = 400, P1 = 0 };
        var t = TickPlanner.Plan(axis, 48, _ => 16);
        Assert.Equal([1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1], t.Major);
        Assert.Equal("10⁻⁶", t.Labels[0]);
        Assert.Contains(2e-6, t.Minor);
        Assert.Contains(0.5, t.Minor);
    }

    [Fact]
    public void PlanLog_ManyDecadesInLittleSpace_LabelsEverySecondDecade()
    {
        var axis = new Axis(1e-12, 1, log: true) { P0 = 200, P1 = 0 };
        var t = TickPlanner.Plan(axis, 48, _ => 16);
        Assert.True(t.Major.Length <= 7, $"{t.Major.Length} labels crowd 200 pixels");
        Assert.Contains(1e-6, t.Minor.Concat(t.Major));
    }

    [Fact]
    public void PlanLog_LessThanADecade_LabelsPlainNumbers()
    {
        var axis = new Axis(2, 8, log: true) { P0 = 0, P1 = 400 };
        var t = TickPlanner.Plan(axis, 80, l => l.Length * 7);
        Assert.Contains("5", t.Labels);
        Assert.DoesNotContain(t.Labels, l => l.StartsWith("10", StringComparison.Ordinal));
    }

    [Fact]
    public void PlanLinear_CoarseStepLeavingOneTick_FallsBackToFinerStep()
    {
        // −4.16..4.16 over 340 px: a step of 5 would leave only 0; the planner must go finer.
        var axis = new Axis(-4.16, 4.16, log: false) { P0 = 0, P1 = 340 };
        var t = TickPlanner.Plan(axis, 84, l => l.Length * 7);
        Assert.True(t.Major.Length >= 3, string.Join(", ", t.Labels));
    }

    [Fact]
    public void AutoRange_NearlyNiceData_ExtendsToTheNiceTick()
    {
        Assert.Equal((0.0, 100.0), Axis.AutoRange(0, 97, log: false, 0, 0));
    }

    [Fact]
    public void AutoRange_FarFromNice_KeepsTheData()
    {
        var (lo, hi) = Axis.AutoRange(0, 1037, log: false, 0, 0);
        Assert.Equal(0, lo);
        Assert.Equal(1037, hi);
    }
}
