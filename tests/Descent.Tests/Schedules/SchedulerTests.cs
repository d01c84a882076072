using Descent.Schedules;

namespace Descent.Tests.Schedules;

public class SchedulerTests
{
    private static StepScheduler Quiet(FakeHost host, Schedule schedule, string hyperparameter = "lr") =>
        new(host, schedule, hyperparameter) { Warn = _ => { } };

    [Fact]
    public void Constructor_RecordsBaseAndWritesStepZeroValue()
    {
        var host = FakeHost.Sgd(0.3);
        var scheduler = Quiet(host, new LinearSchedule(0.5, 1, 4));
        Assert.Equal([0.3], scheduler.BaseValues);
        Assert.Equal(0.3 * 0.5, host["lr"]);
        Assert.Equal([0.15], scheduler.LastValues);
        Assert.Equal(0, scheduler.StepCount);
    }

    [Fact]
    public void Step_Advances_AndWritesTheNextValue()
    {
        var host = FakeHost.Sgd(1.0);
        var scheduler = Quiet(host, new StepDecaySchedule(2, 0.5));
        host.OptimizerStep();
        scheduler.Step();
        host.OptimizerStep();
        scheduler.Step();
        Assert.Equal(2, scheduler.StepCount);
        Assert.Equal(0.5, host["lr"]);
        Assert.Equal([0.5], scheduler.LastValues);
    }

    [Fact]
    public void Types_SayWhatAStepStandsFor()
    {
        Assert.Equal(SchedulePer.Step, new StepScheduler(FakeHost.Sgd(1), new ConstantSchedule()).Per);
        Assert.Equal(SchedulePer.Epoch, new EpochScheduler(FakeHost.Sgd(1), new ConstantSchedule()).Per);
        Assert.False(new EpochScheduler(FakeHost.Sgd(1), new ConstantSchedule()).NeedsMetric);
    }

    [Fact]
    public void Step_BeforeAnyOptimizerStep_WarnsOnceWithThePyTorchStyleMessage()
    {
        var host = FakeHost.Sgd(1.0);
        var warnings = new List<string>();
        var scheduler = new StepScheduler(host, new ExponentialSchedule(0.5)) { Warn = warnings.Add };
        scheduler.Step();
        scheduler.Step();
        Assert.Equal([Scheduler.CallOrderWarning], warnings);
        Assert.Contains("before `optimizer.Step()`", warnings[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Step_AfterAnOptimizerStep_DoesNotWarn()
    {
        var host = FakeHost.Sgd(1.0);
        var warnings = new List<string>();
        var scheduler = new EpochScheduler(host, new ExponentialSchedule(0.5)) { Warn = warnings.Add };
        host.OptimizerStep();
        scheduler.Step();
        Assert.Empty(warnings);
    }

    [Fact]
    public void Step_WithMetric_StepsLikeStep()
    {
        var host = FakeHost.Sgd(1.0);
        var scheduler = Quiet(host, new ExponentialSchedule(0.5));
        scheduler.Step(metric: 123);
        Assert.Equal(0.5, host["lr"]);
    }

    [Fact]
    public void Step_ChainableSchedule_CarriesAManualChangeForward()
    {
        // PyTorch's chainable form multiplies the optimizer's current lr, so an lr set by hand between steps persists.
        var host = FakeHost.Sgd(1.0);
        var scheduler = Quiet(host, new ExponentialSchedule(0.5));
        host.SetHyperparameter(0, "lr", 10.0);
        scheduler.Step();
        Assert.Equal(5.0, host["lr"]);
    }

    [Fact]
    public void Step_SeveralGroups_ScalesEachFromItsOwnBase()
    {
        var host = new FakeHost(
            new Dictionary<string, double> { ["lr"] = 1.0 },
            new Dictionary<string, double> { ["lr"] = 0.01 });
        var scheduler = Quiet(host, new CosineAnnealingSchedule(4, 0.001));
        for (int k = 0; k < 3; k++)
        {
            host.OptimizerStep();
            scheduler.Step();
        }

        var cosine = new CosineAnnealingSchedule(4, 0.001);
        Assert.Equal(cosine.Value(3, 1.0), host["lr", 0]);
        Assert.Equal(cosine.Value(3, 0.01), host["lr", 1]);
        Assert.Equal([1.0, 0.01], scheduler.BaseValues);
    }

    [Fact]
    public void Constructor_OtherHyperparameter_SchedulesIt()
    {
        var host = new FakeHost(new Dictionary<string, double> { ["lr"] = 0.1, ["weight_decay"] = 0.01 });
        var scheduler = Quiet(host, new CosineAnnealingSchedule(10), "weight_decay");
        host.OptimizerStep();
        scheduler.Step();
        Assert.Equal(new CosineAnnealingSchedule(10).Value(1, 0.01), host["weight_decay"]);
        Assert.Equal(0.1, host["lr"]);
        Assert.Equal("scheduler.weight_decay", scheduler.StateKey);
    }

    [Fact]
    public void Constructor_MissingHyperparameter_ThrowsNamingTheGroup()
    {
        var host = new FakeHost(new Dictionary<string, double> { ["lr"] = 0.1 }, new Dictionary<string, double> { ["momentum"] = 0.9 });
        var e = Assert.Throws<ArgumentException>(() => new StepScheduler(host, new ConstantSchedule()));
        Assert.Contains("Parameter group 1 has no hyperparameter \"lr\"", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_AttachesItselfToTheHost()
    {
        var host = FakeHost.Sgd(0.1);
        var scheduler = Quiet(host, new ConstantSchedule());
        Assert.Same(scheduler, Assert.Single(host.Components));
        Assert.Equal("scheduler", scheduler.StateKey);
    }

    [Fact]
    public void OneCycle_OnSgd_CyclesMomentum()
    {
        var host = FakeHost.Sgd(0.1, momentum: 0.5);
        var scheduler = Quiet(host, new OneCycleSchedule(1, 10));
        Assert.Equal("momentum", scheduler.MomentumHyperparameter);
        Assert.Equal(0.95, host["momentum"]);
    }

    [Fact]
    public void OneCycle_OnAdam_CyclesBeta1()
    {
        var host = FakeHost.Adam(0.1);
        var scheduler = Quiet(host, new OneCycleSchedule(1, 10));
        Assert.Equal("beta1", scheduler.MomentumHyperparameter);
        Assert.Equal(0.95, host["beta1"]);
        Assert.Equal(0.999, host["beta2"]);
    }

    [Fact]
    public void Cyclic_HostWithoutMomentumOrBeta1_ThrowsPyTorch2Message()
    {
        var host = new FakeHost(new Dictionary<string, double> { ["lr"] = 0.1 });
        var e = Assert.Throws<ArgumentException>(() => new StepScheduler(host, new CyclicSchedule(1.0)));
        Assert.StartsWith("optimizer must support momentum or beta1 with `cycle_momentum` option enabled", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cyclic_WithoutCycleMomentum_NeedsNoMomentum()
    {
        var host = new FakeHost(new Dictionary<string, double> { ["lr"] = 0.1 });
        var scheduler = Quiet(host, new CyclicSchedule(1.0, cycleMomentum: false));
        Assert.Null(scheduler.MomentumHyperparameter);
    }

    [Fact]
    public void Cyclic_WithoutBaseLr_StartsAtTheHostsValue()
    {
        var host = FakeHost.Sgd(0.2);
        _ = Quiet(host, ScheduleRegistry.Create("cyclic:max_lr=1,step_size_up=4"));
        Assert.Equal(0.2, host["lr"]);
    }

    [Fact]
    public void Step_PastOneCycleHorizon_ThrowsAndLeavesTheHostUntouched()
    {
        var host = FakeHost.Sgd(0.1);
        var scheduler = Quiet(host, new OneCycleSchedule(1, 3));
        for (int k = 0; k < 3; k++)
        {
            scheduler.Step();
        }

        double lr = host["lr"], momentum = host["momentum"];
        Assert.Throws<ArgumentOutOfRangeException>(scheduler.Step);
        Assert.Equal(3, scheduler.StepCount);
        Assert.Equal(lr, host["lr"]);
        Assert.Equal(momentum, host["momentum"]);
    }

    [Fact]
    public void Step_AfterAGroupWasAdded_Throws()
    {
        var host = FakeHost.Sgd(0.1);
        var scheduler = Quiet(host, new ConstantSchedule());
        host.AddGroup(new Dictionary<string, double> { ["lr"] = 0.1, ["momentum"] = 0.9 });
        Assert.Throws<InvalidOperationException>(scheduler.Step);
    }

    [Theory]
    [InlineData("exponential:gamma=0.9")]
    [InlineData("cosine:t_max=7,eta_min=0.01")]
    [InlineData("onecycle:max_lr=1,total_steps=30")]
    [InlineData("cyclic:base_lr=0.01,max_lr=0.1,step_size_up=3,mode=triangular2")]
    [InlineData("linear:start_factor=0.1,total_iters=12,warmup=4")]
    public void SaveLoad_MidRun_ResumedRunContinuesExactly(string spec)
    {
        var host = FakeHost.Sgd(0.1);
        var scheduler = Quiet(host, ScheduleRegistry.Create(spec));
        for (int k = 0; k < 9; k++)
        {
            host.OptimizerStep();
            scheduler.Step();
        }

        var saved = host.SaveComponents();
        var resumedHost = FakeHost.Sgd(0.1);
        resumedHost.StepCount = host.StepCount;
        var resumed = Quiet(resumedHost, ScheduleRegistry.Create(spec));
        resumedHost.LoadComponents(saved);
        Assert.Equal(host["lr"], resumedHost["lr"]);
        Assert.Equal(9, resumed.StepCount);
        for (int k = 0; k < 15; k++)
        {
            host.OptimizerStep();
            scheduler.Step();
            resumedHost.OptimizerStep();
            resumed.Step();
            Assert.Equal(host["lr"], resumedHost["lr"]);
            Assert.Equal(host["momentum"], resumedHost["momentum"]);
        }
    }

    [Fact]
    public void SaveState_HoldsStepBasesAndCurrentValues()
    {
        var host = FakeHost.Sgd(0.1);
        var scheduler = Quiet(host, new ExponentialSchedule(0.5));
        scheduler.Step();
        var state = scheduler.SaveState();
        Assert.Equal(1, state["step"]);
        Assert.Equal(0.1, state["base.lr.0"]);
        Assert.Equal(0.05, state["last.lr.0"]);
    }

    [Fact]
    public void LoadState_MissingEntry_ThrowsNamingIt()
    {
        var scheduler = Quiet(FakeHost.Sgd(0.1), new ExponentialSchedule(0.5));
        var state = new Dictionary<string, double>(scheduler.SaveState());
        state.Remove("last.lr.0");
        var e = Assert.Throws<ArgumentException>(() => scheduler.LoadState(state));
        Assert.Contains("missing \"last.lr.0\"", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadState_OtherGroupCount_Throws()
    {
        var one = Quiet(FakeHost.Sgd(0.1), new ExponentialSchedule(0.5));
        var two = Quiet(FakeHost.Sgd(0.1, groups: 2), new ExponentialSchedule(0.5));
        Assert.Throws<ArgumentException>(() => two.LoadState(one.SaveState()));
    }

    [Fact]
    public void LoadState_NegativeStep_Throws()
    {
        var scheduler = Quiet(FakeHost.Sgd(0.1), new ExponentialSchedule(0.5));
        var state = new Dictionary<string, double>(scheduler.SaveState()) { ["step"] = -3 };
        Assert.Throws<ArgumentException>(() => scheduler.LoadState(state));
    }

    [Fact]
    public void LoadState_DoesNotWarnOnTheFirstStepOfTheResumedRun()
    {
        var host = FakeHost.Sgd(0.1);
        var first = Quiet(host, new ExponentialSchedule(0.5));
        host.OptimizerStep();
        first.Step();
        var warnings = new List<string>();
        var resumed = new StepScheduler(FakeHost.Sgd(0.1), new ExponentialSchedule(0.5)) { Warn = warnings.Add };
        resumed.LoadState(first.SaveState());
        resumed.Step();
        Assert.Empty(warnings);
    }
}
