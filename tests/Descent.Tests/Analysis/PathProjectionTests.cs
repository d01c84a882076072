using Descent.Analysis;

namespace Descent.Tests.Analysis;

public class PathProjectionTests
{
    // A spiral θ(t) = o + a(t)·u + b(t)·v in a known plane of ℝ⁵⁰, ending at o.
    private static (List<double[]> Path, double[] U, double[] V) PlanarPath()
    {
        int n = 50;
        var o = AnalysisTestUtil.RandomVector(n, 1);
        var u = AnalysisTestUtil.RandomVector(n, 2);
        var v = AnalysisTestUtil.RandomVector(n, 3);
        Normalize(u);
        double uv = Dot(u, v);
        for (int i = 0; i < n; i++)
        {
            v[i] -= uv * u[i];
        }

        Normalize(v);
        var path = new List<double[]>();
        for (int k = 0; k <= 20; k++)
        {
            double t = 1 - (k / 20.0);
            double a = 3 * t * Math.Cos(4 * t), b = t * Math.Sin(4 * t);
            path.Add(o.Select((x, i) => x + (a * u[i]) + (b * v[i])).ToArray());
        }

        return (path, u, v);
    }

    [Fact]
    public void Pca_PathInAPlane_ReconstructsEveryPoint()
    {
        var (path, _, _) = PlanarPath();
        var p = PathProjection.Pca(path);
        for (int k = 0; k < path.Count; k++)
        {
            for (int i = 0; i < path[k].Length; i++)
            {
                double rebuilt = p.Origin[i] + (p.X[k] * p.Direction1[i]) + (p.Y[k] * p.Direction2[i]);
                Assert.Equal(path[k][i], rebuilt, 10);
            }
        }

        Assert.Equal(1, p.ExplainedVariance1 + p.ExplainedVariance2, 10);
        Assert.True(p.ExplainedVariance1 >= p.ExplainedVariance2);
    }

    [Fact]
    public void Pca_PathInAPlane_DirectionsSpanThePlane()
    {
        var (path, u, v) = PlanarPath();
        var p = PathProjection.Pca(path);
        foreach (var d in new[] { p.Direction1, p.Direction2 })
        {
            Assert.Equal(1, Dot(d, d), 12);
            double inPlane = Math.Pow(Dot(d, u), 2) + Math.Pow(Dot(d, v), 2);
            Assert.Equal(1, inPlane, 10);
        }

        Assert.Equal(0, Dot(p.Direction1, p.Direction2), 10);
    }

    [Fact]
    public void Pca_FinalPoint_IsTheOrigin()
    {
        var (path, _, _) = PlanarPath();
        var p = PathProjection.Pca(path);
        Assert.Equal(0, p.X[^1], 12);
        Assert.Equal(0, p.Y[^1], 12);
    }

    [Fact]
    public void Pca_StraightLine_SecondAxisExplainsNothing()
    {
        var dir = AnalysisTestUtil.RandomVector(10, 4);
        var path = Enumerable.Range(0, 5).Select(k => dir.Select(x => x * k).ToArray()).ToList();
        var p = PathProjection.Pca(path);
        Assert.Equal(1, p.ExplainedVariance1, 12);
        Assert.Equal(0, p.ExplainedVariance2);
        Assert.Equal(0, Dot(p.Direction1, p.Direction2), 12);
        Assert.All(p.Y, y => Assert.Equal(0, y, 10));
    }

    [Fact]
    public void AxisLabel_StatesTheExplainedVariance()
    {
        var (path, _, _) = PlanarPath();
        var p = PathProjection.Pca(path);
        Assert.Matches(@"^1st PCA direction \(\d+\.\d% of variance\)$", p.AxisLabel(1));
    }

    [Fact]
    public void Pca_OneSnapshot_Throws() =>
        Assert.Throws<ArgumentException>(() => PathProjection.Pca([new double[3]]));

    [Fact]
    public void Pca_PathThatDoesNotMove_Throws() =>
        Assert.Throws<ArgumentException>(() => PathProjection.Pca([new double[3], new double[3]]));

    private static double Dot(double[] a, double[] b) => a.Zip(b, (x, y) => x * y).Sum();

    private static void Normalize(double[] a)
    {
        double n = Math.Sqrt(Dot(a, a));
        for (int i = 0; i < a.Length; i++)
        {
            a[i] /= n;
        }
    }
}
