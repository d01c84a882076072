using Descent.Schedules;

namespace Descent.Tests.Schedules;

public class PlateauTests
{
    [Fact]
    public void Step_WithoutMetric_Throws()
    {
        var plateau = new ReduceLrOnPlateau(FakeHost.Sgd(0.1));
        Assert.True(plateau.NeedsMetric);
        Assert.Throws<InvalidOperationException>(plateau.Step);
    }

    [Fact]
    public void Constructor_DoesNotChangeTheValue()
    {
        var host = FakeHost.Sgd(0.1);
        _ = new ReduceLrOnPlateau(host, new PlateauOptions { Factor = 0.5 });
        Assert.Equal(0.1, host["lr"]);
    }

    [Fact]
    public void Step_PatienceExceeded_ReducesEveryGroupDownToItsMinimum()
    {
        var host = new FakeHost(new Dictionary<string, double> { ["lr"] = 1.0 }, new Dictionary<string, double> { ["lr"] = 0.1 });
        var plateau = new ReduceLrOnPlateau(host, new PlateauOptions { Patience = 0, Factor = 0.5, MinLrs = [0.6, 0.01] });
        plateau.Step(1);
        plateau.Step(1);
        Assert.Equal(0.6, host["lr", 0]);
        Assert.Equal(0.05, host["lr", 1]);
        plateau.Step(1);
        Assert.Equal(0.6, host["lr", 0]);
        Assert.Equal(0.025, host["lr", 1]);
    }

    [Fact]
    public void Constructor_MinLrsOfWrongLength_ThrowsPyTorchMessage()
    {
        var e = Assert.Throws<ArgumentException>(() => new ReduceLrOnPlateau(FakeHost.Sgd(0.1, groups: 2), new PlateauOptions { MinLrs = [0.1] }));
        Assert.Equal("expected 2 min_lrs, got 1", e.Message);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(2.0)]
    public void Constructor_FactorNotBelowOne_ThrowsPyTorchMessage(double factor)
    {
        var e = Assert.Throws<ArgumentException>(() => new ReduceLrOnPlateau(FakeHost.Sgd(0.1), new PlateauOptions { Factor = factor }));
        Assert.Equal("Factor should be < 1.0.", e.Message);
    }

    [Fact]
    public void Step_MaxMode_TreatsHigherAsBetter()
    {
        var values = ReduceLrOnPlateau.Simulate(1.0, [0.5, 0.6, 0.7, 0.7, 0.7], new PlateauOptions { Mode = PlateauMode.Max, Patience = 1, Factor = 0.5 });
        Assert.Equal([1.0, 1.0, 1.0, 1.0, 1.0, 0.5], values);
    }

    [Fact]
    public void Step_Cooldown_IgnoresBadStepsAfterAReduction()
    {
        var host = FakeHost.Sgd(1.0);
        var plateau = new ReduceLrOnPlateau(host, new PlateauOptions { Patience = 0, Factor = 0.5, Cooldown = 2 });
        plateau.Step(1);
        plateau.Step(2);
        Assert.Equal(0.5, host["lr"]);
        Assert.Equal(2, plateau.CooldownCounter);
        plateau.Step(3);
        plateau.Step(4);
        Assert.Equal(0.5, host["lr"]);
        Assert.Equal(0, plateau.CooldownCounter);
        plateau.Step(5);
        Assert.Equal(0.25, host["lr"]);
        Assert.Equal(2, plateau.Reductions);
    }

    [Fact]
    public void SaveLoad_InCooldown_ResumedRunContinuesExactly()
    {
        var options = new PlateauOptions { Patience = 1, Factor = 0.3, Cooldown = 3 };
        double[] metrics = [5, 4, 4, 4, 4, 4, 4, 4, 3.9, 3.9, 3.9, 3.9, 3.9, 3.9, 3.9, 3.9];
        var host = FakeHost.Sgd(0.1);
        var plateau = new ReduceLrOnPlateau(host, options);
        for (int i = 0; i < 5; i++)
        {
            plateau.Step(metrics[i]);
        }

        Assert.True(plateau.CooldownCounter > 0);
        var resumedHost = FakeHost.Sgd(0.1);
        var resumed = new ReduceLrOnPlateau(resumedHost, options);
        resumedHost.LoadComponents(host.SaveComponents());
        Assert.Equal(plateau.Best, resumed.Best);
        for (int i = 5; i < metrics.Length; i++)
        {
            plateau.Step(metrics[i]);
            resumed.Step(metrics[i]);
            Assert.Equal(host["lr"], resumedHost["lr"]);
            Assert.Equal(plateau.BadSteps, resumed.BadSteps);
            Assert.Equal(plateau.CooldownCounter, resumed.CooldownCounter);
        }
    }

    [Fact]
    public void LoadState_MissingBest_Throws()
    {
        var plateau = new ReduceLrOnPlateau(FakeHost.Sgd(0.1));
        var state = new Dictionary<string, double>(plateau.SaveState());
        state.Remove("best");
        Assert.Throws<ArgumentException>(() => plateau.LoadState(state));
    }

    [Fact]
    public void Constructor_OtherHyperparameter_ReducesIt()
    {
        var host = FakeHost.Sgd(0.1, momentum: 0.9);
        var plateau = new ReduceLrOnPlateau(host, new PlateauOptions { Hyperparameter = "momentum", Patience = 0, Factor = 0.5 });
        plateau.Step(1);
        plateau.Step(1);
        Assert.Equal(0.45, host["momentum"]);
        Assert.Equal(0.1, host["lr"]);
        Assert.Equal("scheduler.momentum", plateau.StateKey);
    }
}
