using Descent.Demo;

namespace Descent.Tests.Demo;

public sealed class CriticalPointTests
{
    [Fact]
    public void Classify_ProductSaddleHessian_IsSaddleWithEigenvaluesPlusMinusTwo()
    {
        var c = CriticalPoint.Classify(new double[,] { { 0, -2 }, { -2, 0 } }, [0, 0]);
        Assert.Equal([-2.0, 2.0], c.Eigenvalues);
        Assert.StartsWith("saddle point", c.Verdict, StringComparison.Ordinal);
        Assert.Equal(Math.Sqrt(0.5), c.Eigenvectors[0][0], 12);
        Assert.Equal(Math.Sqrt(0.5), c.Eigenvectors[0][1], 12);
    }

    [Fact]
    public void Classify_PositiveDefinite_IsMinimum()
    {
        var c = CriticalPoint.Classify(new double[,] { { 10, 8 }, { 8, 10 } }, [0, 0]);
        Assert.Equal(2, c.Eigenvalues[0], 12);
        Assert.Equal(18, c.Eigenvalues[1], 12);
        Assert.StartsWith("local minimum", c.Verdict, StringComparison.Ordinal);
    }

    [Fact]
    public void Classify_NegativeDefinite_IsMaximum()
    {
        Assert.StartsWith("local maximum", CriticalPoint.Classify(new double[,] { { -1, 0 }, { 0, -3 } }, [0, 0]).Verdict, StringComparison.Ordinal);
    }

    [Fact]
    public void Classify_ZeroEigenvalue_IsInconclusive()
    {
        Assert.StartsWith("inconclusive", CriticalPoint.Classify(new double[,] { { 1, 0 }, { 0, 0 } }, [0, 0]).Verdict, StringComparison.Ordinal);
    }

    [Fact]
    public void Classify_NonZeroGradient_SaysNotCritical()
    {
        Assert.StartsWith("not a critical point", CriticalPoint.Classify(new double[,] { { 2, 0 }, { 0, 2 } }, [1, 0]).Verdict, StringComparison.Ordinal);
    }

    [Fact]
    public void Classify_Eigenvectors_SatisfyHv_EqualsLambdaV()
    {
        var h = new double[,] { { 3, 1.5 }, { 1.5, -2 } };
        var c = CriticalPoint.Classify(h, [0, 0]);
        for (int k = 0; k < 2; k++)
        {
            var v = c.Eigenvectors[k];
            Assert.Equal(c.Eigenvalues[k] * v[0], (h[0, 0] * v[0]) + (h[0, 1] * v[1]), 12);
            Assert.Equal(c.Eigenvalues[k] * v[1], (h[1, 0] * v[0]) + (h[1, 1] * v[1]), 12);
        }
    }

    [Fact]
    public void Classify_WrongSize_Throws()
    {
        Assert.Throws<ArgumentException>(() => CriticalPoint.Classify(new double[3, 3], [0, 0, 0]));
    }
}
