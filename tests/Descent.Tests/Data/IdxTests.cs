using System.Buffers.Binary;
using System.IO.Compression;
using Descent.Data;
using static Descent.Tests.Data.DataTestUtil;

namespace Descent.Tests.Data;

public class IdxTests
{
    public static TheoryData<string> Extensions => new() { "", ".gz" };

    [Theory]
    [MemberData(nameof(Extensions))]
    public void RoundTrip_Bytes_PreservesDimsAndValues(string ext)
    {
        using var dir = new TempDir();
        var data = Enumerable.Range(0, 2 * 3 * 4).Select(i => (byte)(i * 7)).ToArray();
        var path = dir.File("images-idx3-ubyte" + ext);
        IdxWriter.Write(path, data, 2, 3, 4);
        var read = IdxReader.Read(path);
        Assert.Equal(IdxDataType.UnsignedByte, read.DataType);
        Assert.Equal(new[] { 2, 3, 4 }, read.Dims);
        Assert.Equal(data, (byte[])read.Data);
    }

    [Fact]
    public void Write_Gz_IsGzipCompressed()
    {
        using var dir = new TempDir();
        var path = dir.File("x.gz");
        IdxWriter.Write(path, new byte[1000], 1000);
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(new byte[] { 0x1F, 0x8B }, bytes[..2]);
        Assert.True(bytes.Length < 200);
    }

    [Fact]
    public void Write_Raw_HasBigEndianHeader()
    {
        using var dir = new TempDir();
        var path = dir.File("x");
        IdxWriter.Write(path, new byte[6], 2, 3);
        Assert.Equal(new byte[] { 0, 0, 0x08, 2, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0 }, File.ReadAllBytes(path));
    }

    public static TheoryData<IdxArray, string> TypedArrays => new()
    {
        { new IdxArray(IdxDataType.SignedByte, [3], new sbyte[] { -128, 0, 127 }), "" },
        { new IdxArray(IdxDataType.Int16, [2, 2], new short[] { short.MinValue, -1, 258, short.MaxValue }), ".gz" },
        { new IdxArray(IdxDataType.Int32, [3], new[] { int.MinValue, 16909060, int.MaxValue }), "" },
        { new IdxArray(IdxDataType.Float32, [2], new[] { -1.5f, float.Epsilon }), ".gz" },
        { new IdxArray(IdxDataType.Float64, [1, 2], new[] { Math.PI, -0.0 }), "" },
    };

    [Theory]
    [MemberData(nameof(TypedArrays))]
    public void RoundTrip_TypedArrays_PreservesValues(IdxArray array, string ext)
    {
        using var dir = new TempDir();
        var path = dir.File("t" + ext);
        IdxWriter.Write(path, array);
        var read = IdxReader.Read(path);
        Assert.Equal(array.DataType, read.DataType);
        Assert.Equal(array.Dims, read.Dims);
        Assert.Equal(array.Data, read.Data);
    }

    [Fact]
    public void Int32_IsStoredBigEndian()
    {
        using var dir = new TempDir();
        var path = dir.File("i");
        IdxWriter.Write(path, new IdxArray(IdxDataType.Int32, [1], new[] { 0x01020304 }));
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, File.ReadAllBytes(path)[8..]);
    }

    [Fact]
    public void Write_LeavesNoTemporaryFiles()
    {
        using var dir = new TempDir();
        IdxWriter.Write(dir.File("a"), new byte[4], 4);
        IdxWriter.Write(dir.File("a"), new byte[8], 8);
        Assert.Equal(new[] { "a" }, Directory.GetFiles(dir.Path).Select(Path.GetFileName));
        Assert.Equal(new[] { 8 }, IdxReader.Read(dir.File("a")).Dims);
    }

    [Fact]
    public void ToTensor_Divisor255_MatchesTorchvisionToTensor()
    {
        var array = IdxArray.FromBytes([0, 1, 128, 255], 4);
        var t = array.ToTensor(DType.Float32, 255);
        Assert.Equal(new[] { 0f, 1f / 255f, 128f / 255f, 1f }, t.ToFloatArray());
    }

    [Fact]
    public void Read_WrongMagic_NamesFileAndOffset()
    {
        using var dir = new TempDir();
        var path = dir.File("bad");
        File.WriteAllBytes(path, [0x01, 0x00, 0x08, 0x01, 0, 0, 0, 1, 42]);
        var e = Assert.Throws<DataFormatException>(() => IdxReader.Read(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("wrong magic number at byte 0", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, e.ByteOffset);
    }

    [Fact]
    public void Read_UnknownTypeCode_NamesByte2()
    {
        using var dir = new TempDir();
        var path = dir.File("bad");
        File.WriteAllBytes(path, [0, 0, 0x07, 1, 0, 0, 0, 1, 42]);
        var e = Assert.Throws<DataFormatException>(() => IdxReader.Read(path));
        Assert.Contains("unknown IDX data type 0x07 at byte 2", e.Message, StringComparison.Ordinal);
        Assert.Equal(2, e.ByteOffset);
    }

    [Fact]
    public void ReadImages_FloatFile_ReportsWrongType()
    {
        using var dir = new TempDir();
        var path = dir.File("floats");
        IdxWriter.Write(path, IdxArray.FromFloats(new float[8], 2, 2, 2));
        var e = Assert.Throws<DataFormatException>(() => IdxReader.ReadImages(path));
        Assert.Contains("data type at byte 2 is float32 (0x0D), but ubyte (0x08) is expected", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadImages_OneDimensionalFile_ReportsWrongRank()
    {
        using var dir = new TempDir();
        var path = dir.File("labels");
        IdxWriter.Write(path, new byte[5], 5);
        var e = Assert.Throws<DataFormatException>(() => IdxReader.ReadImages(path));
        Assert.Contains("1 dimensions at byte 3, but 3 are expected", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TruncatedRawData_ReportsWhereDataStops()
    {
        using var dir = new TempDir();
        var path = dir.File("t");
        IdxWriter.Write(path, new byte[100], 10, 10);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..50]);
        var e = Assert.Throws<DataFormatException>(() => IdxReader.Read(path));
        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
        Assert.Contains("needs 112 bytes but has 50", e.Message, StringComparison.Ordinal);
        Assert.Equal(50, e.ByteOffset);
    }

    [Fact]
    public void Read_TruncatedGzipData_ReportsTruncation()
    {
        using var dir = new TempDir();
        var path = dir.File("t.gz");
        var raw = new MemoryStream();
        IdxWriter.WriteTo(raw, IdxArray.FromBytes(new byte[100], 10, 10));
        WriteGzip(path, raw.ToArray()[..60]);
        var e = Assert.Throws<DataFormatException>(() => IdxReader.Read(path));
        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
        Assert.Contains("data stops at byte 60 of the decompressed data", e.Message, StringComparison.Ordinal);
        Assert.Equal(60, e.ByteOffset);
    }

    [Fact]
    public void Read_TrailingBytes_AreAnError()
    {
        using var dir = new TempDir();
        var path = dir.File("t");
        IdxWriter.Write(path, new byte[4], 4);
        File.AppendAllText(path, "junk");
        var e = Assert.Throws<DataFormatException>(() => IdxReader.Read(path));
        Assert.Contains("4 unexpected bytes after byte 12", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_HeaderClaimingTrillionElements_FailsWithoutAllocating()
    {
        using var dir = new TempDir();
        var path = dir.File("huge");
        File.WriteAllBytes(path, Header(0x08, 100_000, 100_000, 100));
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<DataFormatException>(() => IdxReader.Read(path));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20);
        Assert.Contains("more elements than an array can hold", e.Message, StringComparison.Ordinal);
        Assert.Contains("[100000, 100000, 100]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_RawHeaderClaimingMoreThanFile_FailsBeforeAllocating()
    {
        using var dir = new TempDir();
        var path = dir.File("big");
        File.WriteAllBytes(path, [.. Header(0x0D, 100_000, 28, 28), .. new byte[64]]);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<DataFormatException>(() => IdxReader.Read(path));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20, "the reader allocated for the header's claim");
        Assert.Contains("needs 313600016 bytes but has 80", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_GzipHeaderBeyondDeflateRatio_FailsBeforeAllocating()
    {
        using var dir = new TempDir();
        var path = dir.File("big.gz");
        WriteGzip(path, [.. Header(0x08, 60_000, 100, 100), 1, 2, 3]);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<DataFormatException>(() => IdxReader.Read(path));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20, "the reader allocated for the header's claim");
        Assert.Contains("cannot decompress to more than", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_GzipHeaderClaimingMoreThanData_AllocatesOnlyWhatIsThere()
    {
        // 256 KB of incompressible data: the deflate bound allows the 40 MB claim, but the gzip trailer contradicts it.
        using var dir = new TempDir();
        var path = dir.File("lie.gz");
        var payload = new byte[256 * 1024];
        var rng = new Rng(1);
        for (int i = 0; i < payload.Length; i++)
        {
            payload[i] = (byte)(rng.NextUInt32() >> 24);
        }

        WriteGzip(path, [.. Header(0x08, 40, 1000, 1000), .. payload]);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<DataFormatException>(() => IdxReader.Read(path));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 8 << 20, $"allocated {allocated} bytes for a 40 MB claim backed by 256 KB");
        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_CorruptGzipStream_IsDataFormatException()
    {
        using var dir = new TempDir();
        var path = dir.File("c.gz");
        IdxWriter.Write(path, Enumerable.Range(0, 5000).Select(i => (byte)(i * 31 % 251)).ToArray(), 5000);
        var bytes = File.ReadAllBytes(path);
        for (int i = 12; i < bytes.Length - 8; i += 3)
        {
            bytes[i] ^= 0x5A;
        }

        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<DataFormatException>(() => IdxReader.Read(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_EmptyFile_ReportsTruncatedHeader()
    {
        using var dir = new TempDir();
        var path = dir.File("empty");
        File.WriteAllBytes(path, []);
        var e = Assert.Throws<DataFormatException>(() => IdxReader.Read(path));
        Assert.Contains("inside the 4-byte IDX header", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_GzipStream_IsDetectedFromContent()
    {
        var raw = new MemoryStream();
        IdxWriter.WriteTo(raw, IdxArray.FromBytes([1, 2, 3], 3));
        var z = new MemoryStream();
        using (var g = new GZipStream(z, CompressionLevel.Optimal, leaveOpen: true))
        {
            g.Write(raw.ToArray());
        }

        z.Position = 0;
        Assert.Equal(new byte[] { 1, 2, 3 }, (byte[])IdxReader.Read(z, "memory").Data);
    }

    [Fact]
    public void Read_MissingFile_IsFileNotFound()
    {
        using var dir = new TempDir();
        Assert.Throws<FileNotFoundException>(() => IdxReader.Read(dir.File("nope")));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Fuzz_MutatedFiles_OnlyRaiseDataFormatException(bool gzip)
    {
        var valid = new MemoryStream();
        IdxWriter.WriteTo(valid, IdxArray.FromBytes(Enumerable.Range(0, 3 * 5 * 4).Select(i => (byte)i).ToArray(), 3, 5, 4));
        var original = valid.ToArray();
        if (gzip)
        {
            var z = new MemoryStream();
            using (var g = new GZipStream(z, CompressionLevel.Optimal, leaveOpen: true))
            {
                g.Write(original);
            }

            original = z.ToArray();
        }

        // In memory (the file path reads through the same seekable-stream code), so thousands of cases take well under a second.
        var rng = Fuzz.Seeded(gzip ? 2024UL : 2025UL);
        const string Name = "fuzz-case.idx";
        int ok = 0, rejected = 0;
        for (int c = 0, cases = Fuzz.Iterations(3000); c < cases; c++)
        {
            var bytes = Mutate(original, rng);
            try
            {
                var a = IdxReader.Read(new MemoryStream(bytes, writable: false), Name);
                Assert.Equal(a.Count, a.Dims.Aggregate(1L, (p, d) => p * d));
                ok++;
            }
            catch (DataFormatException e)
            {
                Assert.Contains(Name, e.Message, StringComparison.Ordinal);
                rejected++;
            }
            catch (Exception e)
            {
                Assert.Fail($"case {c}: {e.GetType().Name} escaped: {e.Message} (bytes {Convert.ToHexString(bytes)})");
            }
        }

        Assert.True(rejected > 100, $"only {rejected} mutations were rejected");
        Assert.True(ok > 0 || gzip, "no mutation was accepted");
    }

    private static byte[] Mutate(byte[] original, Rng rng)
    {
        var b = new List<byte>(original);
        int ops = 1 + rng.NextInt(3);
        for (int k = 0; k < ops; k++)
        {
            switch (rng.NextInt(5))
            {
                case 0: // flip a byte, biased towards the header
                    int at = rng.NextInt(2) == 0 ? rng.NextInt(Math.Min(16, b.Count)) : rng.NextInt(b.Count);
                    b[at] = (byte)rng.NextInt(256);
                    break;
                case 1: // truncate
                    int keep = rng.NextInt(b.Count);
                    b.RemoveRange(keep, b.Count - keep);
                    if (b.Count == 0)
                    {
                        return [];
                    }

                    break;
                case 2: // insert junk
                    b.Insert(rng.NextInt(b.Count + 1), (byte)rng.NextInt(256));
                    break;
                case 3: // flip one bit
                    int bit = rng.NextInt(b.Count * 8);
                    b[bit / 8] ^= (byte)(1 << (bit % 8));
                    break;
                default: // delete a byte
                    b.RemoveAt(rng.NextInt(b.Count));
                    if (b.Count == 0)
                    {
                        return [];
                    }

                    break;
            }
        }

        return [.. b];
    }

    private static byte[] Header(byte type, params int[] dims)
    {
        var h = new byte[4 + (4 * dims.Length)];
        h[2] = type;
        h[3] = (byte)dims.Length;
        for (int i = 0; i < dims.Length; i++)
        {
            BinaryPrimitives.WriteInt32BigEndian(h.AsSpan(4 + (4 * i)), dims[i]);
        }

        return h;
    }

    private static void WriteGzip(string path, byte[] content)
    {
        using var file = File.Create(path);
        using var z = new GZipStream(file, CompressionLevel.Optimal);
        z.Write(content);
    }
}
