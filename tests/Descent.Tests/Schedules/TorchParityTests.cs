using Descent.Schedules;

namespace Descent.Tests.Schedules;

/// <summary>Every schedule against the sequences PyTorch's lr_scheduler produced (tests/fixtures/schedules).</summary>
public class TorchParityTests
{
    public static TheoryData<int, string> Cases => TorchFixtures.CaseIds();

    public static TheoryData<int, string> MomentumCases => TorchFixtures.MomentumCaseIds();

    public static TheoryData<int, string> Plateaus => TorchFixtures.PlateauIds();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Simulate_FixtureCase_MatchesPyTorchLearningRates(int index, string label)
    {
        var c = TorchFixtures.Cases[index];
        var values = c.Build().Simulate(c.BaseLr, c.Steps);
        ScheduleAssert.Close(c.Lr, values, label);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Value_FixtureCase_EqualsSimulateAtEveryStep(int index, string label)
    {
        var c = TorchFixtures.Cases[index];
        var schedule = c.Build();
        var simulated = schedule.Simulate(c.BaseLr, c.Steps);
        for (int k = 0; k <= c.Steps; k += Math.Max(1, c.Steps / 25))
        {
            Assert.True(simulated[k] == schedule.Value(k, c.BaseLr), $"{label}: step {k}");
        }

        Assert.Equal(simulated[^1], schedule.Value(c.Steps, c.BaseLr));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void StepScheduler_FixtureCase_WritesPyTorchValuesToTheHost(int index, string label)
    {
        var c = TorchFixtures.Cases[index];
        var host = c.Host();
        var scheduler = new StepScheduler(host, c.Build()) { Warn = m => Assert.Fail("unexpected warning: " + m) };
        var lrs = new List<double> { host["lr"] };
        var momenta = new List<double> { host[c.MomentumName] };
        for (int k = 0; k < c.Steps; k++)
        {
            host.OptimizerStep();
            scheduler.Step();
            lrs.Add(host["lr"]);
            momenta.Add(host[c.MomentumName]);
        }

        ScheduleAssert.Close(c.Lr, lrs, label);
        if (c.Momentum != null)
        {
            Assert.Equal(c.MomentumName, scheduler.MomentumHyperparameter);
            ScheduleAssert.Close(c.Momentum, momenta, label + " (momentum)");
        }
        else
        {
            Assert.All(momenta, m => Assert.Equal(c.InitialMomentum, m));
        }
    }

    [Theory]
    [MemberData(nameof(MomentumCases))]
    public void MomentumSchedule_FixtureCase_MatchesPyTorchMomentum(int index, string label)
    {
        var c = TorchFixtures.Cases[index];
        var momentum = c.Build().MomentumSchedule;
        Assert.NotNull(momentum);
        ScheduleAssert.Close(c.Momentum!, momentum.Simulate(c.InitialMomentum, c.Steps), label);
    }

    [Theory]
    [MemberData(nameof(Plateaus))]
    public void ReduceLrOnPlateau_FixtureMetrics_MatchPyTorch(int index, string spec)
    {
        var c = TorchFixtures.Plateaus[index];
        var values = ReduceLrOnPlateau.Simulate(c.BaseLr, c.Metrics, ScheduleRegistry.CreatePlateauOptions(spec));
        ScheduleAssert.Close(c.Lr, values, spec);
    }

    [Fact]
    public void Fixtures_ReferenceSequencesOfTheNumericsDoc_ArePresent()
    {
        // §2.3 of the reference: StepLR(2, 0.5) from lr 1.
        var step = TorchFixtures.Cases.Single(c => c.Spec == "step:step_size=2,gamma=0.5");
        Assert.Equal([1.0, 1.0, 0.5, 0.5, 0.25, 0.25, 0.125], step.Lr);
        var plateau = TorchFixtures.Plateaus[0];
        Assert.Equal([1.0, 1.0, 1.0, 1.0, 0.5, 0.5, 0.25, 0.25], plateau.Lr);
    }
}
