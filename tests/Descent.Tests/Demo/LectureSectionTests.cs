using System.Globalization;
using Descent.Demo;

namespace Descent.Tests.Demo;

/// <summary>Sections 1–8 computed once (about a second in all) and checked against the lectures' arithmetic.</summary>
public sealed class LectureSectionsFixture
{
    public LearningRateSection LearningRate { get; } = LearningRateSection.Compute();

    public StoppingRuleSection StoppingRule { get; } = StoppingRuleSection.Compute();

    public BatchRegimeSection BatchRegime { get; } = BatchRegimeSection.Compute();

    public MomentumSection Momentum { get; } = MomentumSection.Compute();

    public AdaptiveRatesSection AdaptiveRates { get; } = AdaptiveRatesSection.Compute();

    public BiasCorrectionSection BiasCorrection { get; } = BiasCorrectionSection.Compute();

    public DecaySection Decay { get; } = DecaySection.Compute();

    public SaddleSection Saddle { get; } = SaddleSection.Compute();

    public IReadOnlyList<DemoSection> All => [LearningRate, StoppingRule, BatchRegime, Momentum, AdaptiveRates, BiasCorrection, Decay, Saddle];
}

public sealed class LectureSectionTests(LectureSectionsFixture fixture) : IClassFixture<LectureSectionsFixture>
{
    // Section 1: x ← (1 − η)x on ½x².
    [Fact]
    public void LearningRate_EveryRun_FollowsTheFactorOneMinusEta()
    {
        foreach (var run in fixture.LearningRate.Runs)
        {
            Assert.Equal(LearningRateSection.Start * Math.Pow(1 - run.Rate, LearningRateSection.Steps), run.X[^1], 1e-9 * Math.Max(1, Math.Abs(run.X[^1])));
        }
    }

    [Fact]
    public void LearningRate_EtaOne_LandsOnTheMinimumInOneStep()
    {
        var exact = fixture.LearningRate.Runs.Single(r => r.Rate == 1.0);
        Assert.Equal(0, exact.X[1]);
    }

    [Fact]
    public void LearningRate_Verdicts_MatchBehaviour()
    {
        var runs = fixture.LearningRate.Runs;
        Assert.True(runs.Single(r => r.Rate == 2.1).FinalLoss > runs.Single(r => r.Rate == 2.1).Loss[0], "η = 2.1 must diverge");
        Assert.True(runs.Single(r => r.Rate == 1.8).X.Zip(runs.Single(r => r.Rate == 1.8).X.Skip(1)).All(p => p.First * p.Second < 0), "η = 1.8 must oscillate");
        Assert.True(runs.Single(r => r.Rate == 0.1).X.All(x => x > 0), "η = 0.1 must creep down one side");
    }

    // Section 2: lecture 002's loop.
    [Fact]
    public void StoppingRule_LectureLoop_StopsAfter595IterationsAtPythonsValue()
    {
        var run = fixture.StoppingRule.Run;
        Assert.Equal(595, run.Iterations);
        Assert.Equal("precision", run.StoppedBy);

        // The value Python prints for the lecture's loop ("The local minimum occurs at -4.9999518490318176").
        Assert.Equal(-4.9999518490318176, run.FinalX);
        Assert.Equal(2.84, run.X[1]);
        Assert.Equal(2.6832, run.X[2]);
    }

    [Fact]
    public void StoppingRule_LectureLoop_ConvergesToMinusFiveWithinThePrecisionRule()
    {
        var run = fixture.StoppingRule.Run;
        Assert.True(run.LastStep < StoppingRuleSection.Precision);
        Assert.True(run.Steps[^2] > StoppingRuleSection.Precision);

        // |Δx| = 0.02·|x + 5| at the stop, so the distance to −5 is 50 times the last step.
        Assert.Equal(run.LastStep / 0.02 * 0.98, Math.Abs(run.FinalX + 5), 1e-12);
        Assert.True(Math.Abs(run.FinalX + 5) < 1e-4);
    }

    [Fact]
    public void StoppingRule_LearningRateOne_IsStoppedByMaxIterations()
    {
        var run = StoppingRuleSection.LectureLoop(3, 1.0, 1e-6, 10000);
        Assert.Equal(10000, run.Iterations);
        Assert.Equal("max_iters", run.StoppedBy);
        Assert.Equal(3, run.FinalX);
    }

    [Fact]
    public void StoppingRule_LibraryGd_TakesTheSamePath()
    {
        Assert.True(fixture.StoppingRule.LibraryDifference < 1e-12, $"difference {fixture.StoppingRule.LibraryDifference}");
    }

    // Section 3: batch regimes.
    [Fact]
    public void BatchRegime_UpdateCounts_AreOnePerEpochPerBatchAndPerSample()
    {
        var runs = fixture.BatchRegime.Runs;
        Assert.Equal([5, 500, 16000], runs.Select(r => r.Updates));
        Assert.Equal([1, 100, 3200], runs.Select(r => r.UpdatesPerEpoch));
    }

    [Fact]
    public void BatchRegime_FullBatch_NeverRaisesTheLoss()
    {
        Assert.Equal(0, fixture.BatchRegime.Runs[0].IncreaseFraction);
        Assert.True(fixture.BatchRegime.Runs[2].IncreaseFraction > 0.2, "SGD on single samples must be visibly unstable");
    }

    [Fact]
    public void BatchRegime_LeastSquares_RecoversTheDataLine()
    {
        var best = fixture.BatchRegime.Best;
        Assert.Equal(BatchRegimeSection.TrueW, best.W, 0.05);
        Assert.Equal(BatchRegimeSection.TrueB, best.B, 0.05);
        Assert.Equal(BatchRegimeSection.Noise * BatchRegimeSection.Noise, best.Loss, 0.02);
    }

    [Fact]
    public void BatchRegime_MiniBatch_EndsClosestToTheFit()
    {
        var runs = fixture.BatchRegime.Runs;
        Assert.True(runs[1].FinalExcess < runs[2].FinalExcess && runs[2].FinalExcess < runs[0].FinalExcess);
        Assert.True(runs[1].FinalExcess >= 0);
    }

    [Fact]
    public void BatchRegime_LossFromMoments_EqualsDirectMeanSquaredError()
    {
        var data = Descent.Data.Synthetic.Linear(BatchRegimeSection.Samples, [BatchRegimeSection.TrueW], BatchRegimeSection.TrueB, BatchRegimeSection.Noise, seed: 3, dtype: DType.Float64);
        var x = data.Features.ToArray();
        var y = data.Targets.ToArray();
        double direct = x.Zip(y, (a, b) => Math.Pow(b - ((1.5 * a) - 0.5), 2)).Average();
        Assert.Equal(direct, fixture.BatchRegime.LossAt(1.5, -0.5), 12);
    }

    // Section 4: lecture 000's momentum example with γ = 0.9, η = 1.
    [Theory]
    [InlineData(0, 3.5, 3.6, 7.1)]
    [InlineData(1, 0.0, 1.8, 1.8)]
    [InlineData(2, -1.0, 1.8, 0.8)]
    public void Momentum_WorkedExample_MatchesTheLecturesArithmetic(int row, double gdStep, double momentumStep, double total)
    {
        var r = fixture.Momentum.Rows[row];
        Assert.Equal(gdStep, r.GdStep, 12);
        Assert.Equal(momentumStep, r.MomentumStep, 12);
        Assert.Equal(total, r.TotalStep, 12);
        Assert.Equal(total, r.LibraryStep, 12);
    }

    [Fact]
    public void Momentum_FlatRegion_GdStallsAndMomentumReachesTheMinimum()
    {
        Assert.InRange(fixture.Momentum.GdPath[^1], 0, 0.1);
        Assert.Equal(-2, fixture.Momentum.MomentumPath[^1], 3);
    }

    // Section 5: per-parameter rates on the ellipse.
    [Fact]
    public void AdaptiveRates_AdaGradFirstStep_RatesAreEtaOverAbsoluteGradient()
    {
        // At (−8, 2) the gradient is (x/10, 2y) = (−0.8, 4): AdaGrad's rates are 1.5/0.8 and 1.5/4.
        var ada = fixture.AdaptiveRates.Rates[0];
        Assert.Equal(1.5 / 0.8, ada.X[0], 9);
        Assert.Equal(1.5 / 4, ada.Y[0], 9);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void AdaptiveRates_AdaGradAndRmsProp_StepsTakenEqualTheFormulaRates(int index)
    {
        var r = fixture.AdaptiveRates.Rates[index];
        for (int t = 0; t < 30; t++)
        {
            Assert.Equal(r.X[t], r.ObservedX[t], 1e-6 * r.X[t]);
            Assert.Equal(r.Y[t], r.ObservedY[t], 1e-6 * r.Y[t]);
        }
    }

    [Fact]
    public void AdaptiveRates_AdaGrad_RatesNeverRise()
    {
        var ada = fixture.AdaptiveRates.Rates[0];
        Assert.True(ada.X.Zip(ada.X.Skip(1)).All(p => p.Second <= p.First));
        Assert.True(ada.Y.Zip(ada.Y.Skip(1)).All(p => p.Second <= p.First));
    }

    [Fact]
    public void AdaptiveRates_ConstantSlope_AdaGradStepIsEtaOverRootT()
    {
        var steps = fixture.AdaptiveRates.SlopeStepLengths[0];
        foreach (int t in new[] { 1, 4, 100, 1000 })
        {
            Assert.Equal(AdaptiveRatesSection.SlopeRate / Math.Sqrt(t), steps[t - 1], 1e-9);
        }

        Assert.Equal(AdaptiveRatesSection.SlopeRate, fixture.AdaptiveRates.SlopeStepLengths[2][^1], 1e-9);
    }

    // Section 6: bias correction.
    [Theory]
    [InlineData(1, 0.1)]
    [InlineData(2, 0.19)]
    [InlineData(3, 0.271)]
    [InlineData(10, 0.6513215599)]
    [InlineData(100, 0.9999734386)]
    public void BiasCorrection_OneMinusBetaToTheT_MatchesTheLecturesTable(int t, double expected)
    {
        Assert.Equal(expected, BiasCorrectionSection.Correction(t), 10);
    }

    [Fact]
    public void BiasCorrection_LectureExample_FirstMomentIsFivePercentUncorrected()
    {
        Assert.Equal(0.05, BiasCorrectionSection.Gradient * BiasCorrectionSection.Correction(1), 15);
        Assert.Equal(0.5, BiasCorrectionSection.Gradient * BiasCorrectionSection.Correction(1) / BiasCorrectionSection.Correction(1), 15);
    }

    [Fact]
    public void BiasCorrection_LibraryAdam_StepsAreAlphaCorrectedAndClosedFormUncorrected()
    {
        // A constant gradient g: m_t = (1 − β₁ᵗ)g and v_t = (1 − β₂ᵗ)g² exactly, so the steps have closed forms (ε = 1e-8 included).
        var s = fixture.BiasCorrection;
        double lr = BiasCorrectionSection.LearningRate, g = BiasCorrectionSection.Gradient, eps = 1e-8;
        foreach (int t in new[] { 1, 2, 10, 100, 200 })
        {
            Assert.Equal(lr * g / (g + eps), s.CorrectedSteps[t - 1], 1e-14);
            double m = BiasCorrectionSection.Correction(t) * g, v = BiasCorrectionSection.Correction(t, 0.999) * g * g;
            Assert.Equal(lr * m / (Math.Sqrt(v) + eps), s.UncorrectedSteps[t - 1], 1e-14);
        }
    }

    // Section 7: decays.
    [Theory]
    [InlineData("exp_decay:decay_rate=0.5,decay_steps=25", 25, 0.05)]
    [InlineData("exp_decay:decay_rate=0.5,decay_steps=25", 50, 0.025)]
    [InlineData("inverse_time_decay:decay_rate=0.1,decay_steps=1", 10, 0.05)]
    [InlineData("step:step_size=30,gamma=0.5", 30, 0.05)]
    [InlineData("step:step_size=30,gamma=0.5", 29, 0.1)]
    [InlineData("cosine:t_max=100", 50, 0.05)]
    [InlineData("cosine:t_max=90,warmup=10", 0, 0)]
    [InlineData("cosine:t_max=90,warmup=10", 5, 0.05)]
    [InlineData("cosine:t_max=90,warmup=10", 10, 0.1)]
    public void Decay_Curves_MatchTheirFormulas(string spec, int step, double expected)
    {
        Assert.Equal(expected, fixture.Decay.Curves.Single(c => c.Spec == spec).Values[step], 12);
    }

    [Fact]
    public void Decay_NaturalExponential_IsBaseTimesExpMinusRateStep()
    {
        Assert.Equal(0.1 * Math.Exp(-0.03 * 50), fixture.Decay.Curves.Single(c => c.Spec.StartsWith("natural_exp_decay", StringComparison.Ordinal)).Values[50], 12);
    }

    [Fact]
    public void Decay_ShowsLecture002sFourDecaysPlusStepCosineAndWarmup()
    {
        var names = fixture.Decay.Curves.Select(c => c.Spec.Split(':')[0]).ToArray();
        Assert.Equal(["exp_decay", "natural_exp_decay", "inverse_time_decay", "polynomial_decay", "step", "cosine", "cosine"], names);
        Assert.Contains(fixture.Decay.Curves, c => c.Spec.Contains("warmup", StringComparison.Ordinal));
    }

    // Section 8: the saddle.
    [Fact]
    public void Saddle_Hessian_IsZeroMinusTwoMinusTwoZero()
    {
        var h = fixture.Saddle.Hessian;
        Assert.Equal(0, h[0, 0], 12);
        Assert.Equal(-2, h[0, 1], 12);
        Assert.Equal(-2, h[1, 0], 12);
        Assert.Equal(0, h[1, 1], 12);
        Assert.Equal([0.0, 0.0], fixture.Saddle.Gradient);
    }

    [Fact]
    public void Saddle_Eigenvalues_ArePlusMinusTwoAndTheVerdictIsSaddle()
    {
        Assert.Equal(-2, fixture.Saddle.Analysis.Eigenvalues[0], 12);
        Assert.Equal(2, fixture.Saddle.Analysis.Eigenvalues[1], 12);
        Assert.StartsWith("saddle point", fixture.Saddle.Analysis.Verdict, StringComparison.Ordinal);
    }

    [Fact]
    public void Saddle_Race_EveryOptimizerEscapesAndPlainGdIsSlowest()
    {
        var steps = fixture.Saddle.Race.Entries.Select(SaddleSection.EscapeStep).ToArray();
        Assert.All(steps, s => Assert.NotNull(s));
        Assert.Equal(steps.Max(), steps[0]);
        Assert.All(fixture.Saddle.Race.Entries, e => Assert.True(e.FinalLoss < 1e-4, $"{e.Spec} ended at f = {e.FinalLoss}"));
    }

    [Fact]
    public void Saddle_StartOnTheStableLine_NobodyEscapes()
    {
        Assert.All(fixture.Saddle.Stuck.Entries, e => Assert.Equal(1, e.FinalLoss, 2));
    }

    // The report.
    [Fact]
    public void Report_UnderGermanCulture_IsIdenticalToInvariant()
    {
        string invariant = FunctionRaceTests.WithCulture(CultureInfo.InvariantCulture, () => LectureDemo.BuildReport(fixture.All).ToHtml());
        string german = FunctionRaceTests.WithCulture(new CultureInfo("de-DE"), () => LectureDemo.BuildReport(fixture.All).ToHtml());
        Assert.Equal(invariant, german);
    }

    [Fact]
    public void Report_ComputedTwice_IsIdentical()
    {
        var again = new DemoSection[]
        {
            LearningRateSection.Compute(), StoppingRuleSection.Compute(), BatchRegimeSection.Compute(), MomentumSection.Compute(),
            AdaptiveRatesSection.Compute(), BiasCorrectionSection.Compute(), DecaySection.Compute(), SaddleSection.Compute(),
        };
        Assert.Equal(LectureDemo.BuildReport(fixture.All).ToHtml(), LectureDemo.BuildReport(again).ToHtml());
    }

    [Fact]
    public void WriteFigures_WritesOneWellFormedSvgPerFigure()
    {
        var dir = Directory.CreateTempSubdirectory("descent-figures-").FullName;
        try
        {
            var report = LectureDemo.BuildReport(fixture.All);
            var paths = LectureDemo.WriteFigures(report, Path.Combine(dir, "figures"));
            int figures = System.Text.RegularExpressions.Regex.Matches(report.ToHtml(), "<figure>").Count;
            Assert.Equal(figures, paths.Count);
            Assert.Equal(Path.Combine(dir, "figures", "section-5-figure-1.svg"), paths.First(p => p.Contains("section-5", StringComparison.Ordinal)));
            foreach (var path in paths)
            {
                var svg = System.Xml.Linq.XDocument.Load(path);
                Assert.Equal("svg", svg.Root!.Name.LocalName);
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Sections_EachCitesALectureAndHasASummary()
    {
        foreach (var s in fixture.All)
        {
            Assert.NotEmpty(s.Sources);
            Assert.False(string.IsNullOrWhiteSpace(s.Summary));
            Assert.DoesNotContain('\n', s.Summary);
            var report = LectureDemo.BuildReport([s]).ToHtml();
            Assert.Contains($"From lecture {s.Sources[0].Id}", report, StringComparison.Ordinal);
        }
    }
}
