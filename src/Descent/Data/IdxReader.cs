using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Runtime.InteropServices;

namespace Descent.Data;

/// <summary>
/// Reads IDX files (the MNIST family's format), raw or gzip-compressed (detected from the content, not the name).
/// </summary>
/// <remarks>
/// <para>Format (big-endian): bytes 0–1 are zero, byte 2 the element type (0x08 ubyte, 0x09 sbyte, 0x0B int16, 0x0C int32,
/// 0x0D float32, 0x0E float64), byte 3 the number of dimensions r, then r 32-bit sizes, then the elements row-major.</para>
/// <para>Every header field is checked against the real file before anything is allocated: a raw file must be exactly
/// <c>4 + 4r + elements·size</c> bytes long; a gzip file cannot hold more than deflate's maximum expansion (1032:1) of its
/// compressed size, and when its trailer's recorded size disagrees with the header the data is read in chunks so that memory
/// follows what is really there, never what the header claims. Every malformation is a <see cref="DataFormatException"/> that
/// names the file and the byte offset (in the decompressed stream for gzip files).</para>
/// </remarks>
public static class IdxReader
{
    /// <summary>Deflate's maximum compression ratio is about 1032:1; a gzip file cannot decompress to more.</summary>
    private const long MaxDeflateRatio = 1032;

    /// <summary>Reads an IDX file (raw or gzip).</summary>
    /// <param name="path">The file.</param>
    /// <param name="expectedType">If given, the element type the caller needs (checked at byte 2).</param>
    /// <param name="expectedRank">If given, the number of dimensions the caller needs (checked at byte 3).</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">The file is not a well-formed IDX file, or not of the expected type or rank.</exception>
    public static IdxArray Read(string path, IdxDataType? expectedType = null, int? expectedRank = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"IDX file not found: {path}", path);
        }

        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return ReadSeekable(file, path, expectedType, expectedRank);
    }

    /// <summary>
    /// Reads an IDX array from a stream; <paramref name="name"/> is used in error messages. A seekable stream may be raw or
    /// gzip-compressed (detected from its first bytes) and its size is checked against the header before allocating; a
    /// non-seekable stream must be raw.
    /// </summary>
    /// <exception cref="DataFormatException">The stream is not a well-formed IDX array, or not of the expected type or rank.</exception>
    public static IdxArray Read(Stream stream, string name, IdxDataType? expectedType = null, int? expectedRank = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(name);
        return stream.CanSeek
            ? ReadSeekable(stream, name, expectedType, expectedRank)
            : ReadCore(stream, name, new Limits(null, null, null), expectedType, expectedRank);
    }

    /// <summary>Reads an image file: unsigned bytes, three dimensions <c>[count, rows, columns]</c>.</summary>
    /// <exception cref="DataFormatException">The file is malformed or not ubyte with three dimensions.</exception>
    public static IdxArray ReadImages(string path) => Read(path, IdxDataType.UnsignedByte, 3);

    /// <summary>Reads a label file: unsigned bytes, one dimension <c>[count]</c>.</summary>
    /// <exception cref="DataFormatException">The file is malformed or not ubyte with one dimension.</exception>
    public static IdxArray ReadLabels(string path) => Read(path, IdxDataType.UnsignedByte, 1);

    private static IdxArray ReadSeekable(Stream file, string path, IdxDataType? expectedType, int? expectedRank)
    {
        long start = file.Position;
        long length = file.Length - start;
        Span<byte> signature = stackalloc byte[2];
        int got = file.ReadAtLeast(signature, 2, throwOnEndOfStream: false);
        bool gzip = got == 2 && signature[0] == 0x1F && signature[1] == 0x8B;
        if (!gzip)
        {
            file.Position = start;
            return ReadCore(file, path, new Limits(length, null, null), expectedType, expectedRank);
        }

        uint? recordedSize = null;
        if (length >= 18)
        {
            // The gzip trailer's ISIZE: the uncompressed size modulo 2^32 (of the last member).
            Span<byte> trailer = stackalloc byte[4];
            file.Position = start + length - 4;
            file.ReadExactly(trailer);
            recordedSize = BinaryPrimitives.ReadUInt32LittleEndian(trailer);
        }

        file.Position = start;
        using var z = new GZipStream(file, CompressionMode.Decompress, leaveOpen: true);
        return ReadCore(z, path, new Limits(null, length, recordedSize), expectedType, expectedRank);
    }

    private static IdxArray ReadCore(Stream s, string path, Limits limits, IdxDataType? expectedType, int? expectedRank)
    {
        var inv = CultureInfo.InvariantCulture;
        bool gz = limits.CompressedLength != null;
        string where = gz ? " of the decompressed data" : "";
        Span<byte> head = stackalloc byte[4];
        int got = ReadFully(s, head, path, 0);
        if (got < 4)
        {
            throw Error(path, got, string.Create(inv, $"the file ends at byte {got}{where}, inside the 4-byte IDX header (magic number); it is truncated or not an IDX file"));
        }

        if (head[0] != 0 || head[1] != 0)
        {
            throw Error(path, 0, $"wrong magic number at byte 0{where}: an IDX file starts with 0x00 0x00, this one with 0x{head[0]:X2} 0x{head[1]:X2}; it is not an IDX file");
        }

        if (!IdxDataTypes.IsDefined(head[2]))
        {
            throw Error(path, 2, $"unknown IDX data type 0x{head[2]:X2} at byte 2{where}; valid types are 0x08 ubyte, 0x09 sbyte, 0x0B int16, 0x0C int32, 0x0D float32, 0x0E float64");
        }

        var type = (IdxDataType)head[2];
        if (expectedType is { } et && type != et)
        {
            throw Error(path, 2, $"data type at byte 2{where} is {type.Describe()}, but {et.Describe()} is expected here");
        }

        int rank = head[3];
        if (rank == 0)
        {
            throw Error(path, 3, $"the header declares 0 dimensions at byte 3{where}; an IDX array has at least one");
        }

        if (expectedRank is { } er && rank != er)
        {
            throw Error(path, 3, string.Create(inv, $"the header declares {rank} dimensions at byte 3{where}, but {er} are expected here ({(er == 3 ? "[count, rows, columns] for images" : er == 1 ? "[count] for labels" : "check the file")})"));
        }

        int headerLength = 4 + (4 * rank);
        var dimBytes = new byte[4 * rank];
        got = ReadFully(s, dimBytes, path, 4);
        if (got < dimBytes.Length)
        {
            throw Error(path, 4 + got, string.Create(inv, $"the file ends at byte {4 + got}{where}, inside the header: {rank} dimensions need {headerLength} header bytes; it is truncated"));
        }

        var dims = new int[rank];
        bool anyZero = false;
        for (int i = 0; i < rank; i++)
        {
            dims[i] = BinaryPrimitives.ReadInt32BigEndian(dimBytes.AsSpan(4 * i));
            if (dims[i] < 0)
            {
                throw Error(path, 4 + (4 * i), string.Create(inv, $"dimension {i} at byte {4 + (4 * i)}{where} is {(uint)dims[i]}, more than a 32-bit signed size allows; the header is corrupt"));
            }

            anyZero |= dims[i] == 0;
        }

        long count = 1;
        if (anyZero)
        {
            count = 0;
        }
        else
        {
            foreach (var d in dims)
            {
                if (count > Array.MaxLength / d)
                {
                    throw Error(path, 4, $"the header claims dimensions {Shape.Format(dims)} at byte 4{where}, more elements than an array can hold ({Array.MaxLength.ToString(inv)}); the header is corrupt");
                }

                count *= d;
            }
        }

        long dataBytes = count * type.Size();
        long total = headerLength + dataBytes;
        string claim = string.Create(inv, $"the header (dimensions {Shape.Format(dims)} of {type.Describe()}) needs {total} bytes");
        if (dataBytes > Array.MaxLength)
        {
            throw Error(path, 4, string.Create(inv, $"{claim}, more than the {Array.MaxLength} bytes of data this reader supports; the header is corrupt or the file too large"));
        }

        if (limits.ExactLength is { } exact)
        {
            if (exact < total)
            {
                throw Error(path, exact, string.Create(inv, $"the file is truncated: {claim} but has {exact} (the data stops at byte {exact})"));
            }

            if (exact > total)
            {
                throw Error(path, total, string.Create(inv, $"{claim} but the file has {exact}: {exact - total} unexpected bytes after byte {total}"));
            }
        }

        if (limits.CompressedLength is { } compressed && total > (compressed * MaxDeflateRatio) + 1024)
        {
            throw Error(path, 4, string.Create(inv, $"{claim}, but a gzip file of {compressed} bytes cannot decompress to more than about {compressed * MaxDeflateRatio}; the header is corrupt or the file truncated"));
        }

        // Trust the header's size only when the file agrees with it (a raw file's length, or the gzip trailer's recorded size);
        // otherwise read what is really there first and allocate afterwards, so a lying header cannot cost memory.
        bool trustedSize = limits.CompressedLength == null || limits.RecordedSize == (uint)total;
        Array array;
        long dataGot;
        if (trustedSize)
        {
            array = Allocate(type, (int)count);
            dataGot = ReadFully(s, AsBytes(array), path, headerLength);
        }
        else
        {
            var (chunks, got2) = ReadChunks(s, dataBytes, path, headerLength);
            dataGot = got2;
            array = Allocate(type, dataGot == dataBytes ? (int)count : 0);
            if (dataGot == dataBytes)
            {
                var dst = AsBytes(array);
                long at = 0;
                foreach (var c in chunks)
                {
                    int n = (int)Math.Min(c.Length, dataBytes - at);
                    c.AsSpan(0, n).CopyTo(dst[(int)at..]);
                    at += n;
                }
            }
        }

        if (dataGot < dataBytes)
        {
            throw Error(path, headerLength + dataGot, string.Create(inv, $"the file is truncated: {claim} but the data stops at byte {headerLength + dataGot}{where}"));
        }

        if (gz || limits.ExactLength == null)
        {
            Span<byte> extra = stackalloc byte[1];
            if (ReadFully(s, extra, path, total) > 0)
            {
                throw Error(path, total, string.Create(inv, $"{claim} but there is more data after byte {total}{where}; the header's dimensions do not match the data"));
            }
        }

        if (BitConverter.IsLittleEndian)
        {
            switch (array)
            {
                case short[] a:
                    BinaryPrimitives.ReverseEndianness(a, a);
                    break;
                case int[] a:
                    BinaryPrimitives.ReverseEndianness(a, a);
                    break;
                case float[] a:
                    var fi = MemoryMarshal.Cast<float, int>(a.AsSpan());
                    BinaryPrimitives.ReverseEndianness(fi, fi);
                    break;
                case double[] a:
                    var dl = MemoryMarshal.Cast<double, long>(a.AsSpan());
                    BinaryPrimitives.ReverseEndianness(dl, dl);
                    break;
            }
        }

        return new IdxArray(type, dims, array);
    }

    /// <summary>Reads up to <paramref name="limit"/> bytes in 1 MB chunks, stopping early at the end of the stream.</summary>
    private static (List<byte[]> Chunks, long Total) ReadChunks(Stream s, long limit, string path, long offset)
    {
        var chunks = new List<byte[]>();
        long total = 0;
        while (total < limit)
        {
            var chunk = new byte[(int)Math.Min(1 << 20, limit - total)];
            int got = ReadFully(s, chunk, path, offset + total);
            chunks.Add(chunk);
            total += got;
            if (got < chunk.Length)
            {
                break;
            }
        }

        return (chunks, total);
    }

    private static int ReadFully(Stream s, Span<byte> buffer, string path, long offset)
    {
        try
        {
            return s.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        }
        catch (InvalidDataException e)
        {
            throw new DataFormatException(
                string.Create(CultureInfo.InvariantCulture, $"IDX file {path}: the gzip data is corrupt (reading decompressed byte {offset} onwards): {e.Message}"),
                path, offset, innerException: e);
        }
    }

    private static Array Allocate(IdxDataType type, int count) => type switch
    {
        IdxDataType.UnsignedByte => new byte[count],
        IdxDataType.SignedByte => new sbyte[count],
        IdxDataType.Int16 => new short[count],
        IdxDataType.Int32 => new int[count],
        IdxDataType.Float32 => new float[count],
        _ => new double[count],
    };

    private static Span<byte> AsBytes(Array array) => array switch
    {
        byte[] a => a,
        sbyte[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        short[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        int[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        float[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        double[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        _ => throw new InvalidOperationException("Unexpected IDX storage"),
    };

    private static DataFormatException Error(string path, long offset, string problem) =>
        new($"IDX file {path}: {problem}", path, offset);

    /// <summary>What is known about the stream's size: an exact length (raw), or the compressed size and gzip trailer.</summary>
    private readonly record struct Limits(long? ExactLength, long? CompressedLength, uint? RecordedSize);
}
