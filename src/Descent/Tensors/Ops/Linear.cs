using System.Numerics;
using Descent.Kernels;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Descent;

public sealed partial class Tensor
{
    /// <summary>
    /// The affine map of a linear layer with its activation, fused: y = act(x·Wᵀ + b) for x [N, in], W [out, in], b [out]
    /// (as <c>torch.nn.functional.linear</c> followed by the activation).
    /// </summary>
    /// <remarks>
    /// <para>The product runs in the GEMM; the bias and the activation are applied in one pass over each output row right after it
    /// (ReLU; tanh, sigmoid and GELU add the bias per row, then run the same kernel as their own op). The backward pass computes
    /// the activation's derivative from the saved output (from the saved pre-activation for GELU), the bias gradient as a column
    /// sum and the masked gradient in one pass, then the two products. Results are bit-identical to the unfused composition
    /// <c>act(MatMul(x, W, transposeB: true) + b)</c>: every element goes through the same floating-point operations in the
    /// same order (the column sum adds rows in order, as <see cref="SumTo"/> does).</para>
    /// <para>With <c>createGraph: true</c> the backward pass is written in differentiable ops (the unfused rules), so second
    /// derivatives are exact. Inputs of another rank than 2 take the unfused path.</para>
    /// </remarks>
    /// <exception cref="ArgumentException">The shapes do not fit (the message is the unfused op's) or the dtypes differ.</exception>
    public static Tensor Linear(Tensor input, Tensor weight, Tensor? bias = null, FusedActivation activation = FusedActivation.None)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(weight);
        if (input.Rank != 2 || weight.Rank != 2 || input.Shape[1] != weight.Shape[1] || input.DType != weight.DType
            || (bias != null && (bias.Rank != 1 || bias.Shape[0] != weight.Shape[0] || bias.DType != input.DType)))
        {
            return LinearUnfused(input, weight, bias, activation);
        }

        var z = Empty(new Shape(input.Shape[0], weight.Shape[0]), input.DType);
        if (input.DType == DType.Float32)
        {
            MatMulForward<float>(input, weight, z, Shape.Scalar, false, true);
            LinearEpilogue<float>(z, bias, activation);
        }
        else
        {
            MatMulForward<double>(input, weight, z, Shape.Scalar, false, true);
            LinearEpilogue<double>(z, bias, activation);
        }

        // GELU's derivative needs the pre-activation, so its output is a second tensor; the others are applied in place.
        var y = activation switch
        {
            FusedActivation.Tanh => MapInPlace(z, default(TanhKernel)),
            FusedActivation.Sigmoid => MapInPlace(z, default(SigmoidKernel)),
            FusedActivation.Gelu => Elementwise.Map(z, default(GeluKernel)),
            _ => z,
        };
        string op = activation switch
        {
            FusedActivation.Relu => "linear_relu",
            FusedActivation.Tanh => "linear_tanh",
            FusedActivation.Sigmoid => "linear_sigmoid",
            FusedActivation.Gelu => "linear_gelu",
            _ => "linear",
        };
        Tensor[] inputs = bias == null ? [input, weight] : [input, weight, bias];
        return Autograd.Record(y, op, inputs, g => LinearBackward(g, input, weight, bias, activation, y, z));
    }

    /// <summary>act(x·Wᵀ + b) as separate recorded ops: the reference the fused op equals, and the path for other ranks.</summary>
    internal static Tensor LinearUnfused(Tensor input, Tensor weight, Tensor? bias, FusedActivation activation)
    {
        var y = MatMul(input, weight, transposeB: true);
        if (bias != null)
        {
            y += bias;
        }

        return Activate(y, activation);
    }

    private static Tensor Activate(Tensor z, FusedActivation activation) => activation switch
    {
        FusedActivation.Relu => z.Relu(),
        FusedActivation.Tanh => z.Tanh(),
        FusedActivation.Sigmoid => z.Sigmoid(),
        FusedActivation.Gelu => z.Gelu(),
        _ => z,
    };

    private static Tensor MapInPlace<K>(Tensor x, K kernel)
        where K : struct, IUnaryKernel
    {
        Elementwise.MapInto(x, x, kernel);
        return x;
    }

    /// <summary>Adds the bias to every row of <paramref name="z"/> and, for ReLU, clamps it, in one pass per row.</summary>
    private static void LinearEpilogue<T>(Tensor z, Tensor? bias, FusedActivation activation)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        bool relu = activation == FusedActivation.Relu;
        if (bias == null && !relu)
        {
            return;
        }

        int rows = z.Shape[0], cols = z.Shape[1];
        if (rows == 0 || cols == 0)
        {
            return;
        }

        Parallelism.For(rows, Math.Max(1, Elementwise.Grain / cols), (r0, r1) =>
        {
            var data = z.Span<T>();
            ReadOnlySpan<T> b = bias == null ? default : bias.Span<T>();
            for (int r = r0; r < r1; r++)
            {
                var row = data.Slice(r * cols, cols);
                if (bias != null)
                {
                    TP.Add(row, b, row);
                }

                if (relu)
                {
                    TP.Max(row, T.Zero, row);
                }
            }
        });
    }

    private static Tensor?[] LinearBackward(Tensor g, Tensor input, Tensor weight, Tensor? bias, FusedActivation activation, Tensor y, Tensor z)
    {
        Tensor gz;
        Tensor? gb = null;
        bool wantBias = bias is { RequiresGrad: true };
        if (Autograd.IsEnabled)
        {
            // createGraph: the unfused rules, in recorded ops. y's own node is this op, so rules that read y (tanh, sigmoid)
            // differentiate through it; GELU rebuilds its pre-activation from the inputs.
            gz = activation switch
            {
                FusedActivation.Relu => PassWherePositive(g, y),
                FusedActivation.Tanh => g * (1.0 - (y * y)),
                FusedActivation.Sigmoid => g * y * (1.0 - y),
                FusedActivation.Gelu => GeluBackward(g, bias == null ? MatMul(input, weight, transposeB: true) : MatMul(input, weight, transposeB: true) + bias),
                _ => g,
            };
            gb = wantBias ? gz.Sum(0) : null;
        }
        else
        {
            (gz, gb) = activation == FusedActivation.Gelu
                ? (GeluBackward(g, z), null)
                : y.DType == DType.Float32 ? ActivationBackward<float>(g, y, activation, wantBias) : ActivationBackward<double>(g, y, activation, wantBias);
            if (wantBias && gb == null)
            {
                gb = gz.Sum(0);
            }
        }

        return
        [
            input.RequiresGrad ? MatMul(gz, weight) : null,
            weight.RequiresGrad ? MatMul(gz, input, transposeA: true) : null,
            wantBias ? gb : null,
        ];
    }

    /// <summary>The unfused GELU rule (<see cref="Gelu"/>), on the pre-activation <paramref name="x"/>.</summary>
    private static Tensor GeluBackward(Tensor g, Tensor x)
    {
        var cdf = ((x * Math.Sqrt(0.5)).Erf() + 1.0) * 0.5;
        var pdf = (x * x * -0.5).Exp() * (1.0 / Math.Sqrt(2 * Math.PI));
        return g * (cdf + (x * pdf));
    }

    /// <summary>
    /// ∂L/∂z from ∂L/∂y and the saved output, and (when asked) the bias gradient Σ_rows ∂L/∂z, in one pass. Work is split by
    /// columns so that each column's sum adds the rows in order, as the unfused reduction does.
    /// </summary>
    private static (Tensor Gz, Tensor? Gb) ActivationBackward<T>(Tensor g, Tensor y, FusedActivation activation, bool wantBias)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (activation == FusedActivation.None && !wantBias)
        {
            return (g, null);
        }

        int rows = y.Shape[0], cols = y.Shape[1];
        var gz = activation == FusedActivation.None ? g : Empty(y.Shape, y.DType);
        var gb = wantBias ? Empty(new Shape(cols), y.DType) : null;
        if (rows == 0 || cols == 0)
        {
            return (gz, gb);
        }

        int grain = Math.Max(Vector<T>.Count, Elementwise.Grain / rows);
        Parallelism.For(cols, grain, (c0, c1) =>
        {
            var gs = g.Span<T>();
            var ys = y.Span<T>();
            var ds = gz.Span<T>();
            var bs = gb == null ? default : gb.Span<T>().Slice(c0, c1 - c0);
            int w = c1 - c0;
            for (int r = 0; r < rows; r++)
            {
                int at = (r * cols) + c0;
                var gr = gs.Slice(at, w);
                var dr = ds.Slice(at, w);
                if (activation != FusedActivation.None)
                {
                    ActivationDerivative(gr, ys.Slice(at, w), dr, activation);
                }

                if (gb != null)
                {
                    if (r == 0)
                    {
                        dr.CopyTo(bs);
                    }
                    else
                    {
                        TP.Add(bs, dr, bs);
                    }
                }
            }
        });
        return (gz, gb);
    }

    /// <summary>d = g·act′ from the output y, with the unfused rules' operations: ReLU g where y &gt; 0; tanh g·(1 − y·y); sigmoid (g·y)·(1 − y).</summary>
    private static void ActivationDerivative<T>(ReadOnlySpan<T> g, ReadOnlySpan<T> y, Span<T> d, FusedActivation activation)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var one = Vector<T>.One;
            for (; i <= g.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                var vg = new Vector<T>(g.Slice(i));
                var vy = new Vector<T>(y.Slice(i));
                var r = activation switch
                {
                    FusedActivation.Relu => Vector.ConditionalSelect(Vector.GreaterThan(vy, Vector<T>.Zero), vg, Vector<T>.Zero),
                    FusedActivation.Tanh => vg * (one - (vy * vy)),
                    _ => vg * vy * (one - vy),
                };
                r.CopyTo(d.Slice(i));
            }
        }

        for (; i < g.Length; i++)
        {
            d[i] = activation switch
            {
                FusedActivation.Relu => y[i] > T.Zero ? g[i] : T.Zero,
                FusedActivation.Tanh => g[i] * (T.One - (y[i] * y[i])),
                _ => g[i] * y[i] * (T.One - y[i]),
            };
        }
    }
}
