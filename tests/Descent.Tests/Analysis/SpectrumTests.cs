using Descent.Analysis;

namespace Descent.Tests.Analysis;

public class SpectrumTests
{
    private static DenseSymmetricOperator Diagonal(params double[] d)
    {
        var m = new double[d.Length, d.Length];
        for (int i = 0; i < d.Length; i++)
        {
            m[i, i] = d[i];
        }

        return new DenseSymmetricOperator(m);
    }

    [Fact]
    public void TopEigenvalues_SmallNetwork_AgreeWithDenseDecomposition()
    {
        var loss = AnalysisTestUtil.SmallNetworkLoss();
        var theta = loss.GetParameters();
        var op = loss.HessianAt(theta);
        var dense = SymmetricEigen.Decompose(Hessians.Dense(op));
        var top = HessianSpectrum.TopEigenvalues(op, 5, tolerance: 1e-8);
        Assert.True(top.Converged);
        double scale = Math.Abs(dense.Values[^1]);
        for (int i = 0; i < 5; i++)
        {
            double expected = dense.Values[^(i + 1)];
            Assert.True(Math.Abs(top.Values[i] - expected) <= 1e-8 * scale, $"eigenvalue {i}: Lanczos {top.Values[i]:R}, dense {expected:R}");
        }

        // The Ritz vector of the top eigenvalue is the dense eigenvector (same sign convention).
        var v = top.Vectors[0];
        var u = dense.Vectors[^1];
        Assert.True(v.Zip(u, (a, b) => Math.Abs(a - b)).Max() < 1e-5);
        Assert.True(top.Steps < loss.Dimension, $"took {top.Steps} steps for n = {loss.Dimension}");
    }

    [Fact]
    public void TopEigenvalues_SmallestEnd_AgreesWithDenseDecomposition()
    {
        var loss = AnalysisTestUtil.SmallNetworkLoss(seed: 2);
        var op = loss.HessianAt(loss.GetParameters());
        var dense = SymmetricEigen.Decompose(Hessians.Dense(op));
        var bottom = HessianSpectrum.TopEigenvalues(op, 2, SpectrumEnd.Smallest, tolerance: 1e-9);
        double scale = AnalysisTestUtil.MaxAbs(dense.Values);
        Assert.Equal(dense.Values[0], bottom.Values[0], 1e-7 * scale);
        Assert.Equal(dense.Values[1], bottom.Values[1], 1e-7 * scale);
    }

    [Fact]
    public void TopEigenvalues_Diagonal_FindsTheLargestWithSmallResiduals()
    {
        var op = Diagonal(Enumerable.Range(1, 50).Select(i => (double)i).ToArray());
        var top = HessianSpectrum.TopEigenvalues(op, 3, tolerance: 1e-10);
        Assert.Equal(50, top.Values[0], 8);
        Assert.Equal(49, top.Values[1], 8);
        Assert.Equal(48, top.Values[2], 8);
        Assert.Equal(1, Math.Abs(top.Vectors[0][49]), 6);
        Assert.All(top.Residuals, r => Assert.True(r < 1e-7));
    }

    [Fact]
    public void TopEigenvalues_SameSeed_SameNumbers()
    {
        var op = new DenseSymmetricOperator(AnalysisTestUtil.RandomSymmetric(40, 8));
        var a = HessianSpectrum.TopEigenvalues(op, 3, maxSteps: 10, seed: 5);
        var b = HessianSpectrum.TopEigenvalues(op, 3, maxSteps: 10, seed: 5);
        Assert.Equal(a.Values, b.Values);
        Assert.False(a.Converged);
    }

    [Fact]
    public void TopEigenvalues_KAboveDimension_Throws() =>
        Assert.Throws<ArgumentException>(() => HessianSpectrum.TopEigenvalues(Diagonal(1, 2), 3));

    [Fact]
    public void Lanczos_Basis_IsOrthonormal()
    {
        var op = new DenseSymmetricOperator(AnalysisTestUtil.RandomSymmetric(30, 6));
        var r = Lanczos.Run(op, AnalysisTestUtil.RandomVector(30, 1), 20);
        for (int i = 0; i < r.Steps; i++)
        {
            for (int j = 0; j < r.Steps; j++)
            {
                double dot = r.Basis[i].Zip(r.Basis[j], (a, b) => a * b).Sum();
                Assert.True(Math.Abs(dot - (i == j ? 1 : 0)) < 1e-12, $"q{i}·q{j} = {dot}");
            }
        }
    }

    [Fact]
    public void Lanczos_FullDimension_RitzValuesAreTheEigenvalues()
    {
        var a = AnalysisTestUtil.RandomSymmetric(12, 2);
        var r = Lanczos.Run(new DenseSymmetricOperator(a), AnalysisTestUtil.RandomVector(12, 3), 100);
        Assert.Equal(12, r.Steps);
        Assert.True(r.InvariantSubspace);
        TestUtil.AssertClose(SymmetricEigen.Decompose(a).Values, r.Tridiagonal().Values, 1e-10);
    }

    [Fact]
    public void Lanczos_ZeroStart_Throws() =>
        Assert.Throws<ArgumentException>(() => Lanczos.Run(Diagonal(1, 2), new double[2], 2));

    [Fact]
    public void Trace_SmallQuadratic_WithinStatisticalTolerance()
    {
        var a = AnalysisTestUtil.RandomSymmetric(20, 12);
        double exact = Enumerable.Range(0, 20).Sum(i => a[i, i]);
        double offDiagonal = 0;
        for (int i = 0; i < 20; i++)
        {
            for (int j = 0; j < 20; j++)
            {
                offDiagonal += i == j ? 0 : a[i, j] * a[i, j];
            }
        }

        var op = Hessians.Dense(ObjectiveFunction.Quadratic(a), new double[20]);
        var estimate = HessianSpectrum.Trace(new DenseSymmetricOperator(op), 400, seed: 3);

        // Var(zᵀAz) = 2·Σ_{i≠j} A²ᵢⱼ for Rademacher z; the sample standard error must be near its theoretical value.
        double theory = Math.Sqrt(2 * offDiagonal / 400);
        Assert.InRange(estimate.StandardError, 0.8 * theory, 1.2 * theory);
        Assert.True(Math.Abs(estimate.Mean - exact) <= 4 * theory, $"estimate {estimate.Mean} ± {estimate.StandardError}, exact {exact}");
    }

    [Fact]
    public void Trace_Diagonal_IsExactForEveryProbe()
    {
        var estimate = HessianSpectrum.Trace(Diagonal(1, -2, 3.5, 10), 5, seed: 1);
        Assert.All(estimate.Samples, s => Assert.Equal(12.5, s, 12));
        Assert.Equal(0, estimate.StandardError, 12);
    }

    [Fact]
    public void Trace_SameSeedSameNumbers_OtherSeedOtherNumbers()
    {
        var op = new DenseSymmetricOperator(AnalysisTestUtil.RandomSymmetric(10, 1));
        var a = HessianSpectrum.Trace(op, 10, seed: 7);
        var b = HessianSpectrum.Trace(op, 10, seed: 7);
        var c = HessianSpectrum.Trace(op, 10, seed: 8);
        Assert.Equal(a.Samples, b.Samples);
        Assert.NotEqual(a.Samples, c.Samples);
    }

    [Fact]
    public void Density_DiagonalQuadratic_IntegratesToOneAndPeaksAtTheEigenvalues()
    {
        double[] eigenvalues = [-1, 2, 5];
        var d = Enumerable.Range(0, 30).Select(i => eigenvalues[i % 3]).ToArray();
        var density = HessianSpectrum.Density(Diagonal(d), runs: 2, steps: 30, seed: 4, variance: 0.01, gridPoints: 2000);
        Assert.Equal(1, density.Integral(), 6);
        foreach (var w in density.Weights)
        {
            Assert.Equal(1, w.Sum(), 12);
        }

        // Local maxima of the density sit at the eigenvalues, each with mass 1/3.
        var peaks = new List<double>();
        for (int i = 1; i + 1 < density.Grid.Length; i++)
        {
            if (density.Density[i] > density.Density[i - 1] && density.Density[i] >= density.Density[i + 1] && density.Density[i] > 0.1)
            {
                peaks.Add(density.Grid[i]);
            }
        }

        Assert.Equal(3, peaks.Count);
        for (int k = 0; k < 3; k++)
        {
            Assert.Equal(eigenvalues[k], peaks[k], 2);
        }

        double massNearTwo = density.Grid.Select((t, i) => Math.Abs(t - 2) < 1 ? density.Density[i] : 0).Sum() * (density.Grid[1] - density.Grid[0]);
        Assert.Equal(1.0 / 3, massNearTwo, 3);
    }

    [Fact]
    public void Density_DefaultVariance_IsPyHessians()
    {
        var density = HessianSpectrum.Density(Diagonal(0, 10, 20), steps: 3, gridPoints: 50);
        Assert.Equal(1e-5 * 20, density.Variance, 15);
        Assert.Equal(density.Density[10], density.At(density.Grid[10]), 15);
    }
}
