using System.Text;

namespace Descent.Optim;

/// <summary>
/// A snapshot of an optimizer (PyTorch's <c>optimizer.state_dict()</c>), keyed by parameter name instead of position: the
/// optimizer's name, every group's hyperparameters and parameter names, each parameter's step count, state buffers (copies) and
/// scalars, the optimizer's step count, and the state of attached components such as schedulers.
/// </summary>
/// <remarks>
/// Parameters are named by <see cref="Tensor.Name"/>, or <c>group{g}.param{i}</c> when unnamed. <see cref="Save(Stream)"/> and
/// <see cref="Load(Stream)"/> write and read a compact binary form (little-endian, values bit-exact) for checkpoints.
/// </remarks>
public sealed class OptimizerStateDict
{
    /// <summary>The format version this library writes; <see cref="Optimizer.LoadStateDict"/> refuses newer ones.</summary>
    public const int CurrentFormatVersion = 1;

    private static readonly byte[] Magic = "DESCENT-OPTIM\0"u8.ToArray();

    /// <summary>The format version the snapshot was written with.</summary>
    public int FormatVersion { get; set; } = CurrentFormatVersion;

    /// <summary>The registry name of the optimizer that produced it (<c>adam</c>…).</summary>
    public string Optimizer { get; set; } = "";

    /// <summary>The optimizer's completed step count.</summary>
    public long StepCount { get; set; }

    /// <summary>Each parameter group, in order.</summary>
    public IList<ParamGroupState> Groups { get; } = new List<ParamGroupState>();

    /// <summary>Per-parameter state by parameter name (parameters that never received a gradient have none).</summary>
    public IDictionary<string, ParamStateEntry> State { get; } = new Dictionary<string, ParamStateEntry>(StringComparer.Ordinal);

    /// <summary>The saved state of attached components (schedulers…) by their <see cref="IStateComponent.StateKey"/>.</summary>
    public IDictionary<string, IReadOnlyDictionary<string, double>> Components { get; } =
        new Dictionary<string, IReadOnlyDictionary<string, double>>(StringComparer.Ordinal);

    /// <summary>Writes the snapshot in Descent's binary checkpoint format.</summary>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        w.Write(Magic);
        w.Write(FormatVersion);
        w.Write(Optimizer);
        w.Write(StepCount);
        w.Write(Groups.Count);
        foreach (var g in Groups)
        {
            w.Write(g.Hyperparameters.Count);
            foreach (var (key, value) in g.Hyperparameters)
            {
                w.Write(key);
                w.Write((byte)value.Kind);
                if (value.Kind == HyperparameterKind.Choice)
                {
                    w.Write(value.AsChoice());
                }
                else
                {
                    w.Write(value.Kind == HyperparameterKind.Boolean ? (value.AsBoolean() ? 1.0 : 0.0) : value.AsNumber());
                }
            }

            w.Write(g.ParamNames.Count);
            foreach (var n in g.ParamNames)
            {
                w.Write(n);
            }
        }

        w.Write(State.Count);
        foreach (var (name, entry) in State)
        {
            w.Write(name);
            w.Write(entry.Step);
            w.Write(entry.Buffers.Count);
            foreach (var (key, t) in entry.Buffers)
            {
                w.Write(key);
                w.Write((byte)t.DType);
                w.Write(t.Rank);
                foreach (int d in t.Shape.Dims)
                {
                    w.Write(d);
                }

                if (t.DType == DType.Float32)
                {
                    foreach (var x in t.AsSpan<float>())
                    {
                        w.Write(x);
                    }
                }
                else
                {
                    foreach (var x in t.AsSpan<double>())
                    {
                        w.Write(x);
                    }
                }
            }

            WriteNumbers(w, entry.Scalars);
        }

        w.Write(Components.Count);
        foreach (var (key, values) in Components)
        {
            w.Write(key);
            WriteNumbers(w, values);
        }
    }

    /// <summary>Reads a snapshot written by <see cref="Save(Stream)"/>.</summary>
    /// <exception cref="ArgumentException">The stream is not a Descent optimizer checkpoint, is truncated, or comes from a newer format.</exception>
    public static OptimizerStateDict Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var r = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        try
        {
            var magic = r.ReadBytes(Magic.Length);
            if (!magic.AsSpan().SequenceEqual(Magic))
            {
                throw new ArgumentException("Not a Descent optimizer state file (bad header)", nameof(stream));
            }

            var sd = new OptimizerStateDict { FormatVersion = r.ReadInt32() };
            if (sd.FormatVersion > CurrentFormatVersion || sd.FormatVersion < 1)
            {
                throw new ArgumentException(
                    $"Optimizer state format version {sd.FormatVersion} is not supported: this library reads version {CurrentFormatVersion}; upgrade Descent to load it",
                    nameof(stream));
            }

            sd.Optimizer = r.ReadString();
            sd.StepCount = r.ReadInt64();
            int groups = Count(r);
            for (int gi = 0; gi < groups; gi++)
            {
                var g = new ParamGroupState();
                int hp = Count(r);
                for (int i = 0; i < hp; i++)
                {
                    string key = r.ReadString();
                    var kind = (HyperparameterKind)r.ReadByte();
                    g.Hyperparameters[key] = kind switch
                    {
                        HyperparameterKind.Choice => HyperValue.Choice(r.ReadString()),
                        HyperparameterKind.Boolean => HyperValue.Boolean(r.ReadDouble() != 0),
                        HyperparameterKind.Integer => HyperValue.Integer((long)r.ReadDouble()),
                        HyperparameterKind.Number => HyperValue.Number(r.ReadDouble()),
                        _ => throw new ArgumentException($"Corrupt optimizer state: unknown value kind {(int)kind} for \"{key}\"", nameof(stream)),
                    };
                }

                int names = Count(r);
                for (int i = 0; i < names; i++)
                {
                    g.ParamNames.Add(r.ReadString());
                }

                sd.Groups.Add(g);
            }

            int states = Count(r);
            for (int si = 0; si < states; si++)
            {
                string name = r.ReadString();
                var e = new ParamStateEntry { Step = r.ReadInt64() };
                int buffers = Count(r);
                for (int bi = 0; bi < buffers; bi++)
                {
                    string key = r.ReadString();
                    var dtype = (DType)r.ReadByte();
                    if (dtype is not (DType.Float32 or DType.Float64))
                    {
                        throw new ArgumentException($"Corrupt optimizer state: unknown dtype {(int)dtype} for buffer \"{key}\" of \"{name}\"", nameof(stream));
                    }

                    int rank = Count(r);
                    var dims = new int[rank];
                    for (int d = 0; d < rank; d++)
                    {
                        dims[d] = Count(r);
                    }

                    var shape = new Shape(dims);
                    var t = Tensor.Zeros(shape, dtype);
                    if (dtype == DType.Float32)
                    {
                        var s = t.AsSpan<float>();
                        for (int k = 0; k < s.Length; k++)
                        {
                            s[k] = r.ReadSingle();
                        }
                    }
                    else
                    {
                        var s = t.AsSpan<double>();
                        for (int k = 0; k < s.Length; k++)
                        {
                            s[k] = r.ReadDouble();
                        }
                    }

                    e.Buffers[key] = t;
                }

                foreach (var (k, v) in ReadNumbers(r))
                {
                    e.Scalars[k] = v;
                }

                sd.State[name] = e;
            }

            int components = Count(r);
            for (int ci = 0; ci < components; ci++)
            {
                string key = r.ReadString();
                sd.Components[key] = ReadNumbers(r);
            }

            return sd;
        }
        catch (EndOfStreamException e)
        {
            throw new ArgumentException("Optimizer state file is truncated", nameof(stream), e);
        }
    }

    private static void WriteNumbers(BinaryWriter w, IEnumerable<KeyValuePair<string, double>> values)
    {
        var list = values.ToList();
        w.Write(list.Count);
        foreach (var (k, v) in list)
        {
            w.Write(k);
            w.Write(v);
        }
    }

    private static Dictionary<string, double> ReadNumbers(BinaryReader r)
    {
        var d = new Dictionary<string, double>(StringComparer.Ordinal);
        int n = Count(r);
        for (int i = 0; i < n; i++)
        {
            string k = r.ReadString();
            d[k] = r.ReadDouble();
        }

        return d;
    }

    private static int Count(BinaryReader r)
    {
        int n = r.ReadInt32();
        return n >= 0 ? n : throw new ArgumentException($"Corrupt optimizer state: negative count {n}");
    }
}

/// <summary>One parameter group in an <see cref="OptimizerStateDict"/>: its hyperparameters and the names of its parameters.</summary>
public sealed class ParamGroupState
{
    /// <summary>The group's hyperparameters by key.</summary>
    public IDictionary<string, HyperValue> Hyperparameters { get; } = new Dictionary<string, HyperValue>(StringComparer.Ordinal);

    /// <summary>The names of the group's parameters, in order.</summary>
    public IList<string> ParamNames { get; } = new List<string>();
}

/// <summary>One parameter's saved state: its step count, buffers (copies) and scalars.</summary>
public sealed class ParamStateEntry
{
    /// <summary>The parameter's step count.</summary>
    public long Step { get; set; }

    /// <summary>State tensors by name (copies, not the optimizer's live buffers).</summary>
    public IDictionary<string, Tensor> Buffers { get; } = new Dictionary<string, Tensor>(StringComparer.Ordinal);

    /// <summary>Scalar state by name.</summary>
    public IDictionary<string, double> Scalars { get; } = new Dictionary<string, double>(StringComparer.Ordinal);
}
