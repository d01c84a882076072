using Descent.Schedules;

namespace Descent.Tests.Schedules;

/// <summary>The lecture's TensorFlow 1 decays against their closed forms.</summary>
public class TfDecayTests
{
    [Fact]
    public void ExpDecay_LectureStaircaseTable_HalvesEveryTenSteps()
    {
        var values = ScheduleRegistry.Create("exp_decay:decay_rate=0.5,decay_steps=10,staircase=true").Simulate(0.1, 30);
        for (int k = 0; k <= 30; k++)
        {
            double expected = k < 10 ? 0.1 : k < 20 ? 0.05 : k < 30 ? 0.025 : 0.0125;
            Assert.Equal(expected, values[k]);
        }
    }

    [Theory]
    [InlineData(0.96, 100.0, 0.1)]
    [InlineData(0.5, 10.0, 1.0)]
    [InlineData(0.9, 2.5, 0.03)]
    public void ExpDecay_Smooth_IsBaseTimesRateToTheFractionalPeriod(double rate, double decaySteps, double lr)
    {
        var schedule = new ExponentialDecaySchedule(rate, decaySteps);
        foreach (long k in new long[] { 0, 1, 7, 10, 99, 100, 1234 })
        {
            Assert.Equal(lr * Math.Pow(rate, k / decaySteps), schedule.Value(k, lr));
        }
    }

    [Fact]
    public void ExpDecay_Staircase_FloorsTheExponent()
    {
        var schedule = new ExponentialDecaySchedule(0.9, 4, staircase: true);
        Assert.Equal(0.2 * Math.Pow(0.9, 2), schedule.Value(11, 0.2));
        Assert.Equal(0.2, schedule.Value(3, 0.2));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void NaturalExpDecay_IsBaseTimesExpOfMinusRateTimesProgress(bool staircase)
    {
        var schedule = new NaturalExpDecaySchedule(0.3, 4, staircase);
        foreach (long k in new long[] { 0, 1, 3, 4, 9, 40 })
        {
            double p = staircase ? Math.Floor(k / 4.0) : k / 4.0;
            Assert.Equal(0.1 * Math.Exp(-0.3 * p), schedule.Value(k, 0.1));
        }
    }

    [Fact]
    public void NaturalExpDecay_DefaultDecaySteps_IsTheLectureFormula()
    {
        var schedule = ScheduleRegistry.Create("natural_exp_decay:decay_rate=0.1");
        Assert.Equal(0.5 * Math.Exp(-0.1 * 7), schedule.Value(7, 0.5));
    }

    [Fact]
    public void NaturalExpDecay_EqualsExpDecayWithRateExpMinusRate()
    {
        var natural = new NaturalExpDecaySchedule(0.2, 5);
        var exponential = new ExponentialDecaySchedule(Math.Exp(-0.2), 5);
        ScheduleAssert.Close(exponential.Simulate(0.1, 50), natural.Simulate(0.1, 50), "natural vs exp");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void InverseTimeDecay_IsBaseOverOnePlusRateTimesProgress(bool staircase)
    {
        var schedule = new InverseTimeDecaySchedule(0.5, 10, staircase);
        foreach (long k in new long[] { 0, 1, 9, 10, 15, 100 })
        {
            double p = staircase ? Math.Floor(k / 10.0) : k / 10.0;
            Assert.Equal(0.1 / (1 + 0.5 * p), schedule.Value(k, 0.1));
        }
    }

    [Fact]
    public void PolynomialDecay_WithoutCycle_ReachesEndLrAndStays()
    {
        var schedule = new PolynomialDecaySchedule(10, endLr: 0.01, power: 2);
        Assert.Equal(0.1, schedule.Value(0, 0.1));
        Assert.Equal((0.1 - 0.01) * Math.Pow(1 - 0.4, 2) + 0.01, schedule.Value(4, 0.1));
        Assert.Equal(0.01, schedule.Value(10, 0.1));
        Assert.Equal(0.01, schedule.Value(25, 0.1));
    }

    [Fact]
    public void PolynomialDecay_WithCycle_GrowsTheHorizonToTheNextMultiple()
    {
        var schedule = new PolynomialDecaySchedule(10, endLr: 1e-4, power: 1, cycle: true);
        Assert.Equal(1.0, schedule.Value(0, 1.0));
        Assert.Equal((1.0 - 1e-4) * (1 - 5 / 10.0) + 1e-4, schedule.Value(5, 1.0));
        Assert.Equal(1e-4, schedule.Value(10, 1.0), 15);
        // k = 15: horizon 20, so the value climbs back above the first period's end.
        Assert.Equal((1.0 - 1e-4) * (1 - 15 / 20.0) + 1e-4, schedule.Value(15, 1.0));
        Assert.Equal((1.0 - 1e-4) * (1 - 21 / 30.0) + 1e-4, schedule.Value(21, 1.0));
    }

    [Fact]
    public void PolynomialDecay_DefaultEndLr_IsOneTenThousandth()
    {
        Assert.Equal(1e-4, ScheduleRegistry.Create("polynomial_decay:decay_steps=5").Value(5, 0.1));
    }

    [Theory]
    [InlineData("exp_decay:decay_rate=0.5,decay_steps=0")]
    [InlineData("natural_exp_decay:decay_rate=0.5,decay_steps=-1")]
    [InlineData("inverse_time_decay:decay_rate=0.5,decay_steps=0")]
    [InlineData("polynomial_decay:decay_steps=0")]
    public void Decay_NonPositiveDecaySteps_ThrowsKerasMessage(string spec)
    {
        var e = Assert.Throws<ArgumentException>(() => ScheduleRegistry.Create(spec));
        Assert.Contains("Argument `decay_steps` must be > 0. Received: decay_steps=", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExpDecay_NonPositiveRate_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => ScheduleRegistry.Create("exp_decay:decay_rate=0,decay_steps=10"));
        Assert.Contains("decay_rate", e.Message, StringComparison.Ordinal);
    }
}
