using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.InteropServices;

namespace Descent.Data;

/// <summary>
/// Writes IDX files, gzip-compressed when the path ends in <c>.gz</c>. Writing is atomic: the bytes go to a temporary file in
/// the same directory, which then replaces the target in one rename, so a reader never sees a half-written file.
/// </summary>
public static class IdxWriter
{
    /// <summary>Writes <paramref name="array"/> to <paramref name="path"/> (gzip when it ends in <c>.gz</c>).</summary>
    /// <exception cref="IOException">The file cannot be written; the target is left unchanged.</exception>
    public static void Write(string path, IdxArray array)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(array);
        string full = Path.GetFullPath(path);
        string dir = Path.GetDirectoryName(full) ?? ".";
        Directory.CreateDirectory(dir);
        string temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                if (full.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
                {
                    using var z = new GZipStream(file, CompressionLevel.Optimal, leaveOpen: true);
                    WriteTo(z, array);
                }
                else
                {
                    WriteTo(file, array);
                }

                file.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>Writes an unsigned-byte array with the given dimensions (the MNIST image/label format).</summary>
    public static void Write(string path, byte[] data, params int[] dims) => Write(path, IdxArray.FromBytes(data, dims));

    /// <summary>Writes the uncompressed IDX encoding of <paramref name="array"/> to <paramref name="stream"/>.</summary>
    public static void WriteTo(Stream stream, IdxArray array)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(array);
        var header = new byte[4 + (4 * array.Dims.Count)];
        header[2] = (byte)array.DataType;
        header[3] = (byte)array.Dims.Count;
        for (int i = 0; i < array.Dims.Count; i++)
        {
            BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4 + (4 * i)), array.Dims[i]);
        }

        stream.Write(header);
        switch (array.Data)
        {
            case byte[] a:
                stream.Write(a);
                break;
            case sbyte[] a:
                stream.Write(MemoryMarshal.AsBytes(a.AsSpan()));
                break;
            case short[] a:
                WriteBigEndian(stream, a);
                break;
            case int[] a:
                WriteBigEndian(stream, a);
                break;
            case float[] a:
                WriteBigEndian(stream, MemoryMarshal.Cast<float, int>(a.AsSpan()));
                break;
            case double[] a:
                WriteBigEndian(stream, MemoryMarshal.Cast<double, long>(a.AsSpan()));
                break;
        }
    }

    private static void WriteBigEndian<T>(Stream stream, ReadOnlySpan<T> values)
        where T : unmanaged
    {
        const int Chunk = 8192;
        var buffer = new T[Math.Min(Chunk, Math.Max(1, values.Length))];
        for (int start = 0; start < values.Length; start += Chunk)
        {
            var part = values.Slice(start, Math.Min(Chunk, values.Length - start));
            var dst = buffer.AsSpan(0, part.Length);
            if (!BitConverter.IsLittleEndian)
            {
                part.CopyTo(dst);
            }
            else if (typeof(T) == typeof(short))
            {
                BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<T, short>(part), MemoryMarshal.Cast<T, short>(dst));
            }
            else if (typeof(T) == typeof(int))
            {
                BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<T, int>(part), MemoryMarshal.Cast<T, int>(dst));
            }
            else
            {
                BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<T, long>(part), MemoryMarshal.Cast<T, long>(dst));
            }

            stream.Write(MemoryMarshal.AsBytes(dst));
        }
    }
}
