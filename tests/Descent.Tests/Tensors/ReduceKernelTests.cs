using System.Numerics;

namespace Descent.Tests.Tensors;

/// <summary>
/// The axis-reduction and softmax kernels against a scalar float64 reference, for every length from 0 to 3·Vector&lt;T&gt;.Count+3
/// (so every vector tail is hit), in row form (inner = 1) and column form (inner &gt; 1), and on tensors large enough to split
/// over threads.
/// </summary>
public class ReduceKernelTests
{
    public static TheoryData<DType, string> Cases()
    {
        var data = new TheoryData<DType, string>();
        foreach (var dtype in new[] { DType.Float32, DType.Float64 })
        {
            foreach (var op in new[] { "sum", "max", "min", "var", "var0", "logsumexp", "argmax", "argmin", "softmax", "log_softmax" })
            {
                data.Add(dtype, op);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Kernel_EveryLengthAndLayout_MatchesScalarReference(DType dtype, string op)
    {
        int lanes = dtype == DType.Float32 ? Vector<float>.Count : Vector<double>.Count;
        for (int n = 0; n <= (3 * lanes) + 3; n++)
        {
            if (n == 0 && op is "max" or "min" or "argmax" or "argmin")
            {
                continue;
            }

            foreach (var (outer, inner) in new[] { (1, 1), (3, 1), (2, 5), (1, 3) })
            {
                var x = Tensor.Normal(new Shape(outer, n, inner), new Rng((ulong)((n * 31) + inner)), 0, 3, dtype);
                Check(x, op, dtype, $"n={n}, outer={outer}, inner={inner}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Kernel_LargeTensors_SplitOverThreadsAndMatchReference(DType dtype, string op)
    {
        // [1, 3, 70000] cuts the columns into blocks; [200, 700, 1] splits rows.
        Check(Tensor.Normal(new Shape(1, 3, 70000), new Rng(1), 0, 3, dtype), op, dtype, "column blocks");
        Check(Tensor.Normal(new Shape(200, 700, 1), new Rng(2), 0, 3, dtype), op, dtype, "rows");
    }

    private static void Check(Tensor x, string op, DType dtype, string where)
    {
        int outer = x.Shape[0], n = x.Shape[1], inner = x.Shape[2];
        var v = x.ToArray();
        var actual = Apply(op, x).ToArray();
        bool perElement = op is "softmax" or "log_softmax";
        double tol = dtype == DType.Float32 ? 2e-5 : 1e-12;
        for (int o = 0; o < outer; o++)
        {
            for (int c = 0; c < inner; c++)
            {
                var row = new double[n];
                for (int j = 0; j < n; j++)
                {
                    row[j] = v[(((o * n) + j) * inner) + c];
                }

                if (perElement)
                {
                    var expected = ReferenceSoftmax(row, op == "log_softmax");
                    for (int j = 0; j < n; j++)
                    {
                        AssertNear(expected[j], actual[(((o * n) + j) * inner) + c], tol, $"{op} {where} o={o} j={j} c={c}");
                    }
                }
                else
                {
                    AssertNear(Reference(op, row), actual[(o * inner) + c], tol, $"{op} {where} o={o} c={c}");
                }
            }
        }
    }

    private static Tensor Apply(string op, Tensor x) => op switch
    {
        "sum" => x.Sum(1),
        "max" => x.Max(1),
        "min" => x.Min(1),
        "var" => x.Var(1),
        "var0" => x.Var(1, correction: 0),
        "logsumexp" => x.LogSumExp(1),
        "argmax" => x.ArgMax(1),
        "argmin" => x.ArgMin(1),
        "softmax" => x.Softmax(1),
        "log_softmax" => x.LogSoftmax(1),
        _ => throw new ArgumentException(op),
    };

    private static double Reference(string op, double[] row)
    {
        int n = row.Length;
        double mean = n == 0 ? double.NaN : row.Sum() / n;
        switch (op)
        {
            case "sum":
                return row.Sum();
            case "max":
                return row.Max();
            case "min":
                return row.Min();
            case "var":
            case "var0":
                double ss = row.Sum(r => (r - mean) * (r - mean));
                return ss / Math.Max(0, n - (op == "var" ? 1 : 0));
            case "logsumexp":
                if (n == 0)
                {
                    return double.NegativeInfinity;
                }

                double m = row.Max();
                return m + Math.Log(row.Sum(r => Math.Exp(r - m)));
            case "argmax":
                return Array.IndexOf(row, row.Max());
            case "argmin":
                return Array.IndexOf(row, row.Min());
            default:
                throw new ArgumentException(op);
        }
    }

    private static double[] ReferenceSoftmax(double[] row, bool log)
    {
        if (row.Length == 0)
        {
            return [];
        }

        double m = row.Max();
        double lse = m + Math.Log(row.Sum(r => Math.Exp(r - m)));
        return row.Select(r => log ? r - lse : Math.Exp(r - lse)).ToArray();
    }

    private static void AssertNear(double expected, double actual, double tol, string where)
    {
        if (double.IsNaN(expected))
        {
            Assert.True(double.IsNaN(actual), $"{where}: expected NaN, got {actual:R}");
            return;
        }

        if (double.IsInfinity(expected))
        {
            Assert.True(expected == actual, $"{where}: expected {expected}, got {actual:R}");
            return;
        }

        Assert.True(Math.Abs(expected - actual) <= tol * Math.Max(1, Math.Abs(expected)), $"{where}: expected {expected:R}, got {actual:R}");
    }
}
