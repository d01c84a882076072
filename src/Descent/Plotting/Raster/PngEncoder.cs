using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Descent.Plotting;

/// <summary>
/// A minimal PNG writer: 8-bit RGBA, no interlacing, one IDAT chunk compressed with zlib, and per-row adaptive filtering
/// (each row takes whichever of the five PNG filters gives the smallest sum of absolute residuals, the heuristic the PNG
/// specification recommends).
/// </summary>
internal static class PngEncoder
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    public static byte[] Encode(RgbaImage image)
    {
        int w = image.Width, h = image.Height, stride = w * 4;
        var raw = new byte[h * (stride + 1)];
        var candidate = new byte[stride];
        var best = new byte[stride];
        var src = image.Pixels;
        for (int y = 0; y < h; y++)
        {
            var row = new ReadOnlySpan<byte>(src, y * stride, stride);
            var prev = y > 0 ? new ReadOnlySpan<byte>(src, (y - 1) * stride, stride) : default;
            long bestScore = long.MaxValue;
            byte bestFilter = 0;
            for (byte f = 0; f <= 4; f++)
            {
                long score = Filter(f, row, prev, candidate);
                if (score < bestScore)
                {
                    bestScore = score;
                    bestFilter = f;
                    candidate.CopyTo(best, 0);
                }
            }

            int o = y * (stride + 1);
            raw[o] = bestFilter;
            best.CopyTo(raw, o + 1);
        }

        using var ms = new MemoryStream();
        ms.Write(Signature);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(0), w);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), h);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 6; // colour type: RGBA
        ihdr[10] = 0; // deflate
        ihdr[11] = 0; // filter method 0 (adaptive, five filter types)
        ihdr[12] = 0; // no interlace
        WriteChunk(ms, "IHDR", ihdr);
        WriteChunk(ms, "IDAT", Compress(raw));
        WriteChunk(ms, "IEND", []);
        return ms.ToArray();
    }

    private static byte[] Compress(byte[] raw)
    {
        using var ms = new MemoryStream();
        using (var z = new ZLibStream(ms, CompressionLevel.Optimal, leaveOpen: true))
        {
            z.Write(raw);
        }

        return ms.ToArray();
    }

    private static void WriteChunk(Stream s, string type, byte[] data)
    {
        Span<byte> len = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(len, data.Length);
        s.Write(len);
        var typeAndData = new byte[4 + data.Length];
        Encoding.ASCII.GetBytes(type, typeAndData);
        data.CopyTo(typeAndData, 4);
        s.Write(typeAndData);
        Span<byte> crc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32.Compute(typeAndData));
        s.Write(crc);
    }

    /// <summary>Applies PNG filter <paramref name="type"/> to a row; returns the sum of residuals read as signed bytes.</summary>
    private static long Filter(byte type, ReadOnlySpan<byte> row, ReadOnlySpan<byte> prev, Span<byte> output)
    {
        const int bpp = 4;
        int n = row.Length;
        bool top = prev.IsEmpty;
        switch (type)
        {
            case 0:
                row.CopyTo(output);
                break;
            case 1:
                row[..bpp].CopyTo(output);
                for (int i = bpp; i < n; i++)
                {
                    output[i] = (byte)(row[i] - row[i - bpp]);
                }

                break;
            case 2:
                if (top)
                {
                    row.CopyTo(output);
                }
                else
                {
                    for (int i = 0; i < n; i++)
                    {
                        output[i] = (byte)(row[i] - prev[i]);
                    }
                }

                break;
            case 3:
                for (int i = 0; i < n; i++)
                {
                    int a = i >= bpp ? row[i - bpp] : 0;
                    int b = top ? 0 : prev[i];
                    output[i] = (byte)(row[i] - ((a + b) >> 1));
                }

                break;
            default:
                for (int i = 0; i < n; i++)
                {
                    int a = i >= bpp ? row[i - bpp] : 0;
                    int b = top ? 0 : prev[i];
                    int c = i >= bpp && !top ? prev[i - bpp] : 0;
                    output[i] = (byte)(row[i] - Paeth(a, b, c));
                }

                break;
        }

        long score = 0;
        foreach (byte v in output[..n])
        {
            score += v < 128 ? v : 256 - v;
        }

        return score;
    }

    internal static int Paeth(int a, int b, int c)
    {
        int p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
