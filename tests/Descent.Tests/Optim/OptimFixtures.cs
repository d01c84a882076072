using System.Numerics;
using System.Text.Json;
using Descent.Optim;

namespace Descent.Tests.Optim;

/// <summary>One trajectory from tests/fixtures/optim/optim_trajectories.json (see gen_optim_fixtures.py).</summary>
internal sealed record TrajectoryCase(
    string Name,
    string Spec,
    string Optimizer,
    string Function,
    int Sign,
    DType DType,
    double[][] Start,
    TrajectoryStep[] Steps,
    (int Step, double Lr)? LrChange,
    Dictionary<string, HyperValue>? Group2);

/// <summary>The gradients fed at one step (empty for closure optimizers) and the parameters after it.</summary>
internal sealed record TrajectoryStep(double[][] Grads, double[][] Params);

/// <summary>Loads the PyTorch trajectories and evaluates the fixture functions exactly as the generator does.</summary>
internal static class OptimFixtures
{
    private static readonly Lazy<Dictionary<string, TrajectoryCase>> Loaded = new(Load);

    public static IReadOnlyDictionary<string, TrajectoryCase> Cases => Loaded.Value;

    public static IEnumerable<object[]> CaseNames => Loaded.Value.Keys.Order(StringComparer.Ordinal).Select(n => new object[] { n });

    // f = 1/2 x'Ax + b'x of the generator.
    private static readonly double[,] A = { { 3.0, 1.0, 0.5 }, { 1.0, 2.0, 0.25 }, { 0.5, 0.25, 1.0 } };
    private static readonly double[] B = [-1.0, 0.5, 2.0];

    /// <summary>The gradient in the parameters' precision, one rounding per op in the generator's order.</summary>
    public static T[] Gradient<T>(string fn, ReadOnlySpan<T> x, int sign)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        T[] g;
        switch (fn)
        {
            case "quadratic":
                g = x.ToArray();
                break;
            case "rosenbrock":
                T X = x[0], Y = x[1];
                T t = Y - (X * X);
                T a = T.One - X;
                g = [(T.CreateTruncating(-2.0) * a) - (T.CreateTruncating(400.0) * X * t), T.CreateTruncating(200.0) * t];
                break;
            case "quadform":
                g = new T[3];
                for (int i = 0; i < 3; i++)
                {
                    g[i] = (T.CreateTruncating(A[i, 0]) * x[0]) + (T.CreateTruncating(A[i, 1]) * x[1]) + (T.CreateTruncating(A[i, 2]) * x[2]) + T.CreateTruncating(B[i]);
                }

                break;
            default:
                throw new ArgumentException(fn);
        }

        if (sign < 0)
        {
            for (int i = 0; i < g.Length; i++)
            {
                g[i] = -g[i];
            }
        }

        return g;
    }

    /// <summary>The loss in double, in the generator's order.</summary>
    public static double Loss(string fn, double[] v, int sign)
    {
        double f;
        switch (fn)
        {
            case "quadratic":
                double s = 0;
                foreach (var e in v)
                {
                    s += e * e;
                }

                f = 0.5 * s;
                break;
            case "rosenbrock":
                double a = 1.0 - v[0];
                double t = v[1] - (v[0] * v[0]);
                f = (a * a) + (100.0 * t * t);
                break;
            case "quadform":
                double q = 0;
                for (int i = 0; i < 3; i++)
                {
                    for (int j = 0; j < 3; j++)
                    {
                        q += v[i] * A[i, j] * v[j];
                    }
                }

                f = 0.5 * q;
                for (int i = 0; i < 3; i++)
                {
                    f += B[i] * v[i];
                }

                break;
            default:
                throw new ArgumentException(fn);
        }

        return sign < 0 ? -f : f;
    }

    /// <summary>A closure for <see cref="Optimizer.Step(Func{double})"/> over one flat parameter: sets its gradient, returns the loss.</summary>
    public static Func<double> Closure(Tensor p, string fn, int sign) => () =>
    {
        if (p.DType == DType.Float64)
        {
            p.Grad = Tensor.FromArray(Gradient<double>(fn, p.AsSpan<double>(), sign), p.Numel);
        }
        else
        {
            p.Grad = Tensor.FromArray(Gradient<float>(fn, p.AsSpan<float>(), sign), p.Numel);
        }

        return Loss(fn, p.ToArray(), sign);
    };

    private static Dictionary<string, TrajectoryCase> Load()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(TestUtil.FixturePath("optim", "optim_trajectories.json")));
        var result = new Dictionary<string, TrajectoryCase>(StringComparer.Ordinal);
        foreach (var c in doc.RootElement.GetProperty("cases").EnumerateArray())
        {
            (int, double)? lrChange = c.TryGetProperty("lr_change", out var lc) ? (lc.GetProperty("step").GetInt32(), lc.GetProperty("lr").GetDouble()) : null;
            Dictionary<string, HyperValue>? group2 = null;
            if (c.TryGetProperty("group2", out var g2))
            {
                group2 = [];
                foreach (var kv in g2.EnumerateObject())
                {
                    group2[kv.Name] = kv.Value.ValueKind switch
                    {
                        JsonValueKind.True => HyperValue.Boolean(true),
                        JsonValueKind.False => HyperValue.Boolean(false),
                        JsonValueKind.String => HyperValue.Choice(kv.Value.GetString()!),
                        _ => HyperValue.Number(kv.Value.GetDouble()),
                    };
                }
            }

            var steps = c.GetProperty("steps").EnumerateArray()
                .Select(s => new TrajectoryStep(Matrix(s.GetProperty("grads")), Matrix(s.GetProperty("params"))))
                .ToArray();
            var tc = new TrajectoryCase(
                c.GetProperty("name").GetString()!,
                c.GetProperty("spec").GetString()!,
                c.GetProperty("optimizer").GetString()!,
                c.GetProperty("function").GetString()!,
                c.GetProperty("sign").GetInt32(),
                c.GetProperty("dtype").GetString() == "float64" ? DType.Float64 : DType.Float32,
                Matrix(c.GetProperty("start")),
                steps,
                lrChange,
                group2);
            result.Add(tc.Name, tc);
        }

        return result;
    }

    private static double[][] Matrix(JsonElement e) =>
        e.EnumerateArray().Select(row => row.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
}
