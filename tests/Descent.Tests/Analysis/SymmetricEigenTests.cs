using Descent.Analysis;

namespace Descent.Tests.Analysis;

public class SymmetricEigenTests
{
    [Fact]
    public void Decompose_RandomSymmetric_ReconstructsTheMatrix()
    {
        var a = AnalysisTestUtil.RandomSymmetric(7, 3);
        var eig = SymmetricEigen.Decompose(a);
        var r = new double[7, 7];
        for (int k = 0; k < 7; k++)
        {
            for (int i = 0; i < 7; i++)
            {
                for (int j = 0; j < 7; j++)
                {
                    r[i, j] += eig.Values[k] * eig.Vectors[k][i] * eig.Vectors[k][j];
                }
            }
        }

        Assert.True(AnalysisTestUtil.MaxAbsDifference(a, r) < 1e-12);
    }

    [Fact]
    public void Decompose_ValuesAscending_VectorsUnitAndOrthogonal()
    {
        var eig = SymmetricEigen.Decompose(AnalysisTestUtil.RandomSymmetric(6, 4));
        for (int i = 1; i < 6; i++)
        {
            Assert.True(eig.Values[i - 1] <= eig.Values[i]);
        }

        for (int i = 0; i < 6; i++)
        {
            for (int j = 0; j < 6; j++)
            {
                double dot = eig.Vectors[i].Zip(eig.Vectors[j], (x, y) => x * y).Sum();
                Assert.Equal(i == j ? 1 : 0, dot, 12);
            }
        }
    }

    [Fact]
    public void Decompose_SignConvention_LargestComponentPositive()
    {
        var eig = SymmetricEigen.Decompose(AnalysisTestUtil.RandomSymmetric(5, 5));
        foreach (var v in eig.Vectors)
        {
            double largest = v.MaxBy(Math.Abs);
            Assert.True(largest > 0);
        }
    }

    [Fact]
    public void Decompose_SignConventionTie_FirstComponentPositive()
    {
        var eig = SymmetricEigen.Decompose(new double[,] { { 0, -2 }, { -2, 0 } });
        Assert.Equal([-2.0, 2.0], eig.Values.Select(v => Math.Round(v, 12)));
        Assert.Equal(Math.Sqrt(0.5), eig.Vectors[0][0], 12);
        Assert.Equal(Math.Sqrt(0.5), eig.Vectors[0][1], 12);
        Assert.Equal(Math.Sqrt(0.5), eig.Vectors[1][0], 12);
        Assert.Equal(-Math.Sqrt(0.5), eig.Vectors[1][1], 12);
    }

    [Fact]
    public void DecomposeTridiagonal_MatchesDense()
    {
        double[] alpha = [2, -1, 3, 0.5];
        double[] beta = [1, 0.25, -2];
        var dense = new double[4, 4];
        for (int i = 0; i < 4; i++)
        {
            dense[i, i] = alpha[i];
            if (i < 3)
            {
                dense[i, i + 1] = dense[i + 1, i] = beta[i];
            }
        }

        TestUtil.AssertClose(SymmetricEigen.Decompose(dense).Values, SymmetricEigen.DecomposeTridiagonal(alpha, beta).Values, 1e-12);
    }

    [Fact]
    public void Decompose_NotSymmetric_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => SymmetricEigen.Decompose(new double[,] { { 1, 2 }, { 0, 1 } }));
        Assert.Contains("not symmetric", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decompose_NotSquare_Throws() =>
        Assert.Throws<ArgumentException>(() => SymmetricEigen.Decompose(new double[2, 3]));
}
