using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Descent.IO;

/// <summary>
/// Reads and writes the safetensors format (huggingface/safetensors), which PyTorch and Hugging Face tools load directly:
/// an 8-byte little-endian header length N, N bytes of JSON mapping each name to <c>{"dtype", "shape", "data_offsets"}</c>
/// (plus an optional <c>"__metadata__"</c> string map), then the raw little-endian tensor bytes.
/// </summary>
/// <remarks>
/// Files are untrusted: every header field is checked against the file's real size before anything is allocated, offsets must
/// tile the data buffer exactly (no gaps, no overlaps), and only F32 and F64 tensors are accepted. Errors name the file and the
/// byte offset. Writes are atomic (temporary file, then rename).
/// </remarks>
public static class SafeTensors
{
    private const long MaxHeaderBytes = 100L * 1024 * 1024;

    /// <summary>Writes <paramref name="tensors"/> (sorted by name) and optional string metadata to <paramref name="path"/> atomically.</summary>
    public static void Save(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        AtomicFile.Write(path, s => Write(s, tensors, metadata));
    }

    /// <summary>Writes the safetensors encoding to a stream.</summary>
    public static void Write(Stream stream, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(tensors);
        var names = tensors.Keys.OrderBy(k => k, StringComparer.Ordinal).ToList();
        using var header = new MemoryStream();
        using (var json = new Utf8JsonWriter(header))
        {
            json.WriteStartObject();
            if (metadata != null && metadata.Count > 0)
            {
                json.WriteStartObject("__metadata__");
                foreach (var (k, v) in metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    json.WriteString(k, v);
                }

                json.WriteEndObject();
            }

            long offset = 0;
            foreach (var name in names)
            {
                if (name == "__metadata__")
                {
                    throw new ArgumentException("A tensor cannot be called \"__metadata__\" in a safetensors file", nameof(tensors));
                }

                var t = tensors[name];
                long bytes = (long)t.Numel * t.DType.ElementSize();
                json.WriteStartObject(name);
                json.WriteString("dtype", t.DType == DType.Float32 ? "F32" : "F64");
                json.WriteStartArray("shape");
                foreach (var d in t.Shape)
                {
                    json.WriteNumberValue(d);
                }

                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + bytes);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += bytes;
            }

            json.WriteEndObject();
        }

        // Pad the header with spaces to a multiple of 8 so the data buffer is aligned, as the reference writer does.
        int pad = (int)((8 - (header.Length % 8)) % 8);
        Span<byte> len = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(len, (ulong)(header.Length + pad));
        stream.Write(len);
        header.Position = 0;
        header.CopyTo(stream);
        for (int i = 0; i < pad; i++)
        {
            stream.WriteByte((byte)' ');
        }

        foreach (var name in names)
        {
            var t = tensors[name];
            if (!BitConverter.IsLittleEndian)
            {
                throw new PlatformNotSupportedException("safetensors writing needs a little-endian machine");
            }

            if (t.DType == DType.Float32)
            {
                stream.Write(MemoryMarshal.AsBytes(t.AsSpan<float>()));
            }
            else
            {
                stream.Write(MemoryMarshal.AsBytes(t.AsSpan<double>()));
            }
        }
    }

    /// <summary>Reads a safetensors file.</summary>
    /// <exception cref="SafeTensorsFormatException">The file is malformed, truncated or holds unsupported dtypes.</exception>
    public static SafeTensorsFile Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new ArgumentException($"{path}: file not found", nameof(path));
        }

        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Read(fs, fs.Length, path);
    }

    /// <summary>Reads the safetensors encoding of <paramref name="length"/> bytes from a stream.</summary>
    /// <param name="stream">The source, positioned at the start of the encoding.</param>
    /// <param name="length">How many bytes the encoding occupies (the file size).</param>
    /// <param name="source">A name for messages (usually the path).</param>
    public static SafeTensorsFile Read(Stream stream, long length, string source)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (length < 8)
        {
            throw Fail(source, 0, $"file is {length} bytes, too short for the 8-byte header length");
        }

        Span<byte> len = stackalloc byte[8];
        ReadExactly(stream, len, source, 0);
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(len);
        if (headerLength > (ulong)(length - 8) || headerLength > MaxHeaderBytes)
        {
            throw Fail(source, 0, $"header claims {headerLength} bytes but the file has only {length - 8} after the length field");
        }

        var headerBytes = new byte[(int)headerLength];
        ReadExactly(stream, headerBytes, source, 8);
        long dataStart = 8 + (long)headerLength;
        long dataLength = length - dataStart;
        var entries = new List<(string Name, DType DType, int[] Shape, long Begin, long End)>();
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            using var doc = JsonDocument.Parse(headerBytes);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw Fail(source, 8, "header is not a JSON object");
            }

            foreach (var prop in doc.RootElement.EnumerateObject())
            {
                if (prop.Name == "__metadata__")
                {
                    if (prop.Value.ValueKind != JsonValueKind.Object)
                    {
                        throw Fail(source, 8, "__metadata__ must be an object of strings");
                    }

                    foreach (var m in prop.Value.EnumerateObject())
                    {
                        if (m.Value.ValueKind != JsonValueKind.String)
                        {
                            throw Fail(source, 8, $"__metadata__ entry \"{m.Name}\" is not a string");
                        }

                        metadata[m.Name] = m.Value.GetString()!;
                    }

                    continue;
                }

                entries.Add(ParseEntry(prop, source));
            }
        }
        catch (JsonException e)
        {
            throw Fail(source, 8 + (e.BytePositionInLine ?? 0), $"header is not valid JSON ({e.Message.Split('.')[0]})");
        }
        catch (InvalidOperationException)
        {
            // System.Text.Json reports invalid UTF-8 inside strings this way.
            throw Fail(source, 8, "header holds invalid UTF-8 text");
        }

        // Offsets must tile [0, dataLength) exactly: sorted by start, each begins where the previous ended.
        long expected = 0;
        foreach (var e in entries.OrderBy(e => e.Begin).ThenBy(e => e.End))
        {
            if (e.Begin != expected)
            {
                throw Fail(source, dataStart + Math.Min(e.Begin, expected), $"tensor \"{e.Name}\" starts at data offset {e.Begin} but the previous tensor ends at {expected} (gap or overlap)");
            }

            expected = e.End;
        }

        if (expected != dataLength)
        {
            throw Fail(source, dataStart + Math.Min(expected, dataLength), $"tensors cover {expected} data bytes but the file holds {dataLength} (truncated or trailing bytes)");
        }

        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var e in entries.OrderBy(e => e.Begin))
        {
            var t = Tensor.Zeros(new Shape(e.Shape), e.DType);
            var bytes = e.DType == DType.Float32 ? MemoryMarshal.AsBytes(t.AsSpan<float>()) : MemoryMarshal.AsBytes(t.AsSpan<double>());
            ReadExactly(stream, bytes, source, dataStart + e.Begin);
            if (!BitConverter.IsLittleEndian)
            {
                throw new PlatformNotSupportedException("safetensors reading needs a little-endian machine");
            }

            t.Name = e.Name;
            tensors[e.Name] = t;
        }

        return new SafeTensorsFile(tensors, metadata);
    }

    private static (string, DType, int[], long, long) ParseEntry(JsonProperty prop, string source)
    {
        var v = prop.Value;
        if (v.ValueKind != JsonValueKind.Object || !v.TryGetProperty("dtype", out var dt) || !v.TryGetProperty("shape", out var sh) || !v.TryGetProperty("data_offsets", out var off))
        {
            throw Fail(source, 8, $"tensor \"{prop.Name}\" needs dtype, shape and data_offsets");
        }

        var dtype = dt.GetString() switch
        {
            "F32" => DType.Float32,
            "F64" => DType.Float64,
            var other => throw Fail(source, 8, $"tensor \"{prop.Name}\" has dtype {other}; Descent reads F32 and F64 (convert in PyTorch with .float() or .double())"),
        };
        if (sh.ValueKind != JsonValueKind.Array || off.ValueKind != JsonValueKind.Array || off.GetArrayLength() != 2)
        {
            throw Fail(source, 8, $"tensor \"{prop.Name}\" has a malformed shape or data_offsets");
        }

        var shape = new List<int>();
        long numel = 1;
        foreach (var d in sh.EnumerateArray())
        {
            if (!d.TryGetInt64(out long dim) || dim < 0 || dim > int.MaxValue)
            {
                throw Fail(source, 8, $"tensor \"{prop.Name}\" has an invalid dimension {d}");
            }

            numel = dim == 0 ? 0 : numel * dim; // cannot overflow: numel ≤ Array.MaxLength and dim ≤ int.MaxValue
            if (numel > Array.MaxLength)
            {
                throw Fail(source, 8, $"tensor \"{prop.Name}\" claims more than {Array.MaxLength} elements");
            }

            shape.Add((int)dim);
        }

        if (!off[0].TryGetInt64(out long begin) || !off[1].TryGetInt64(out long end) || begin < 0 || end < begin)
        {
            throw Fail(source, 8, $"tensor \"{prop.Name}\" has invalid data_offsets");
        }

        long bytes = numel * dtype.ElementSize();
        if (end - begin != bytes)
        {
            throw Fail(source, 8, string.Create(CultureInfo.InvariantCulture, $"tensor \"{prop.Name}\" of shape {Shape.Format(shape.ToArray())} and dtype {dtype.Name()} needs {bytes} bytes but data_offsets span {end - begin}"));
        }

        return (prop.Name, dtype, shape.ToArray(), begin, end);
    }

    private static void ReadExactly(Stream s, Span<byte> buffer, string source, long offset)
    {
        if (s.CanSeek && s.Position != offset)
        {
            s.Position = offset;
        }

        int read = 0;
        while (read < buffer.Length)
        {
            int n = s.Read(buffer[read..]);
            if (n == 0)
            {
                throw Fail(source, offset + read, $"unexpected end of file: needed {buffer.Length} bytes");
            }

            read += n;
        }
    }

    private static SafeTensorsFormatException Fail(string source, long offset, string message) =>
        new($"{source}: {message} (at byte {offset.ToString(CultureInfo.InvariantCulture)})");
}

/// <summary>The contents of a safetensors file.</summary>
/// <param name="Tensors">Tensors by name.</param>
/// <param name="Metadata">The <c>__metadata__</c> strings (empty when absent).</param>
public sealed record SafeTensorsFile(IReadOnlyDictionary<string, Tensor> Tensors, IReadOnlyDictionary<string, string> Metadata);

/// <summary>A safetensors file that is malformed, truncated or unsupported. The message names the file and the byte offset.</summary>
public sealed class SafeTensorsFormatException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    public SafeTensorsFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public SafeTensorsFormatException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public SafeTensorsFormatException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
