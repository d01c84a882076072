using Descent.Schedules;

namespace Descent.Tests.Schedules;

public class CompositionTests
{
    [Fact]
    public void Warmup_BeforeN_IsALinearRampFromZero()
    {
        var schedule = new CosineAnnealingSchedule(10).WithWarmup(4);
        var values = schedule.Simulate(0.2, 4);
        Assert.Equal([0.0, 0.2 * 0.25, 0.2 * 0.5, 0.2 * 0.75, 0.2], values);
    }

    [Theory]
    [InlineData("cosine:t_max=10,eta_min=0.01")]
    [InlineData("step:step_size=3,gamma=0.5")]
    [InlineData("exponential:gamma=0.9")]
    [InlineData("cosine_restarts:t_0=4,t_mult=2")]
    [InlineData("exp_decay:decay_rate=0.5,decay_steps=3")]
    [InlineData("polynomial_decay:decay_steps=6,cycle=true")]
    [InlineData("multistep:milestones=2;4")]
    public void Warmup_FromN_RunsTheScheduleFromItsOwnStepZero(string spec)
    {
        var inner = ScheduleRegistry.Create(spec);
        var warmed = ScheduleRegistry.Create(spec + ",warmup=5");
        var expected = inner.Simulate(0.1, 20);
        var actual = warmed.Simulate(0.1, 25);
        ScheduleAssert.Close(expected, actual[5..], spec);
    }

    [Fact]
    public void Warmup_WithOneCycle_ExtendsTheHorizon()
    {
        var schedule = ScheduleRegistry.Create("onecycle:max_lr=1,total_steps=10,warmup=3");
        Assert.Equal(13, schedule.MaxStep);
        Assert.Throws<ArgumentOutOfRangeException>(() => schedule.Value(14, 0.1));
    }

    [Fact]
    public void WithWarmup_Zero_IsTheSameSchedule()
    {
        var cosine = new CosineAnnealingSchedule(10);
        Assert.Same(cosine, cosine.WithWarmup(0));
    }

    [Fact]
    public void Sequential_AtAMilestone_RestartsTheNextScheduleFromTheBase()
    {
        var schedule = new SequentialSchedule([new ExponentialSchedule(0.5), new StepDecaySchedule(2, 0.1)], [3]);
        Assert.Equal([1.0, 0.5, 0.25, 1.0, 1.0, 0.1, 0.1], schedule.Simulate(1.0, 6));
    }

    [Fact]
    public void Sequential_OneSchedule_IsThatSchedule()
    {
        var cosine = new CosineAnnealingSchedule(6, 0.1);
        Assert.Equal(cosine.Simulate(1, 20), new SequentialSchedule([cosine], []).Simulate(1, 20));
    }

    [Fact]
    public void Chained_TwoExponentials_MultiplyTheirFactors()
    {
        var chained = new ChainedSchedule([new ExponentialSchedule(0.5), new ExponentialSchedule(0.5)]);
        Assert.Equal([1.0, 0.25, 0.0625, 0.015625], chained.Simulate(1.0, 3));
    }

    [Fact]
    public void Chained_MaxStep_IsTheShortestHorizon()
    {
        var chained = new ChainedSchedule([new ExponentialSchedule(0.9), new OneCycleSchedule(1, 8)]);
        Assert.Equal(8, chained.MaxStep);
    }

    [Fact]
    public void Constant_NoKeys_NeverChangesTheValue()
    {
        Assert.All(ScheduleRegistry.Create("constant").Simulate(0.37, 50), v => Assert.Equal(0.37, v));
    }

    [Fact]
    public void Cosine_AfterTMax_ClimbsBackWithoutClamping()
    {
        var values = new CosineAnnealingSchedule(4).Simulate(1.0, 8);
        Assert.Equal(0.0, values[4], 15);
        Assert.True(values[6] > values[5] && values[5] > values[4]);
        Assert.Equal(1.0, values[8], 14);
    }

    [Fact]
    public void WarmRestarts_CyclePosition_FollowsGrowingCycles()
    {
        var schedule = new CosineWarmRestartsSchedule(3, 2);
        Assert.Equal((0L, 3L), schedule.CyclePosition(0));
        Assert.Equal((2L, 3L), schedule.CyclePosition(2));
        Assert.Equal((0L, 6L), schedule.CyclePosition(3));
        Assert.Equal((5L, 6L), schedule.CyclePosition(8));
        Assert.Equal((0L, 12L), schedule.CyclePosition(9));
    }

    [Fact]
    public void Value_LongExponentialReplay_MatchesTheRepeatedProductNotPow()
    {
        // PyTorch's chainable ExponentialLR multiplies step by step; the product drifts from pow in the last bits.
        var schedule = new ExponentialSchedule(0.999);
        double product = 1.0;
        for (int k = 0; k < 1000; k++)
        {
            product *= 0.999;
        }

        Assert.Equal(product, schedule.Value(1000, 1.0));
    }

    [Fact]
    public void Lambda_IsBaseTimesTheFunction()
    {
        var schedule = new LambdaSchedule(k => 1.0 / (k + 1));
        Assert.Equal([1.0, 0.5, 1.0 / 3, 0.25, 0.2], schedule.Simulate(1.0, 4));
    }

    [Fact]
    public void Multiplicative_MultipliesTheCurrentValue()
    {
        var schedule = new MultiplicativeSchedule(_ => 0.9);
        Assert.Equal([1.0, 0.9, 0.81, 0.7290000000000001, 0.6561000000000001], schedule.Simulate(1.0, 4));
    }
}
