using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Descent.Kernels;

/// <summary>
/// Packing of GEMM operands into micro-panels <c>dst[p·width + i]</c> (p the depth index, i the row or column within the panel),
/// zero-filled past the valid rows or columns so that edge tiles need no special micro-kernel.
/// </summary>
/// <remarks>
/// Two source layouts occur. "Direct": each depth step is a contiguous run of the source (A transposed, B as stored), so packing
/// is a row copy. "Transposed": each panel row is a contiguous run over depth (A as stored, Bᵀ), so packing is a transpose;
/// it runs in 16-deep blocks so that reads and writes both stay in L1, with AVX-512 in-register transposes (16×16 floats,
/// 8×8 doubles) where available.
/// </remarks>
internal static unsafe class GemmPack
{
    /// <summary>Depth of one transposed block: one 64-byte line of a float source row.</summary>
    private const int Block = 16;

    /// <summary>
    /// Packs <paramref name="count"/> columns of a source whose depth steps are contiguous runs: strip s (of
    /// <paramref name="width"/> columns) gets <c>dst[s·width·kc + p·width + j] = src[p·ld + s·width + j]</c>, zero-filled past
    /// <paramref name="count"/>.
    /// </summary>
    /// <remarks>
    /// Depth is the outer loop, so each source row is read once, contiguously, across all strips. Packing strip by strip would
    /// read a few bytes per row at a stride of <paramref name="ld"/>, which for power-of-two strides keeps hitting the same L1 set.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Direct<T>(T* src, nint ld, int count, int kc, T* dst, int width)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int full = count / width, rest = count - (full * width);
        nint stripSize = (nint)width * kc;
        int rowBytes = width * sizeof(T), restBytes = rest * sizeof(T);
        for (int p = 0; p < kc; p++, src += ld)
        {
            byte* s = (byte*)src;
            byte* d = (byte*)(dst + (p * width));
            for (int strip = 0; strip < full; strip++, s += rowBytes, d += stripSize * sizeof(T))
            {
                Copy(d, s, rowBytes);
            }

            if (rest > 0)
            {
                Unsafe.CopyBlockUnaligned(d, s, (uint)restBytes);
                Unsafe.InitBlockUnaligned(d + restBytes, 0, (uint)(rowBytes - restBytes));
            }
        }
    }

    /// <summary>Copies a short run (one strip row: 16 to 256 bytes in practice) with the widest vectors that fit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Copy(byte* d, byte* s, int bytes)
    {
        for (; bytes >= 64; bytes -= 64, s += 64, d += 64)
        {
            Vector512.Store(Vector512.Load(s), d);
        }

        if (bytes >= 32)
        {
            Vector256.Store(Vector256.Load(s), d);
            bytes -= 32;
            s += 32;
            d += 32;
        }

        if (bytes >= 16)
        {
            Vector128.Store(Vector128.Load(s), d);
            bytes -= 16;
            s += 16;
            d += 16;
        }

        if (bytes > 0)
        {
            Unsafe.CopyBlockUnaligned(d, s, (uint)bytes);
        }
    }

    /// <summary>
    /// Packs <paramref name="count"/> rows of a source whose rows run over depth: strip s gets
    /// <c>dst[s·width·kc + p·width + i] = src[(s·width + i)·ld + p]</c>, zero-filled past <paramref name="count"/>.
    /// <paramref name="simd"/> selects the AVX-512 transposes (the caller checks support).
    /// </summary>
    public static void Transposed<T>(T* src, nint ld, int count, int kc, T* dst, int width, bool simd)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        for (int i = 0; i < count; i += width)
        {
            TransposedStrip(src + (i * ld), ld, Math.Min(width, count - i), kc, dst + ((nint)i * kc), width, simd);
        }
    }

    /// <summary>One strip of <see cref="Transposed{T}"/>: <paramref name="count"/> ≤ <paramref name="width"/> rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TransposedStrip<T>(T* src, nint ld, int count, int kc, T* dst, int width, bool simd)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int p = 0;
        if (simd && width == 4)
        {
            // Four-row panels (the wide kernel's A): a 4×16 block transposes into 64 contiguous floats (4×8 into 32 doubles).
            int depth = typeof(T) == typeof(float) ? 16 : 8;
            for (; p + depth <= kc; p += depth)
            {
                if (typeof(T) == typeof(float))
                {
                    Transpose4((float*)src + p, ld, count, (float*)dst + (p * 4));
                }
                else
                {
                    Transpose4((double*)src + p, ld, count, (double*)dst + (p * 4));
                }
            }
        }
        else if (simd && width % (Vector512<T>.Count / 4) == 0)
        {
            if (typeof(T) == typeof(float))
            {
                for (; p + Block <= kc; p += Block)
                {
                    for (int i0 = 0; i0 < width; i0 += 16)
                    {
                        Transpose16((float*)src + (i0 * ld) + p, ld, Math.Clamp(count - i0, 0, 16), (float*)dst + (p * width) + i0, width, Math.Min(16, width - i0));
                    }
                }
            }
            else
            {
                for (; p + Block <= kc; p += Block)
                {
                    for (int half = 0; half < Block; half += 8)
                    {
                        for (int i0 = 0; i0 < width; i0 += 8)
                        {
                            Transpose8((double*)src + (i0 * ld) + p + half, ld, Math.Clamp(count - i0, 0, 8), (double*)dst + ((p + half) * width) + i0, width, Math.Min(8, width - i0));
                        }
                    }
                }
            }
        }

        // Blocked scalar loop: a 16-deep block touches 16 short destination rows and one line per source row.
        for (; p < kc; p += Block)
        {
            int depth = Math.Min(Block, kc - p);
            for (int i = 0; i < count; i++)
            {
                T* s = src + (i * ld) + p;
                T* d = dst + (p * width) + i;
                for (int q = 0; q < depth; q++)
                {
                    d[q * width] = s[q];
                }
            }

            if (count < width)
            {
                for (int q = 0; q < depth; q++)
                {
                    new Span<T>(dst + ((p + q) * width) + count, width - count).Clear();
                }
            }
        }
    }

    /// <summary>
    /// Transposes a block of <paramref name="rows"/> (≤ 16, missing rows read as zero) × 16 floats and writes each of the 16
    /// columns' first <paramref name="storeWidth"/> (16, 12, 8 or 4) values to <c>dst + q·dstStride</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Transpose16(float* src, nint ld, int rows, float* dst, int dstStride, int storeWidth)
    {
        var r0 = Row(src, ld, 0, rows);
        var r1 = Row(src, ld, 1, rows);
        var r2 = Row(src, ld, 2, rows);
        var r3 = Row(src, ld, 3, rows);
        var r4 = Row(src, ld, 4, rows);
        var r5 = Row(src, ld, 5, rows);
        var r6 = Row(src, ld, 6, rows);
        var r7 = Row(src, ld, 7, rows);
        var r8 = Row(src, ld, 8, rows);
        var r9 = Row(src, ld, 9, rows);
        var r10 = Row(src, ld, 10, rows);
        var r11 = Row(src, ld, 11, rows);
        var r12 = Row(src, ld, 12, rows);
        var r13 = Row(src, ld, 13, rows);
        var r14 = Row(src, ld, 14, rows);
        var r15 = Row(src, ld, 15, rows);

        // Stage 1: interleave row pairs. Stage 2: interleave pairs of pairs; now 128-bit lane L of u[4g + j] holds rows
        // 4g..4g+3 at depth 4L + j. Stage 3 (Lanes) transposes the 4×4 grid of lanes.
        var t0 = Avx512F.UnpackLow(r0, r1).AsDouble();
        var t1 = Avx512F.UnpackHigh(r0, r1).AsDouble();
        var t2 = Avx512F.UnpackLow(r2, r3).AsDouble();
        var t3 = Avx512F.UnpackHigh(r2, r3).AsDouble();
        var t4 = Avx512F.UnpackLow(r4, r5).AsDouble();
        var t5 = Avx512F.UnpackHigh(r4, r5).AsDouble();
        var t6 = Avx512F.UnpackLow(r6, r7).AsDouble();
        var t7 = Avx512F.UnpackHigh(r6, r7).AsDouble();
        var t8 = Avx512F.UnpackLow(r8, r9).AsDouble();
        var t9 = Avx512F.UnpackHigh(r8, r9).AsDouble();
        var t10 = Avx512F.UnpackLow(r10, r11).AsDouble();
        var t11 = Avx512F.UnpackHigh(r10, r11).AsDouble();
        var t12 = Avx512F.UnpackLow(r12, r13).AsDouble();
        var t13 = Avx512F.UnpackHigh(r12, r13).AsDouble();
        var t14 = Avx512F.UnpackLow(r14, r15).AsDouble();
        var t15 = Avx512F.UnpackHigh(r14, r15).AsDouble();

        var u0 = Avx512F.UnpackLow(t0, t2).AsSingle();
        var u1 = Avx512F.UnpackHigh(t0, t2).AsSingle();
        var u2 = Avx512F.UnpackLow(t1, t3).AsSingle();
        var u3 = Avx512F.UnpackHigh(t1, t3).AsSingle();
        var u4 = Avx512F.UnpackLow(t4, t6).AsSingle();
        var u5 = Avx512F.UnpackHigh(t4, t6).AsSingle();
        var u6 = Avx512F.UnpackLow(t5, t7).AsSingle();
        var u7 = Avx512F.UnpackHigh(t5, t7).AsSingle();
        var u8 = Avx512F.UnpackLow(t8, t10).AsSingle();
        var u9 = Avx512F.UnpackHigh(t8, t10).AsSingle();
        var u10 = Avx512F.UnpackLow(t9, t11).AsSingle();
        var u11 = Avx512F.UnpackHigh(t9, t11).AsSingle();
        var u12 = Avx512F.UnpackLow(t12, t14).AsSingle();
        var u13 = Avx512F.UnpackHigh(t12, t14).AsSingle();
        var u14 = Avx512F.UnpackLow(t13, t15).AsSingle();
        var u15 = Avx512F.UnpackHigh(t13, t15).AsSingle();

        Lanes(u0, u4, u8, u12, dst, dstStride, 0, storeWidth);
        Lanes(u1, u5, u9, u13, dst, dstStride, 1, storeWidth);
        Lanes(u2, u6, u10, u14, dst, dstStride, 2, storeWidth);
        Lanes(u3, u7, u11, u15, dst, dstStride, 3, storeWidth);
    }

    /// <summary>Transposes <paramref name="rows"/> (≤ 4, missing rows zero) × 16 floats into 16 contiguous groups of 4.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Transpose4(float* src, nint ld, int rows, float* dst)
    {
        var r0 = Row(src, ld, 0, rows);
        var r1 = Row(src, ld, 1, rows);
        var r2 = Row(src, ld, 2, rows);
        var r3 = Row(src, ld, 3, rows);
        var t0 = Avx512F.UnpackLow(r0, r1).AsDouble();
        var t1 = Avx512F.UnpackHigh(r0, r1).AsDouble();
        var t2 = Avx512F.UnpackLow(r2, r3).AsDouble();
        var t3 = Avx512F.UnpackHigh(r2, r3).AsDouble();

        // Lane L of u_j holds the 4 rows at depth 4L + j; output vector L is depths 4L..4L+3, i.e. lane L of u0..u3.
        ContiguousLanes(
            Avx512F.UnpackLow(t0, t2).AsSingle(),
            Avx512F.UnpackHigh(t0, t2).AsSingle(),
            Avx512F.UnpackLow(t1, t3).AsSingle(),
            Avx512F.UnpackHigh(t1, t3).AsSingle(),
            dst);
    }

    /// <summary>Transposes <paramref name="rows"/> (≤ 4, missing rows zero) × 8 doubles into 8 contiguous groups of 4.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Transpose4(double* src, nint ld, int rows, double* dst)
    {
        var r0 = Row(src, ld, 0, rows);
        var r1 = Row(src, ld, 1, rows);
        var r2 = Row(src, ld, 2, rows);
        var r3 = Row(src, ld, 3, rows);

        // Lane L of UnpackLow(r0, r1) is rows 0-1 at depth 2L, of UnpackHigh at depth 2L + 1; output vector L is depths 2L, 2L+1.
        ContiguousLanes(Avx512F.UnpackLow(r0, r1), Avx512F.UnpackLow(r2, r3), Avx512F.UnpackHigh(r0, r1), Avx512F.UnpackHigh(r2, r3), dst);
    }

    /// <summary>Writes vector L = (lane L of a, b, c, d) to <c>dst + L·16 bytes·4</c> for L = 0..3: a 4×4 transpose of lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ContiguousLanes<T>(Vector512<T> a, Vector512<T> b, Vector512<T> c, Vector512<T> d, T* dst)
        where T : unmanaged
    {
        var v0 = Shuffle4x128(a, b, 0x44); // a.l0 a.l1 b.l0 b.l1
        var v1 = Shuffle4x128(a, b, 0xEE); // a.l2 a.l3 b.l2 b.l3
        var v2 = Shuffle4x128(c, d, 0x44);
        var v3 = Shuffle4x128(c, d, 0xEE);
        int n = Vector512<T>.Count;
        Shuffle4x128(v0, v2, 0x88).Store(dst); // a.l0 b.l0 c.l0 d.l0
        Shuffle4x128(v0, v2, 0xDD).Store(dst + n);
        Shuffle4x128(v1, v3, 0x88).Store(dst + (2 * n));
        Shuffle4x128(v1, v3, 0xDD).Store(dst + (3 * n));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> Shuffle4x128<T>(Vector512<T> a, Vector512<T> b, [System.Diagnostics.CodeAnalysis.ConstantExpected] byte control)
        where T : unmanaged =>
        Avx512F.Shuffle4x128(a.AsSingle(), b.AsSingle(), control).As<float, T>();

    /// <summary>
    /// Given four vectors whose lane L holds 4 rows at depth 4L + j, writes depth 4L + j (L = 0..3) as one 16-row column each.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Lanes(Vector512<float> a, Vector512<float> b, Vector512<float> c, Vector512<float> d, float* dst, int dstStride, int j, int storeWidth)
    {
        var v0 = Avx512F.Shuffle4x128(a, b, 0x44); // a.l0 a.l1 b.l0 b.l1
        var v1 = Avx512F.Shuffle4x128(a, b, 0xEE); // a.l2 a.l3 b.l2 b.l3
        var v2 = Avx512F.Shuffle4x128(c, d, 0x44);
        var v3 = Avx512F.Shuffle4x128(c, d, 0xEE);
        Store(Avx512F.Shuffle4x128(v0, v2, 0x88), dst + (j * dstStride), storeWidth); // depth j: a.l0 b.l0 c.l0 d.l0
        Store(Avx512F.Shuffle4x128(v0, v2, 0xDD), dst + ((4 + j) * dstStride), storeWidth);
        Store(Avx512F.Shuffle4x128(v1, v3, 0x88), dst + ((8 + j) * dstStride), storeWidth);
        Store(Avx512F.Shuffle4x128(v1, v3, 0xDD), dst + ((12 + j) * dstStride), storeWidth);
    }

    /// <summary>
    /// Transposes <paramref name="rows"/> (≤ 8, missing rows zero) × 8 doubles, writing each column's first
    /// <paramref name="storeWidth"/> (8 or 4) values to <c>dst + q·dstStride</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Transpose8(double* src, nint ld, int rows, double* dst, int dstStride, int storeWidth)
    {
        var r0 = Row(src, ld, 0, rows);
        var r1 = Row(src, ld, 1, rows);
        var r2 = Row(src, ld, 2, rows);
        var r3 = Row(src, ld, 3, rows);
        var r4 = Row(src, ld, 4, rows);
        var r5 = Row(src, ld, 5, rows);
        var r6 = Row(src, ld, 6, rows);
        var r7 = Row(src, ld, 7, rows);

        // Lane L (two doubles) of t[2g + j] holds rows 2g, 2g+1 at depth 2L + j; then the 4×4 grid of lanes is transposed.
        var t0 = Avx512F.UnpackLow(r0, r1);
        var t1 = Avx512F.UnpackHigh(r0, r1);
        var t2 = Avx512F.UnpackLow(r2, r3);
        var t3 = Avx512F.UnpackHigh(r2, r3);
        var t4 = Avx512F.UnpackLow(r4, r5);
        var t5 = Avx512F.UnpackHigh(r4, r5);
        var t6 = Avx512F.UnpackLow(r6, r7);
        var t7 = Avx512F.UnpackHigh(r6, r7);
        Lanes(t0, t2, t4, t6, dst, dstStride, 0, storeWidth);
        Lanes(t1, t3, t5, t7, dst, dstStride, 1, storeWidth);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Lanes(Vector512<double> a, Vector512<double> b, Vector512<double> c, Vector512<double> d, double* dst, int dstStride, int j, int storeWidth)
    {
        var v0 = Avx512F.Shuffle4x128(a, b, 0x44);
        var v1 = Avx512F.Shuffle4x128(a, b, 0xEE);
        var v2 = Avx512F.Shuffle4x128(c, d, 0x44);
        var v3 = Avx512F.Shuffle4x128(c, d, 0xEE);
        Store(Avx512F.Shuffle4x128(v0, v2, 0x88), dst + (j * dstStride), storeWidth); // depth j
        Store(Avx512F.Shuffle4x128(v0, v2, 0xDD), dst + ((2 + j) * dstStride), storeWidth);
        Store(Avx512F.Shuffle4x128(v1, v3, 0x88), dst + ((4 + j) * dstStride), storeWidth);
        Store(Avx512F.Shuffle4x128(v1, v3, 0xDD), dst + ((6 + j) * dstStride), storeWidth);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> Row<T>(T* src, nint ld, int i, int rows)
        where T : unmanaged => i < rows ? Vector512.Load(src + (i * ld)) : Vector512<T>.Zero;

    /// <summary>Stores the first <paramref name="count"/> elements (a multiple of a quarter vector) without touching the rest.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<T>(Vector512<T> v, T* dst, int count)
        where T : unmanaged
    {
        int quarter = Vector512<T>.Count / 4;
        if (count == 4 * quarter)
        {
            v.Store(dst);
            return;
        }

        if (count >= 2 * quarter)
        {
            v.GetLower().Store(dst);
            if (count == 3 * quarter)
            {
                v.GetUpper().GetLower().Store(dst + (2 * quarter));
            }
        }
        else if (count == quarter)
        {
            v.GetLower().GetLower().Store(dst);
        }
    }
}
