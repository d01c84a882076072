using Descent.Analysis;

namespace Descent.Tests.Analysis;

public class LossLandscapeTests
{
    [Fact]
    public void Surface_Quadratic_IsTheQuadraticOnTheGrid()
    {
        var f = ObjectiveFunction.Quadratic(new double[,] { { 1, 0, 0 }, { 0, 4, 0 }, { 0, 0, 9 } });
        var s = LossLandscape.Surface(f, [0.0, 0, 1], [1.0, 0, 0], [0.0, 1, 0], points: 5, span: 2);
        Assert.Equal([-2.0, -1, 0, 1, 2], s.Alpha);
        for (int j = 0; j < 5; j++)
        {
            for (int i = 0; i < 5; i++)
            {
                double expected = 0.5 * ((s.Alpha[i] * s.Alpha[i]) + (4 * s.Beta[j] * s.Beta[j]) + 9);
                Assert.Equal(expected, s.Loss[j, i], 12);
            }
        }

        Assert.Null(s.Accuracy);
        Assert.Equal((4.5, 0.0, 0.0), s.Minimum());
    }

    [Fact]
    public void Interpolate_Quadratic_EndsAreTheTwoPoints()
    {
        var f = ObjectiveFunction.Quadratic(new double[,] { { 2, 0 }, { 0, 2 } });
        var line = LossLandscape.Interpolate(f, [1.0, 0], [0.0, 3], points: 5, alphaMin: 0, alphaMax: 1);
        Assert.Equal(1, line.Loss[0], 12);
        Assert.Equal(9, line.Loss[^1], 12);
        Assert.Equal(0.5 * ((0.5 * 0.5 * 2) + (1.5 * 1.5 * 2)), line.Loss[2], 12);
    }

    [Fact]
    public void Interpolate_Network_ReportsAccuracyAndRestoresTheEndPoint()
    {
        var loss = AnalysisTestUtil.SmallNetworkLoss();
        var theta = loss.GetParameters();
        var zero = new double[theta.Length];
        var line = LossLandscape.Interpolate(loss, zero, theta, points: 3, alphaMin: 0, alphaMax: 1);
        Assert.NotNull(line.Accuracy);
        Assert.Equal(Math.Log(4), line.Loss[0], 12);
        Assert.Equal(loss.Value(theta), line.Loss[^1], 12);
        Assert.Equal(theta, loss.GetParameters());
    }

    [Fact]
    public void Surface_Network_CentreIsTheModelsLossAndParametersAreRestored()
    {
        var loss = AnalysisTestUtil.SmallNetworkLoss();
        var theta = loss.GetParameters();
        var d1 = Directions.FilterNormalized(loss.Layout, new Rng(1));
        var d2 = Directions.FilterNormalized(loss.Layout, new Rng(2));
        var s = LossLandscape.Surface(loss, theta, d1, d2, points: 3, span: 0.5);
        Assert.Equal(loss.Value(theta), s.Loss[1, 1], 12);
        Assert.InRange(s.Accuracy![1, 1], 0, 1);
        Assert.Equal(theta, loss.GetParameters());
    }

    [Fact]
    public void Surface_BadSpan_Throws()
    {
        var f = ObjectiveFunction.Quadratic(new double[,] { { 1 } });
        Assert.Throws<ArgumentException>(() => LossLandscape.Surface(f, [0.0], [1.0], [1.0], 3, 0));
    }

    [Fact]
    public void Surface_TooFewPoints_Throws()
    {
        var f = ObjectiveFunction.Quadratic(new double[,] { { 1 } });
        Assert.Throws<ArgumentException>(() => LossLandscape.Surface(f, [0.0], [1.0], [1.0], 1, 1));
    }

    [Fact]
    public void Surface_LargeGridOfATestFunction_EqualsPointwiseValues()
    {
        var rosenbrock = Descent.Functions.TestFunctions.Get("rosenbrock");
        var s = LossLandscape.Surface(new ObjectiveFunction(rosenbrock), [1.0, 1.0], [1.0, 0], [0.0, 1], points: 301, span: 2);
        for (int j = 0; j < 301; j += 7)
        {
            for (int i = 0; i < 301; i += 5)
            {
                Assert.Equal(rosenbrock.Value([1 + s.Alpha[i], 1 + s.Beta[j]]), s.Loss[j, i]);
            }
        }
    }
}
