using System.Globalization;
using Descent.Schedules;

namespace Descent.Tests.Schedules;

public class ScheduleSpecTests
{
    [Fact]
    public void Parse_NameOnly_HasNoValues()
    {
        var spec = ScheduleSpec.Parse("constant");
        Assert.Equal("constant", spec.Name);
        Assert.Empty(spec.Values);
    }

    [Fact]
    public void Parse_KeysWithSpacesAndCapitals_AreNormalised()
    {
        var spec = ScheduleSpec.Parse("  Step : Step_Size = 30 , gamma=0.5 ");
        Assert.Equal("step", spec.Name);
        Assert.Equal("30", spec["step_size"]);
        Assert.Equal("0.5", spec["gamma"]);
        Assert.Equal("step:step_size=30,gamma=0.5", spec.ToString());
    }

    [Fact]
    public void Parse_UnknownName_SuggestsClosestAndListsValid()
    {
        var e = Assert.Throws<ArgumentException>(() => ScheduleSpec.Parse("cosin:t_max=3"));
        Assert.StartsWith("unknown schedule \"cosin\"; did you mean \"cosine\"? Valid: constant, step, multistep,", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownNameFarFromAll_ListsValidWithoutSuggestion()
    {
        var e = Assert.Throws<ArgumentException>(() => ScheduleSpec.Parse("zzzzzzzz"));
        Assert.DoesNotContain("did you mean", e.Message, StringComparison.Ordinal);
        Assert.Contains("; valid: constant", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownKey_SuggestsClosestAndListsValidKeys()
    {
        var e = Assert.Throws<ArgumentException>(() => ScheduleSpec.Parse("step:step_size=3,gama=0.5"));
        Assert.Equal("unknown key \"gama\" for schedule \"step\"; did you mean \"gamma\"? Valid keys: step_size, gamma, warmup", e.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(":gamma=1")]
    public void Parse_Empty_Throws(string text)
    {
        var e = Assert.Throws<ArgumentException>(() => ScheduleSpec.Parse(text));
        Assert.Contains("empty schedule spec", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_PairWithoutEquals_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => ScheduleSpec.Parse("step:step_size"));
        Assert.Equal("schedule \"step\": expected key=value, got \"step_size\"", e.Message);
    }

    [Fact]
    public void Parse_ListWrittenWithCommas_HintsAtSemicolons()
    {
        var e = Assert.Throws<ArgumentException>(() => ScheduleSpec.Parse("multistep:milestones=30,80"));
        Assert.Contains("separate list items with ';'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DuplicateKey_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => ScheduleSpec.Parse("step:step_size=3,step_size=4"));
        Assert.Contains("given more than once", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_StrayComma_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => ScheduleSpec.Parse("step:step_size=3,"));
        Assert.Contains("empty key=value pair", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_EmptyValue_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => ScheduleSpec.Parse("step:step_size="));
        Assert.Contains("key \"step_size\" has no value", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("step", "schedule \"step\" needs step_size (for example step:step_size=30,gamma=0.1)")]
    [InlineData("exponential", "schedule \"exponential\" needs gamma (for example exponential:gamma=0.95)")]
    [InlineData("cosine:eta_min=0.1", "schedule \"cosine\" needs t_max (for example cosine:t_max=100,eta_min=0)")]
    [InlineData("exp_decay:staircase=true", "schedule \"exp_decay\" needs decay_rate and decay_steps (for example exp_decay:decay_rate=0.5,decay_steps=10,staircase=true)")]
    [InlineData("multistep", "schedule \"multistep\" needs milestones (for example multistep:milestones=30;80,gamma=0.1)")]
    [InlineData("cosine_restarts", "schedule \"cosine_restarts\" needs t_0 (for example cosine_restarts:t_0=10,t_mult=2)")]
    [InlineData("onecycle:total_steps=10", "schedule \"onecycle\" needs max_lr (for example onecycle:max_lr=0.1,total_steps=1000)")]
    [InlineData("cyclic", "schedule \"cyclic\" needs max_lr (for example cyclic:base_lr=0.001,max_lr=0.1,step_size_up=2000)")]
    [InlineData("natural_exp_decay", "schedule \"natural_exp_decay\" needs decay_rate (for example natural_exp_decay:decay_rate=0.1)")]
    [InlineData("polynomial_decay", "schedule \"polynomial_decay\" needs decay_steps (for example polynomial_decay:decay_steps=100,end_lr=1e-4,power=1)")]
    public void Create_MissingRequiredKey_SaysWhichAndGivesExample(string spec, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => ScheduleRegistry.Create(spec));
        Assert.Equal(message, e.Message);
    }

    [Theory]
    [InlineData("step:step_size=2.5", "schedule \"step\": step_size must be an integer, got \"2.5\"")]
    [InlineData("step:step_size=3,gamma=abc", "schedule \"step\": gamma must be a finite number such as 0.1 or 1e-4, got \"abc\"")]
    [InlineData("step:step_size=3,gamma=NaN", "schedule \"step\": gamma must be a finite number such as 0.1 or 1e-4, got \"NaN\"")]
    [InlineData("exp_decay:decay_rate=0.5,decay_steps=10,staircase=yes", "schedule \"exp_decay\": staircase must be true or false, got \"yes\"")]
    [InlineData("multistep:milestones=3;x", "schedule \"multistep\": milestones must be integers separated by ';' (such as 30;60;90), got \"3;x\" (\"x\" is not an integer)")]
    [InlineData("step:step_size=3,warmup=-1", "schedule \"step\": warmup must be a non-negative number of steps, got -1.")]
    public void Create_BadValue_NamesKeyAndValue(string spec, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => ScheduleRegistry.Create(spec));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void Create_BadCyclicMode_UsesPyTorchMessageAndSuggests()
    {
        var e = Assert.Throws<ArgumentException>(() => ScheduleRegistry.Create("cyclic:max_lr=1,mode=triangle"));
        Assert.Equal(
            "schedule \"cyclic\": mode is invalid and scale_fn is None (got \"triangle\"); did you mean \"triangular\"? Valid mode: triangular, triangular2, exp_range",
            e.Message);
    }

    [Fact]
    public void Create_BadAnnealStrategy_UsesPyTorchMessage()
    {
        var e = Assert.Throws<ArgumentException>(() => ScheduleRegistry.Create("onecycle:max_lr=1,total_steps=10,anneal_strategy=cosine"));
        Assert.StartsWith("schedule \"onecycle\": anneal_strategy must be one of 'cos' or 'linear', instead got cosine", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_NumbersUnderGermanCulture_ParseInvariant()
    {
        var previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            var schedule = (StepDecaySchedule)ScheduleRegistry.Create("step:step_size=3,gamma=0.5");
            Assert.Equal(0.5, schedule.Gamma);
            Assert.Throws<ArgumentException>(() => ScheduleRegistry.Create("step:step_size=3,gamma=0,5"));
            Assert.Equal("step:step_size=3,gamma=0.5", schedule.ToString());
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Create_IntegerInExponentNotation_IsAccepted()
    {
        var schedule = (OneCycleSchedule)ScheduleRegistry.Create("onecycle:max_lr=0.1,total_steps=1e4");
        Assert.Equal(10000, schedule.TotalSteps);
    }

    [Fact]
    public void Create_Plateau_ExplainsItIsMetricDriven()
    {
        var e = Assert.Throws<ArgumentException>(() => ScheduleRegistry.Create("plateau:patience=3"));
        Assert.Contains("driven by a metric", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreatePlateauOptions_EveryKey_IsRead()
    {
        var o = ScheduleRegistry.CreatePlateauOptions(
            "plateau:mode=max,factor=0.5,patience=3,threshold=0.01,threshold_mode=abs,cooldown=2,min_lr=1e-5,eps=1e-9");
        Assert.Equal(
            new PlateauOptions { Mode = PlateauMode.Max, Factor = 0.5, Patience = 3, Threshold = 0.01, ThresholdMode = ThresholdMode.Abs, Cooldown = 2, MinLr = 1e-5, Eps = 1e-9 },
            o);
    }

    [Fact]
    public void CreatePlateauOptions_Defaults_ArePyTorchs()
    {
        Assert.Equal(new PlateauOptions(), ScheduleRegistry.CreatePlateauOptions("plateau"));
    }

    [Theory]
    [InlineData("plateau:mode=maximum", "schedule \"plateau\": mode maximum is unknown!")]
    [InlineData("plateau:threshold_mode=relative", "schedule \"plateau\": threshold mode relative is unknown!")]
    [InlineData("plateau:factor=1", "schedule \"plateau\": Factor should be < 1.0.")]
    [InlineData("plateau:patience=-1", "schedule \"plateau\": patience and cooldown must be non-negative integers, got -1 and 0")]
    public void CreatePlateauOptions_BadValue_UsesPyTorchMessage(string spec, string start)
    {
        var e = Assert.Throws<ArgumentException>(() => ScheduleRegistry.CreatePlateauOptions(spec));
        Assert.StartsWith(start, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreatePlateauOptions_StepDrivenSpec_Throws()
    {
        Assert.Throws<ArgumentException>(() => ScheduleRegistry.CreatePlateauOptions("cosine:t_max=3"));
    }

    // Every key of every step-driven schedule reaches the schedule: the canonical text echoes each value.
    [Theory]
    [InlineData("constant", "constant")]
    [InlineData("constant:factor=0.25", "constant:factor=0.25,total_iters=5")]
    [InlineData("constant:total_iters=7", "constant:factor=0.3333333333333333,total_iters=7")]
    [InlineData("step:step_size=3", "step:step_size=3,gamma=0.1")]
    [InlineData("step:step_size=3,gamma=0.5", "step:step_size=3,gamma=0.5")]
    [InlineData("multistep:milestones=80;30;30,gamma=0.5", "multistep:milestones=30;30;80,gamma=0.5")]
    [InlineData("exponential:gamma=0.9", "exponential:gamma=0.9")]
    [InlineData("cosine:t_max=10,eta_min=0.01", "cosine:t_max=10,eta_min=0.01")]
    [InlineData("cosine_restarts:t_0=5,t_mult=3,eta_min=0.2", "cosine_restarts:t_0=5,t_mult=3,eta_min=0.2")]
    [InlineData("linear", "linear:start_factor=0.3333333333333333,end_factor=1,total_iters=5")]
    [InlineData("linear:start_factor=1,end_factor=0.1,total_iters=9", "linear:start_factor=1,end_factor=0.1,total_iters=9")]
    [InlineData("polynomial", "polynomial:total_iters=5,power=1")]
    [InlineData("polynomial:total_iters=12,power=0.5", "polynomial:total_iters=12,power=0.5")]
    [InlineData("onecycle:max_lr=1,total_steps=100", "onecycle:max_lr=1,total_steps=100,pct_start=0.3,anneal_strategy=cos,div_factor=25,final_div_factor=10000,three_phase=false,base_momentum=0.85,max_momentum=0.95")]
    [InlineData(
        "onecycle:max_lr=2,epochs=4,steps_per_epoch=5,pct_start=0.2,anneal_strategy=linear,div_factor=10,final_div_factor=100,three_phase=true,base_momentum=0.8,max_momentum=0.9",
        "onecycle:max_lr=2,total_steps=20,pct_start=0.2,anneal_strategy=linear,div_factor=10,final_div_factor=100,three_phase=true,base_momentum=0.8,max_momentum=0.9")]
    [InlineData("onecycle:max_lr=1,total_steps=100,cycle_momentum=false", "onecycle:max_lr=1,total_steps=100,pct_start=0.3,anneal_strategy=cos,div_factor=25,final_div_factor=10000,three_phase=false,cycle_momentum=false")]
    [InlineData("cyclic:max_lr=1", "cyclic:max_lr=1,step_size_up=2000,step_size_down=2000,mode=triangular,gamma=1,base_momentum=0.8,max_momentum=0.9")]
    [InlineData(
        "cyclic:base_lr=0.1,max_lr=1,step_size_up=4,step_size_down=6,mode=exp_range,gamma=0.99,base_momentum=0.7,max_momentum=0.95",
        "cyclic:base_lr=0.1,max_lr=1,step_size_up=4,step_size_down=6,mode=exp_range,gamma=0.99,base_momentum=0.7,max_momentum=0.95")]
    [InlineData("cyclic:max_lr=1,mode=triangular2,cycle_momentum=false", "cyclic:max_lr=1,step_size_up=2000,step_size_down=2000,mode=triangular2,gamma=1,cycle_momentum=false")]
    [InlineData("exp_decay:decay_rate=0.5,decay_steps=10", "exp_decay:decay_rate=0.5,decay_steps=10,staircase=false")]
    [InlineData("exp_decay:decay_rate=0.5,decay_steps=10,staircase=true", "exp_decay:decay_rate=0.5,decay_steps=10,staircase=true")]
    [InlineData("natural_exp_decay:decay_rate=0.1", "natural_exp_decay:decay_rate=0.1,decay_steps=1,staircase=false")]
    [InlineData("natural_exp_decay:decay_rate=0.1,decay_steps=4,staircase=true", "natural_exp_decay:decay_rate=0.1,decay_steps=4,staircase=true")]
    [InlineData("inverse_time_decay:decay_rate=2", "inverse_time_decay:decay_rate=2,decay_steps=1,staircase=false")]
    [InlineData("inverse_time_decay:decay_rate=2,decay_steps=3,staircase=true", "inverse_time_decay:decay_rate=2,decay_steps=3,staircase=true")]
    [InlineData("polynomial_decay:decay_steps=10", "polynomial_decay:decay_steps=10,end_lr=0.0001,power=1,cycle=false")]
    [InlineData("polynomial_decay:decay_steps=10,end_lr=0.01,power=2,cycle=true", "polynomial_decay:decay_steps=10,end_lr=0.01,power=2,cycle=true")]
    [InlineData("cosine:t_max=10,warmup=5", "cosine:t_max=10,eta_min=0,warmup=5")]
    [InlineData("constant:warmup=5", "constant:warmup=5")]
    [InlineData("step:step_size=3,warmup=0", "step:step_size=3,gamma=0.1")]
    public void Create_EveryKey_ReachesTheSchedule(string spec, string canonical)
    {
        Assert.Equal(canonical, ScheduleRegistry.Create(spec).ToString());
    }

    [Fact]
    public void Registry_EveryExample_CreatesItsSchedule()
    {
        foreach (var d in ScheduleRegistry.All)
        {
            if (d.IsMetricDriven)
            {
                Assert.NotNull(ScheduleRegistry.CreatePlateauOptions(d.Example));
            }
            else
            {
                Assert.True(double.IsFinite(ScheduleRegistry.Create(d.Example).Value(3, 0.1)), d.Name);
            }
        }
    }

    [Fact]
    public void Registry_StepDrivenSchedules_AllAcceptWarmup_PlateauDoesNot()
    {
        foreach (var d in ScheduleRegistry.All)
        {
            Assert.Equal(!d.IsMetricDriven, d.Keys.Any(k => k.Name == "warmup"));
        }
    }

    [Fact]
    public void Registry_Names_AreUniqueAndLowercase()
    {
        Assert.Equal(ScheduleRegistry.Names.Count, ScheduleRegistry.Names.Distinct().Count());
        Assert.All(ScheduleRegistry.Names, n => Assert.Equal(n.ToLowerInvariant(), n));
    }
}
