using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Descent.Tests.Plotting;

/// <summary>
/// An independent PNG reader for tests: parses chunks, checks CRCs with a bitwise CRC-32 (not the library's table), inflates
/// IDAT and undoes the five filters, so tests see the pixels a viewer would.
/// </summary>
internal sealed class PngReader
{
    public PngReader(byte[] png)
    {
        Bytes = png;
        byte[] signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        Assert.True(png.AsSpan(0, 8).SequenceEqual(signature), "PNG signature is wrong.");
        int pos = 8;
        using var idat = new MemoryStream();
        while (pos < png.Length)
        {
            int len = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(pos));
            string type = Encoding.ASCII.GetString(png, pos + 4, 4);
            var typeAndData = png.AsSpan(pos + 4, 4 + len);
            uint stored = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(pos + 8 + len));
            Assert.Equal(BitwiseCrc32(typeAndData), stored);
            var data = png.AsSpan(pos + 8, len);
            Chunks.Add(type);
            if (type == "IHDR")
            {
                Width = BinaryPrimitives.ReadInt32BigEndian(data);
                Height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                BitDepth = data[8];
                ColorType = data[9];
            }
            else if (type == "IDAT")
            {
                idat.Write(data);
            }

            pos += 12 + len;
        }

        idat.Position = 0;
        using var z = new ZLibStream(idat, CompressionMode.Decompress);
        using var raw = new MemoryStream();
        z.CopyTo(raw);
        Raw = raw.ToArray();
        Pixels = Unfilter(Raw, Width, Height);
    }

    public byte[] Bytes { get; }

    public List<string> Chunks { get; } = [];

    public int Width { get; }

    public int Height { get; }

    public int BitDepth { get; }

    public int ColorType { get; }

    /// <summary>The inflated IDAT stream: one filter byte and 4·width bytes per row.</summary>
    public byte[] Raw { get; }

    /// <summary>RGBA bytes after unfiltering.</summary>
    public byte[] Pixels { get; }

    public (byte R, byte G, byte B, byte A) At(int x, int y)
    {
        int i = ((y * Width) + x) * 4;
        return (Pixels[i], Pixels[i + 1], Pixels[i + 2], Pixels[i + 3]);
    }

    public static uint BitwiseCrc32(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc >> 1) ^ (0xEDB88320u & (uint)-(int)(crc & 1));
            }
        }

        return ~crc;
    }

    private static byte[] Unfilter(byte[] raw, int w, int h)
    {
        int stride = w * 4;
        Assert.Equal(h * (stride + 1), raw.Length);
        var px = new byte[h * stride];
        for (int y = 0; y < h; y++)
        {
            byte filter = raw[y * (stride + 1)];
            Assert.InRange(filter, 0, 4);
            for (int i = 0; i < stride; i++)
            {
                int a = i >= 4 ? px[(y * stride) + i - 4] : 0;
                int b = y > 0 ? px[((y - 1) * stride) + i] : 0;
                int c = i >= 4 && y > 0 ? px[((y - 1) * stride) + i - 4] : 0;
                int pred = filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    _ => Paeth(a, b, c),
                };
                px[(y * stride) + i] = (byte)(raw[(y * (stride + 1)) + 1 + i] + pred);
            }
        }

        return px;
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        if (pa <= pb && pa <= pc)
        {
            return a;
        }

        return pb <= pc ? b : c;
    }
}
