using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;

namespace Descent.Optim;

/// <summary>
/// A snapshot of an optimizer (PyTorch's <c>optimizer.state_dict()</c>), keyed by parameter name instead of position: the
/// optimizer's name, every group's hyperparameters and parameter names, each parameter's step count, state buffers (copies) and
/// scalars, the optimizer's step count, and the state of attached components such as schedulers.
/// </summary>
/// <remarks>
/// Parameters are named by <see cref="Tensor.Name"/>, or <c>group{g}.param{i}</c> when unnamed. <see cref="Save(Stream)"/> and
/// <see cref="Load(Stream, string)"/> write and read a compact binary form (little-endian, values bit-exact) for checkpoints.
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
    /// <param name="stream">The bytes; when it can seek, every count and size read from it is checked against the bytes left
    /// before anything is allocated.</param>
    /// <param name="source">A name for messages (the file's path); default "optimizer state".</param>
    /// <exception cref="ArgumentException">The stream is not a Descent optimizer checkpoint, is truncated or corrupted (the message
    /// names <paramref name="source"/> and the byte offset), or comes from a newer format.</exception>
    public static OptimizerStateDict Load(Stream stream, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var r = new BoundedReader(stream, source ?? "optimizer state");
        try
        {
            var magic = r.Bytes(Magic.Length, "the header");
            if (!magic.AsSpan().SequenceEqual(Magic))
            {
                throw r.Corrupt("Not a Descent optimizer state file (bad header)", at: 0);
            }

            var sd = new OptimizerStateDict { FormatVersion = r.Int32() };
            if (sd.FormatVersion > CurrentFormatVersion || sd.FormatVersion < 1)
            {
                throw new ArgumentException(
                    $"{r.Source}: optimizer state format version {sd.FormatVersion} is not supported: this library reads version {CurrentFormatVersion}; upgrade Descent to load it",
                    nameof(stream));
            }

            sd.Optimizer = r.String("the optimizer name");
            sd.StepCount = r.Int64();
            if (sd.StepCount < 0)
            {
                throw r.Corrupt($"negative step count {sd.StepCount}", at: r.Position - 8);
            }

            // Minimum sizes per item (a count and an empty string are at least 4 and 1 bytes) bound every count by the bytes left.
            int groups = r.Count(9, "parameter groups");
            for (int gi = 0; gi < groups; gi++)
            {
                var g = new ParamGroupState();
                int hp = r.Count(10, "hyperparameters");
                for (int i = 0; i < hp; i++)
                {
                    string key = r.String("a hyperparameter name");
                    long at = r.Position;
                    var kind = (HyperparameterKind)r.Byte();
                    var value = kind switch
                    {
                        HyperparameterKind.Choice => HyperValue.Choice(r.String($"the value of \"{key}\"")),
                        HyperparameterKind.Boolean => HyperValue.Boolean(r.Double() != 0),
                        HyperparameterKind.Integer => HyperValue.Integer(WholeNumber(r, key)),
                        HyperparameterKind.Number => HyperValue.Number(r.Double()),
                        _ => throw r.Corrupt($"unknown value kind {(int)kind} for hyperparameter \"{key}\"", at),
                    };
                    if (!g.Hyperparameters.TryAdd(key, value))
                    {
                        throw r.Corrupt($"hyperparameter \"{key}\" appears twice in group {gi}", at);
                    }
                }

                int names = r.Count(1, "parameter names");
                for (int i = 0; i < names; i++)
                {
                    g.ParamNames.Add(r.String("a parameter name"));
                }

                sd.Groups.Add(g);
            }

            int states = r.Count(17, "parameter states");
            for (int si = 0; si < states; si++)
            {
                long entryAt = r.Position;
                string name = r.String("a parameter name");
                var e = new ParamStateEntry { Step = r.Int64() };
                if (e.Step < 0)
                {
                    throw r.Corrupt($"parameter \"{name}\" has a negative step count {e.Step}", r.Position - 8);
                }

                int buffers = r.Count(6, $"state buffers of \"{name}\"");
                for (int bi = 0; bi < buffers; bi++)
                {
                    string key = r.String("a buffer name");
                    long at = r.Position;
                    var dtype = (DType)r.Byte();
                    if (dtype is not (DType.Float32 or DType.Float64))
                    {
                        throw r.Corrupt($"unknown dtype {(int)dtype} for buffer \"{key}\" of \"{name}\"", at);
                    }

                    int rank = r.Count(4, $"dimensions of buffer \"{key}\" of \"{name}\"");
                    if (rank > MaxRank)
                    {
                        throw r.Corrupt($"buffer \"{key}\" of \"{name}\" claims {rank} dimensions (at most {MaxRank})", at + 1);
                    }

                    var dims = new int[rank];
                    BigInteger elements = 1;
                    for (int d = 0; d < rank; d++)
                    {
                        dims[d] = r.Count(0, "a dimension");
                        elements *= dims[d];
                    }

                    int size = dtype == DType.Float32 ? 4 : 8;
                    if (elements > Array.MaxLength || elements * size > r.Remaining)
                    {
                        throw r.Corrupt(string.Create(CultureInfo.InvariantCulture,
                            $"buffer \"{key}\" of \"{name}\" has shape {Shape.Format(dims)}: {elements} elements need more bytes than the {r.Remaining} left (truncated or corrupted)"), at);
                    }

                    Shape shape;
                    try
                    {
                        shape = new Shape(dims);
                    }
                    catch (ArgumentException)
                    {
                        throw r.Corrupt($"buffer \"{key}\" of \"{name}\" has an impossible shape {Shape.Format(dims)}", at);
                    }

                    var t = Tensor.Zeros(shape, dtype);
                    r.Fill(t);
                    if (!e.Buffers.TryAdd(key, t))
                    {
                        throw r.Corrupt($"buffer \"{key}\" of \"{name}\" appears twice", at);
                    }
                }

                foreach (var (k, v) in ReadNumbers(r, $"scalars of \"{name}\""))
                {
                    e.Scalars[k] = v;
                }

                if (!sd.State.TryAdd(name, e))
                {
                    throw r.Corrupt($"parameter \"{name}\" has two state entries", entryAt);
                }
            }

            int components = r.Count(5, "components");
            for (int ci = 0; ci < components; ci++)
            {
                long at = r.Position;
                string key = r.String("a component name");
                if (!sd.Components.TryAdd(key, ReadNumbers(r, $"the state of component \"{key}\"")))
                {
                    throw r.Corrupt($"component \"{key}\" appears twice", at);
                }
            }

            r.ExpectEnd();
            return sd;
        }
        catch (EndOfStreamException e)
        {
            throw new ArgumentException($"{r.Source}: optimizer state file is truncated (it ends at byte {r.Position})", nameof(stream), e);
        }
    }

    /// <summary>The most dimensions a saved buffer may claim (well above any tensor Descent creates).</summary>
    private const int MaxRank = 16;

    private static long WholeNumber(BoundedReader r, string key)
    {
        double x = r.Double();
        return double.IsFinite(x) && Math.Abs(x) < 9.2e18 ? (long)x
            : throw r.Corrupt($"hyperparameter \"{key}\" should be a whole number but is {x.ToString("R", CultureInfo.InvariantCulture)}", r.Position - 8);
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

    private static Dictionary<string, double> ReadNumbers(BoundedReader r, string what)
    {
        var d = new Dictionary<string, double>(StringComparer.Ordinal);
        int n = r.Count(9, what);
        for (int i = 0; i < n; i++)
        {
            long at = r.Position;
            string k = r.String("a name");
            if (!d.TryAdd(k, r.Double()))
            {
                throw r.Corrupt($"\"{k}\" appears twice in {what}", at);
            }
        }

        return d;
    }

    /// <summary>
    /// Reads the format's primitives, tracking the offset for messages and, on a seekable stream, the bytes left, so that a corrupted
    /// count or size is an error before anything is allocated rather than an out-of-memory crash.
    /// </summary>
    private sealed class BoundedReader(Stream stream, string source)
    {
        private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        private readonly long _length = stream.CanSeek ? stream.Length - stream.Position : long.MaxValue;
        private readonly byte[] _scratch = new byte[8];

        public string Source { get; } = source;

        public long Position { get; private set; }

        public long Remaining => _length - Position;

        public ArgumentException Corrupt(string problem, long at) =>
            new(string.Create(CultureInfo.InvariantCulture, $"{Source}: corrupt optimizer state at byte {at}: {problem}"));

        public byte[] Bytes(int count, string what)
        {
            if (count > Remaining)
            {
                throw Corrupt(string.Create(CultureInfo.InvariantCulture, $"{what} needs {count} bytes but only {Remaining} are left (truncated)"), Position);
            }

            var b = new byte[count];
            stream.ReadExactly(b);
            Position += count;
            return b;
        }

        public byte Byte() => Span(1)[0];

        public int Int32() => BinaryPrimitives.ReadInt32LittleEndian(Span(4));

        public long Int64() => BinaryPrimitives.ReadInt64LittleEndian(Span(8));

        public double Double() => BinaryPrimitives.ReadDoubleLittleEndian(Span(8));

        /// <summary>A non-negative count of items that each take at least <paramref name="minItemBytes"/> bytes.</summary>
        public int Count(int minItemBytes, string what)
        {
            long at = Position;
            int n = Int32();
            if (n < 0)
            {
                throw Corrupt(string.Create(CultureInfo.InvariantCulture, $"negative count {n} of {what}"), at);
            }

            if ((long)n * minItemBytes > Remaining)
            {
                throw Corrupt(string.Create(CultureInfo.InvariantCulture, $"{n} {what} cannot fit in the {Remaining} bytes left (truncated or corrupted)"), at);
            }

            return n;
        }

        /// <summary>A string as <see cref="BinaryWriter.Write(string)"/> writes it: a 7-bit encoded byte length, then UTF-8.</summary>
        public string String(string what)
        {
            long at = Position;
            int length = 0;
            for (int shift = 0; ; shift += 7)
            {
                if (shift > 28)
                {
                    throw Corrupt($"malformed length of {what}", at);
                }

                byte b = Byte();
                length |= (b & 0x7F) << shift;
                if ((b & 0x80) == 0)
                {
                    break;
                }
            }

            if (length < 0 || length > Remaining)
            {
                throw Corrupt(string.Create(CultureInfo.InvariantCulture, $"{what} claims {length} bytes but only {Remaining} are left"), at);
            }

            var bytes = Bytes(length, what);
            try
            {
                return StrictUtf8.GetString(bytes);
            }
            catch (DecoderFallbackException)
            {
                throw Corrupt($"{what} is not valid UTF-8", at);
            }
        }

        public void Fill(Tensor t)
        {
            if (!BitConverter.IsLittleEndian)
            {
                throw new PlatformNotSupportedException("optimizer state files are read on little-endian machines");
            }

            var bytes = t.DType == DType.Float32 ? MemoryMarshal.AsBytes(t.Span<float>()) : MemoryMarshal.AsBytes(t.Span<double>());
            stream.ReadExactly(bytes);
            Position += bytes.Length;
        }

        public void ExpectEnd()
        {
            if (stream.CanSeek && Remaining > 0)
            {
                throw Corrupt(string.Create(CultureInfo.InvariantCulture, $"{Remaining} unexpected bytes after the end of the state"), Position);
            }
        }

        private ReadOnlySpan<byte> Span(int n)
        {
            stream.ReadExactly(_scratch.AsSpan(0, n));
            Position += n;
            return _scratch.AsSpan(0, n);
        }
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
