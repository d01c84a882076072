using System.Globalization;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Descent.Data;

/// <summary>
/// Feature standardisation <c>x' = (x − μ) / σ</c> with statistics fitted on the training set only and then applied to every
/// split (fitting on validation or test data would leak information about them into training).
/// </summary>
/// <remarks>
/// <para>μ and σ are computed in float64 with two passes (mean, then mean squared deviation): σ is the population standard
/// deviation (ddof = 0), as scikit-learn's <c>StandardScaler</c>. A feature with σ = 0 (a constant column, a border pixel that is
/// always black) is only centred, σ being replaced by 1, also as scikit-learn does, so no NaN can appear.</para>
/// <para>For Fashion-MNIST with pixels in [0, 1], <see cref="StandardizeMode.Global"/> fitted on the 60,000 training images gives
/// μ ≈ 0.2860, σ ≈ 0.3530: the values commonly passed to torchvision's <c>Normalize((0.2860,), (0.3530,))</c>.
/// <see cref="FromStatistics"/> builds a standardizer from such published values without fitting.</para>
/// </remarks>
public sealed class Standardizer
{
    private readonly double[] _mean; // one per group
    private readonly double[] _std;  // one per group (zeros already replaced by 1)
    private readonly int _groupSize; // consecutive feature elements sharing a group (PerChannel), else 1
    private float[]? _meanRow32;
    private float[]? _stdRow32;
    private double[]? _meanRow64;
    private double[]? _stdRow64;

    private Standardizer(Shape sampleShape, StandardizeMode mode, double[] mean, double[] std)
    {
        SampleShape = sampleShape;
        Mode = mode;
        _mean = mean;
        _std = std;
        int numel = sampleShape.Numel;
        _groupSize = mode switch
        {
            StandardizeMode.Global => numel,
            StandardizeMode.PerChannel when sampleShape.Rank > 0 => numel / Math.Max(1, sampleShape[0]),
            _ => 1,
        };
    }

    /// <summary>The per-sample shape the statistics belong to.</summary>
    public Shape SampleShape { get; }

    /// <summary>Which statistics are kept.</summary>
    public StandardizeMode Mode { get; }

    /// <summary>The means: one (global), one per channel, or one per feature element.</summary>
    public IReadOnlyList<double> Mean => _mean;

    /// <summary>The standard deviations, with zeros replaced by 1 (same layout as <see cref="Mean"/>).</summary>
    public IReadOnlyList<double> Std => _std;

    /// <summary>Fits the statistics on the features of <paramref name="train"/>.</summary>
    /// <exception cref="ArgumentException">The data set is empty.</exception>
    public static Standardizer Fit(IDataset train, StandardizeMode mode = StandardizeMode.PerFeature)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (train.Count == 0)
        {
            throw new ArgumentException("Standardizer.Fit: the training set is empty", nameof(train));
        }

        var shape = train.SampleShape;
        int groups = GroupCount(shape, mode);
        int groupSize = Math.Max(1, shape.Numel / groups);
        var sum = new double[shape.Numel];
        var sq = new double[shape.Numel];

        // Pass 1: per-element sums; pass 2: per-element squared deviations from the group mean.
        ForEachRow(train, row => TP.Add(sum, row, sum));
        var mean = GroupMean(sum, groups, groupSize, train.Count);
        var meanRow = new double[shape.Numel];
        for (int i = 0; i < meanRow.Length; i++)
        {
            meanRow[i] = mean[i / groupSize];
        }

        var deviation = new double[shape.Numel];
        ForEachRow(train, row =>
        {
            TP.Subtract(row, meanRow, deviation);
            TP.MultiplyAdd(deviation, deviation, sq, sq);
        });
        var std = new double[groups];
        for (int g = 0; g < groups; g++)
        {
            double s = 0;
            for (int i = g * groupSize; i < (g + 1) * groupSize; i++)
            {
                s += sq[i];
            }

            double v = Math.Sqrt(s / ((double)train.Count * groupSize));
            std[g] = v > 0 && double.IsFinite(v) ? v : 1.0;
        }

        return new Standardizer(shape, mode, mean, std);
    }

    /// <summary>
    /// A standardizer from known statistics, e.g. <c>FromStatistics(new Shape(1, 28, 28), StandardizeMode.Global, [0.2860], [0.3530])</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The number of values does not match the mode (1, channels or features), or a σ is not positive.</exception>
    public static Standardizer FromStatistics(Shape sampleShape, StandardizeMode mode, IReadOnlyList<double> mean, IReadOnlyList<double> std)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(std);
        int groups = GroupCount(sampleShape, mode);
        if (mean.Count != groups || std.Count != groups)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"Standardizer: mode {mode} for samples of shape {sampleShape} needs {groups} means and standard deviations, got {mean.Count} and {std.Count}"),
                nameof(mean));
        }

        if (std.Any(s => !(s > 0 && double.IsFinite(s))) || mean.Any(m => !double.IsFinite(m)))
        {
            throw new ArgumentException("Standardizer: means must be finite and standard deviations positive", nameof(std));
        }

        return new Standardizer(sampleShape, mode, mean.ToArray(), std.ToArray());
    }

    /// <summary>The standardised copy of <paramref name="x"/> (shape <c>[B, ..SampleShape]</c> or <c>SampleShape</c>); not recorded by autograd.</summary>
    public Tensor Transform(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var r = Tensor.CopyData(x);
        TransformInPlace(r);
        return r;
    }

    /// <summary>Standardises <paramref name="x"/> in place (outside autograd).</summary>
    /// <exception cref="ArgumentException">The trailing dimensions of <paramref name="x"/> are not <see cref="SampleShape"/>.</exception>
    public void TransformInPlace(Tensor x) => Apply(x, inverse: false);

    /// <summary>Undoes the transform: <c>x = x'·σ + μ</c>, as a copy.</summary>
    public Tensor Inverse(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var r = Tensor.CopyData(x);
        Apply(r, inverse: true);
        return r;
    }

    /// <summary>Standardises the features of an in-memory data set in place (every subset sharing its storage sees the change).</summary>
    public void TransformInPlace(TensorDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        TransformInPlace(dataset.Features);
    }

    /// <summary>A lazy view of <paramref name="dataset"/> whose batches are standardised as they are gathered (the data is not copied).</summary>
    public IDataset Apply(IDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        if (dataset.SampleShape != SampleShape)
        {
            throw new ArgumentException($"Standardizer: fitted on samples of shape {SampleShape}, the data set has {dataset.SampleShape}", nameof(dataset));
        }

        return new StandardizedDataset(dataset, this);
    }

    /// <summary>Describes the statistics, e.g. <c>Standardizer(Global, mean 0.286, std 0.353)</c>.</summary>
    public override string ToString()
    {
        var inv = CultureInfo.InvariantCulture;
        if (_mean.Length == 1)
        {
            return string.Create(inv, $"Standardizer({Mode}, mean {_mean[0]:G4}, std {_std[0]:G4})");
        }

        return string.Create(inv, $"Standardizer({Mode}, {_mean.Length} means in [{_mean.Min():G4}, {_mean.Max():G4}], std in [{_std.Min():G4}, {_std.Max():G4}])");
    }

    private void Apply(Tensor x, bool inverse)
    {
        ArgumentNullException.ThrowIfNull(x);
        int row = SampleShape.Numel;
        var dims = x.Shape.AsSpan();
        var sample = SampleShape.AsSpan();
        bool matches = dims.Length >= sample.Length && dims[(dims.Length - sample.Length)..].SequenceEqual(sample) && dims.Length <= sample.Length + 1;
        if (!matches)
        {
            throw new ArgumentException($"Standardizer: fitted on samples of shape {SampleShape}, got a tensor of shape {x.Shape} (expected [B, ..{SampleShape}])", nameof(x));
        }

        if (x.DType == DType.Float32)
        {
            EnsureRows32();
            var s = x.Span<float>();
            for (int start = 0; start < s.Length; start += row)
            {
                var r = s.Slice(start, row);
                if (inverse)
                {
                    TP.Multiply(r, _stdRow32, r);
                    TP.Add(r, _meanRow32, r);
                }
                else
                {
                    TP.Subtract(r, _meanRow32, r);
                    TP.Divide(r, _stdRow32, r);
                }
            }
        }
        else
        {
            EnsureRows64();
            var s = x.Span<double>();
            for (int start = 0; start < s.Length; start += row)
            {
                var r = s.Slice(start, row);
                if (inverse)
                {
                    TP.Multiply(r, _stdRow64, r);
                    TP.Add(r, _meanRow64, r);
                }
                else
                {
                    TP.Subtract(r, _meanRow64, r);
                    TP.Divide(r, _stdRow64, r);
                }
            }
        }
    }

    private void EnsureRows32()
    {
        if (_meanRow32 != null)
        {
            return;
        }

        int n = SampleShape.Numel;
        var m = new float[n];
        var s = new float[n];
        for (int i = 0; i < n; i++)
        {
            m[i] = (float)_mean[i / _groupSize];
            s[i] = (float)_std[i / _groupSize];
        }

        _stdRow32 = s;
        _meanRow32 = m;
    }

    private void EnsureRows64()
    {
        if (_meanRow64 != null)
        {
            return;
        }

        int n = SampleShape.Numel;
        var m = new double[n];
        var s = new double[n];
        for (int i = 0; i < n; i++)
        {
            m[i] = _mean[i / _groupSize];
            s[i] = _std[i / _groupSize];
        }

        _stdRow64 = s;
        _meanRow64 = m;
    }

    private static int GroupCount(Shape shape, StandardizeMode mode) => mode switch
    {
        StandardizeMode.Global => 1,
        StandardizeMode.PerChannel => shape.Rank == 0 ? 1 : shape[0],
        StandardizeMode.PerFeature => shape.Numel,
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown standardize mode"),
    };

    private static double[] GroupMean(double[] sum, int groups, int groupSize, int count)
    {
        var mean = new double[groups];
        for (int g = 0; g < groups; g++)
        {
            double s = 0;
            for (int i = g * groupSize; i < (g + 1) * groupSize; i++)
            {
                s += sum[i];
            }

            mean[g] = s / ((double)count * groupSize);
        }

        return mean;
    }

    private delegate void RowAction(ReadOnlySpan<double> row);

    /// <summary>Calls <paramref name="action"/> with every sample's features as doubles, reading in chunks.</summary>
    private static void ForEachRow(IDataset data, RowAction action)
    {
        int row = data.SampleShape.Numel;
        var rowBuffer = new double[row];
        if (data is TensorDataset t)
        {
            // In-memory: read rows straight from storage.
            for (int i = 0; i < t.Count; i++)
            {
                CopyRow(t.Features, i * row, rowBuffer);
                action(rowBuffer);
            }

            return;
        }

        const int Chunk = 1024;
        var idx = new int[Math.Min(Chunk, data.Count)];
        for (int start = 0; start < data.Count; start += Chunk)
        {
            int b = Math.Min(Chunk, data.Count - start);
            for (int i = 0; i < b; i++)
            {
                idx[i] = start + i;
            }

            var batch = data.GetBatch(idx.AsSpan(0, b));
            for (int i = 0; i < b; i++)
            {
                CopyRow(batch.X, i * row, rowBuffer);
                action(rowBuffer);
            }
        }
    }

    private static void CopyRow(Tensor x, int offset, double[] dst)
    {
        if (x.DType == DType.Float64)
        {
            x.Span<double>().Slice(offset, dst.Length).CopyTo(dst);
        }
        else
        {
            TP.ConvertChecked<float, double>(x.Span<float>().Slice(offset, dst.Length), dst);
        }
    }
}
