using Descent.Analysis;
using Descent.Functions;

namespace Descent.Tests.Analysis;

public class HessianTests
{
    [Theory]
    [InlineData(2, 1UL)]
    [InlineData(5, 2UL)]
    [InlineData(12, 3UL)]
    public void Dense_RandomQuadraticForm_ReturnsA(int n, ulong seed)
    {
        var a = AnalysisTestUtil.RandomSymmetric(n, seed);
        var f = ObjectiveFunction.Quadratic(a);
        var h = Hessians.Dense(f, AnalysisTestUtil.RandomVector(n, seed + 100));
        Assert.True(AnalysisTestUtil.MaxAbsDifference(a, h) < 1e-12, $"max |H − A| = {AnalysisTestUtil.MaxAbsDifference(a, h)}");
    }

    [Fact]
    public void Gradient_QuadraticWithLinearTerm_IsAxPlusB()
    {
        var a = AnalysisTestUtil.RandomSymmetric(4, 7);
        double[] b = [1, -2, 0.5, 3];
        double[] x = [0.3, -1, 2, 0.25];
        var g = Hessians.Gradient(ObjectiveFunction.Quadratic(a, b), x);
        var expected = new double[4];
        for (int i = 0; i < 4; i++)
        {
            expected[i] = b[i];
            for (int j = 0; j < 4; j++)
            {
                expected[i] += a[i, j] * x[j];
            }
        }

        TestUtil.AssertClose(expected, g, 1e-12);
    }

    [Fact]
    public void Dense_ProductSaddleAtOrigin_IsTheLectureMatrix()
    {
        var h = Hessians.Dense(new ObjectiveFunction(TestFunctions.Get("product-saddle")), [0.0, 0.0]);
        Assert.Equal(new double[,] { { 0, -2 }, { -2, 0 } }, h);
    }

    [Fact]
    public void Dense_Rosenbrock_MatchesObjectivesHessian()
    {
        var f = TestFunctions.Get("rosenbrock", 4);
        double[] x = [0.5, -0.3, 1.2, 0.8];
        var expected = f.Hessian(x);
        var actual = Hessians.Dense(new ObjectiveFunction(f), x);
        Assert.True(AnalysisTestUtil.MaxAbsDifference(expected, actual) < 1e-9);
    }

    [Fact]
    public void Hvp_Rosenbrock_AgreesWithFiniteDifferences()
    {
        var f = new ObjectiveFunction(TestFunctions.Get("rosenbrock", 6));
        var x = AnalysisTestUtil.RandomVector(6, 11);
        var v = AnalysisTestUtil.RandomVector(6, 12);
        var exact = Hessians.Hvp(f, x, v);
        var fd = Hessians.FiniteDifferenceHvp(f, x, v);
        double scale = AnalysisTestUtil.MaxAbs(exact);
        for (int i = 0; i < 6; i++)
        {
            Assert.True(Math.Abs(exact[i] - fd[i]) <= 1e-6 * scale, $"component {i}: exact {exact[i]}, finite differences {fd[i]}");
        }
    }

    [Fact]
    public void Hvp_NetworkLoss_AgreesWithFiniteDifferences()
    {
        var loss = AnalysisTestUtil.SmallNetworkLoss();
        var theta = loss.GetParameters();
        var v = AnalysisTestUtil.RandomVector(loss.Dimension, 5);
        var exact = Hessians.Hvp(loss, theta, v);
        var fd = Hessians.FiniteDifferenceHvp(loss, theta, v);
        double scale = AnalysisTestUtil.MaxAbs(exact);
        double worst = exact.Zip(fd, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(worst <= 1e-6 * scale, $"max |Hv − FD| = {worst} against max |Hv| = {scale}");
    }

    [Fact]
    public void Hvp_TwoBatches_EqualsOneBatchOfTheSameSamples()
    {
        var whole = AnalysisTestUtil.SmallNetworkLoss(batchSize: 32);
        var split = AnalysisTestUtil.SmallNetworkLoss(batchSize: 12);
        var theta = whole.GetParameters();
        var v = AnalysisTestUtil.RandomVector(whole.Dimension, 9);
        TestUtil.AssertClose(Hessians.Hvp(whole, theta, v), Hessians.Hvp(split, theta, v), 1e-12);
        Assert.Equal(whole.Value(theta), split.Value(theta), 12);
    }

    [Fact]
    public void ValueAndGradient_NetworkLoss_MatchesDirectionalDifference()
    {
        var loss = AnalysisTestUtil.SmallNetworkLoss();
        var theta = loss.GetParameters();
        var v = AnalysisTestUtil.RandomVector(loss.Dimension, 3);
        var g = new double[loss.Dimension];
        loss.ValueAndGradient(theta, g);
        const double eps = 1e-6;
        var plus = theta.Zip(v, (t, d) => t + (eps * d)).ToArray();
        var minus = theta.Zip(v, (t, d) => t - (eps * d)).ToArray();
        double fd = (loss.Value(plus) - loss.Value(minus)) / (2 * eps);
        double exact = g.Zip(v, (a, b) => a * b).Sum();
        Assert.Equal(exact, fd, 6);
    }

    [Fact]
    public void HessianAt_ParametersMovedInBetween_StillUsesItsPoint()
    {
        var loss = AnalysisTestUtil.SmallNetworkLoss();
        var theta = loss.GetParameters();
        var v = AnalysisTestUtil.RandomVector(loss.Dimension, 4);
        var op = loss.HessianAt(theta);
        var before = new double[loss.Dimension];
        op.Apply(v, before);
        loss.Value(theta.Select(t => t + 0.5).ToArray());
        var after = new double[loss.Dimension];
        op.Apply(v, after);
        TestUtil.AssertClose(before, after, 1e-12);
    }

    [Fact]
    public void Hvp_ConstantFunction_IsZero()
    {
        var f = new ObjectiveFunction(3, x => Tensor.Scalar(4, DType.Float64), "four");
        Assert.Equal(new double[3], Hessians.Hvp(f, [1.0, 2, 3], [1.0, 1, 1]));
    }

    [Fact]
    public void Dense_TooLarge_ThrowsNamingTheMatrixFreeMethods()
    {
        var f = new ObjectiveFunction(Hessians.MaxDenseDimension + 1, x => x.Sum(), "sum");
        var e = Assert.Throws<ArgumentException>(() => Hessians.Dense(f, new double[Hessians.MaxDenseDimension + 1]));
        Assert.Contains("HessianSpectrum", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Hvp_WrongVectorLength_Throws()
    {
        var f = ObjectiveFunction.Quadratic(new double[,] { { 1, 0 }, { 0, 1 } });
        Assert.Throws<ArgumentException>(() => Hessians.Hvp(f, [0.0, 0.0], [1.0]));
    }
}
