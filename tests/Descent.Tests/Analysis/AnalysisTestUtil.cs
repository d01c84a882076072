using Descent.Analysis;
using Descent.Data;
using Descent.NN;

namespace Descent.Tests.Analysis;

/// <summary>Small seeded problems shared by the analysis tests.</summary>
internal static class AnalysisTestUtil
{
    /// <summary>A random symmetric n × n matrix with entries ~ N(0, 1).</summary>
    public static double[,] RandomSymmetric(int n, ulong seed)
    {
        var rng = new Rng(seed);
        var a = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                a[i, j] = a[j, i] = rng.NextNormal();
            }
        }

        return a;
    }

    public static double[] RandomVector(int n, ulong seed)
    {
        var v = new double[n];
        new Rng(seed).FillNormal(v);
        return v;
    }

    /// <summary>
    /// A float64 MLP 6-16-4 with tanh (180 parameters) and its cross-entropy on 32 seeded random samples: small enough to form
    /// the dense Hessian, smooth enough for finite differences.
    /// </summary>
    public static ModelLoss SmallNetworkLoss(ulong seed = 1, int samples = 32, int batchSize = 32)
    {
        var rng = new Rng(seed);
        var model = new Sequential(new Linear(6, 16, rng, dtype: DType.Float64), new Tanh(), new Linear(16, 4, rng, dtype: DType.Float64));
        var x = Tensor.Randn(new Shape(samples, 6), rng, DType.Float64);
        var labels = Enumerable.Range(0, samples).Select(_ => rng.NextInt(4)).ToArray();
        var data = new TensorDataset(x, labels, classCount: 4);
        return ModelLoss.FromDataset(model, data, batchSize: batchSize);
    }

    public static double MaxAbsDifference(double[,] a, double[,] b)
    {
        double m = 0;
        for (int i = 0; i < a.GetLength(0); i++)
        {
            for (int j = 0; j < a.GetLength(1); j++)
            {
                m = Math.Max(m, Math.Abs(a[i, j] - b[i, j]));
            }
        }

        return m;
    }

    public static double MaxAbs(IEnumerable<double> values) => values.Max(Math.Abs);
}
