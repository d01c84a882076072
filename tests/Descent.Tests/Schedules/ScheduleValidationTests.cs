using Descent.Schedules;

namespace Descent.Tests.Schedules;

/// <summary>Invalid arguments fail with PyTorch's messages where PyTorch has one.</summary>
public class ScheduleValidationTests
{
    [Theory]
    [InlineData(1.5)]
    [InlineData(-0.1)]
    public void ConstantFactor_FactorOutsideUnitInterval_ThrowsPyTorchMessage(double factor)
    {
        var e = Assert.Throws<ArgumentException>(() => new ConstantFactorSchedule(factor, 3));
        Assert.Equal("Constant multiplicative factor expected to be between 0 and 1.", e.Message);
    }

    [Fact]
    public void ConstantFactor_ZeroFactor_ThrowsBecauseItCannotBeUndone()
    {
        var e = Assert.Throws<ArgumentException>(() => new ConstantFactorSchedule(0, 3));
        Assert.Contains("cannot be undone", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.01)]
    public void Linear_BadStartFactor_ThrowsPyTorch2Message(double start)
    {
        var e = Assert.Throws<ArgumentException>(() => new LinearSchedule(start, 1, 5));
        Assert.Equal("Starting multiplicative factor expected to be greater than 0 and less or equal to 1.", e.Message);
    }

    [Fact]
    public void Linear_BadEndFactor_ThrowsPyTorchMessage()
    {
        var e = Assert.Throws<ArgumentException>(() => new LinearSchedule(0.5, 1.5, 5));
        Assert.Equal("Ending multiplicative factor expected to be between 0 and 1.", e.Message);
    }

    [Fact]
    public void Linear_BadFactorFromSpec_IsPrefixedWithTheScheduleName()
    {
        var e = Assert.Throws<ArgumentException>(() => ScheduleRegistry.Create("linear:start_factor=0"));
        Assert.Equal("schedule \"linear\": Starting multiplicative factor expected to be greater than 0 and less or equal to 1.", e.Message);
    }

    [Fact]
    public void WarmRestarts_NonPositiveT0_ThrowsPyTorchMessage()
    {
        var e = Assert.Throws<ArgumentException>(() => new CosineWarmRestartsSchedule(0));
        Assert.Equal("Expected positive integer T_0, but got 0", e.Message);
    }

    [Fact]
    public void WarmRestarts_TMultBelowOne_ThrowsPyTorchMessage()
    {
        var e = Assert.Throws<ArgumentException>(() => new CosineWarmRestartsSchedule(5, 0));
        Assert.Equal("Expected integer T_mult >= 1, but got 0", e.Message);
    }

    [Fact]
    public void OneCycle_NonPositiveTotalSteps_ThrowsPyTorchMessage()
    {
        var e = Assert.Throws<ArgumentException>(() => new OneCycleSchedule(1, 0));
        Assert.Equal("Expected positive integer total_steps, but got 0", e.Message);
    }

    [Fact]
    public void OneCycle_PctStartAboveOne_ThrowsPyTorchMessage()
    {
        var e = Assert.Throws<ArgumentException>(() => new OneCycleSchedule(1, 10, pctStart: 1.5));
        Assert.Equal("Expected float between 0 and 1 pct_start, but got 1.5", e.Message);
    }

    [Fact]
    public void OneCycle_NeitherTotalStepsNorEpochs_ThrowsPyTorchMessage()
    {
        var e = Assert.Throws<ArgumentException>(() => ScheduleRegistry.Create("onecycle:max_lr=1,epochs=3"));
        Assert.Equal("schedule \"onecycle\": You must define either total_steps OR (epochs AND steps_per_epoch)", e.Message);
    }

    [Theory]
    [InlineData("onecycle:max_lr=1,epochs=0,steps_per_epoch=3", "Expected positive integer epochs, but got 0")]
    [InlineData("onecycle:max_lr=1,epochs=2,steps_per_epoch=-3", "Expected positive integer steps_per_epoch, but got -3")]
    public void OneCycle_BadEpochs_ThrowsPyTorchMessage(string spec, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => ScheduleRegistry.Create(spec));
        Assert.Equal($"schedule \"onecycle\": {message}", e.Message);
    }

    [Fact]
    public void OneCycle_StepPastTotalSteps_ThrowsPyTorch2Message()
    {
        var schedule = new OneCycleSchedule(1, 10);
        Assert.True(double.IsFinite(schedule.Value(10, 1)));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => schedule.Value(11, 1));
        Assert.StartsWith("Tried to step 11 times. The specified number of total steps is 10", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => schedule.Simulate(1, 11));
        Assert.Throws<ArgumentOutOfRangeException>(() => schedule.MomentumSchedule!.Value(11, 0.9));
    }

    [Fact]
    public void OneCycle_FirstPhaseOfZeroLength_ThrowsAtConstructionLikePyTorch()
    {
        // pct_start * total_steps - 1 = 0: PyTorch's constructor step divides 0 by 0.
        var e = Assert.Throws<ArgumentException>(() => new OneCycleSchedule(1, 10, pctStart: 0.1));
        Assert.Contains("zero length", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OneCycle_LastPhaseOfZeroLength_ThrowsOnlyWhenReached()
    {
        var schedule = new OneCycleSchedule(1, 10, pctStart: 1.0);
        Assert.Equal(1.0, schedule.Value(9, 1));
        var e = Assert.Throws<ArgumentException>(() => schedule.Value(10, 1));
        Assert.Contains("phase 2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Schedule_NegativeStep_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ExponentialSchedule(0.9).Value(-1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CosineWarmRestartsSchedule(3).Value(-1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ExponentialSchedule(0.9).Simulate(1, -1));
    }

    [Theory]
    [InlineData("step:step_size=0", "step_size must be a positive integer, got 0.")]
    [InlineData("cosine:t_max=0", "t_max must be a positive integer, got 0.")]
    [InlineData("polynomial:total_iters=0", "total_iters must be a positive integer, got 0.")]
    [InlineData("polynomial:power=-1", "power must be a non-negative number, got -1.")]
    [InlineData("linear:total_iters=0", "total_iters must be a positive integer, got 0.")]
    [InlineData("constant:total_iters=-2", "total_iters must be a non-negative integer, got -2.")]
    [InlineData("multistep:milestones=-1;3", "milestones must be non-negative steps, got -1.")]
    [InlineData("cyclic:max_lr=1,step_size_up=0", "step_size_up must be a positive integer, got 0.")]
    [InlineData("cyclic:max_lr=1,step_size_down=-1", "step_size_down must be a non-negative integer, got -1.")]
    [InlineData("onecycle:max_lr=1,total_steps=10,div_factor=0", "div_factor and final_div_factor must be positive, got 0 and 10000.")]
    public void Create_ValueThatWouldDivideByZero_ThrowsNamingTheKey(string spec, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => ScheduleRegistry.Create(spec));
        Assert.EndsWith(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sequential_MilestoneCountMismatch_ThrowsPyTorchMessage()
    {
        var e = Assert.Throws<ArgumentException>(() => new SequentialSchedule([new ConstantSchedule(), new ExponentialSchedule(0.9)], [2, 4]));
        Assert.Equal(
            "Sequential Schedulers expects number of schedulers provided to be one more than the number of milestone points, but got number of schedulers 2 and the number of milestones to be equal to 2",
            e.Message);
    }

    [Fact]
    public void Sequential_NoSchedule_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => new SequentialSchedule([], []));
        Assert.Equal("SequentialSchedule expects at least one schedule, but got no schedule.", e.Message);
    }

    [Theory]
    [InlineData(0L, 3L)]
    [InlineData(5L, 5L)]
    [InlineData(6L, 2L)]
    public void Sequential_MilestonesNotPositiveIncreasing_Throws(long first, long second)
    {
        var e = Assert.Throws<ArgumentException>(() =>
            new SequentialSchedule([new ConstantSchedule(), new ExponentialSchedule(0.9), new ConstantSchedule()], [first, second]));
        Assert.Contains("strictly increasing", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sequential_OneCycleShorterThanItsSegment_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => new SequentialSchedule([new OneCycleSchedule(1, 10), new ConstantSchedule()], [20]));
        Assert.Contains("runs for 20 steps", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Chained_NoSchedule_ThrowsPyTorchMessage()
    {
        var e = Assert.Throws<ArgumentException>(() => new ChainedSchedule([]));
        Assert.Equal("ChainedSchedule expects at least one schedule to be chained, but got no schedule.", e.Message);
    }

    [Fact]
    public void Warmup_Negative_Throws()
    {
        Assert.Throws<ArgumentException>(() => new WarmupSchedule(new ConstantSchedule(), -1));
    }
}
