using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Descent.Kernels;

/// <summary>
/// Copies a tensor into the contiguous layout of a permutation of its dimensions.
/// </summary>
/// <remarks>
/// <para>The permutation is first simplified: size-1 dimensions are dropped and neighbours that stay adjacent in the same
/// order are merged, so e.g. [B, C, H, W] → [B, H, W, C] becomes a batch of 2-D transposes [C, H·W] → [H·W, C].</para>
/// <para>If the innermost output dimension is also innermost in the input, the copy is a sequence of contiguous row copies.
/// Otherwise it is a batch of 2-D transposes between the input's innermost dimension and the output's, done in square tiles
/// so that both the reads and the writes of a tile stay in L1; inside a tile, 8×8 (float) or 4×4 (double) blocks are
/// transposed in AVX registers. Coordinates are decoded once per row or tile, never per element.</para>
/// </remarks>
internal static class PermuteKernel
{
    /// <summary>Tile edge in bytes / element size: 64 floats or 32 doubles, so a tile's reads and writes fit in L1 together.</summary>
    private const int TileBytes = 256;

    /// <summary>The contiguous tensor y with y[i₀, …] = x[i_{perm⁻¹}…], i.e. y.Shape[k] = x.Shape[perm[k]].</summary>
    public static Tensor Run(Tensor x, int[] perm)
    {
        var xd = x.Shape.Dims;
        var xs = x.Shape.Strides();
        var od = new int[perm.Length];
        var dims = new List<int>();
        var strides = new List<int>();
        for (int i = 0; i < perm.Length; i++)
        {
            int d = xd[perm[i]], s = xs[perm[i]];
            od[i] = d;
            if (d == 1)
            {
                continue;
            }

            if (dims.Count > 0 && strides[^1] == s * d)
            {
                dims[^1] *= d;
                strides[^1] = s;
            }
            else
            {
                dims.Add(d);
                strides.Add(s);
            }
        }

        var r = Tensor.Empty(new Shape(od), x.DType);
        if (r.Numel == 0)
        {
            return r;
        }

        if (x.DType == DType.Float32)
        {
            Core<float>(x, r, [.. dims], [.. strides]);
        }
        else
        {
            Core<double>(x, r, [.. dims], [.. strides]);
        }

        return r;
    }

    private static void Core<T>(Tensor x, Tensor r, int[] dims, int[] inStrides)
        where T : unmanaged, INumberBase<T>
    {
        int k = dims.Length;
        if (k == 0 || (k == 1 && inStrides[0] == 1))
        {
            x.Span<T>().CopyTo(r.Span<T>());
            return;
        }

        if (inStrides[k - 1] == 1)
        {
            RowCopy<T>(x, r, dims, inStrides);
        }
        else
        {
            TiledTranspose<T>(x, r, dims, inStrides);
        }
    }

    /// <summary>The innermost dimension keeps stride 1: copy rows of that length, walking the outer dimensions with an odometer.</summary>
    private static void RowCopy<T>(Tensor x, Tensor r, int[] dims, int[] inStrides)
        where T : unmanaged
    {
        int last = dims.Length - 1;
        int len = dims[last];
        int rows = r.Numel / len;
        Parallelism.For(rows, Math.Max(1, Elementwise.Grain / len), (r0, r1) =>
        {
            var src = x.Span<T>();
            var dst = r.Span<T>();
            var coord = new int[last];
            int inOff = 0, rem = r0;
            for (int d = last - 1; d >= 0; d--)
            {
                coord[d] = rem % dims[d];
                rem /= dims[d];
                inOff += coord[d] * inStrides[d];
            }

            for (int row = r0; row < r1; row++)
            {
                src.Slice(inOff, len).CopyTo(dst.Slice(row * len, len));
                for (int d = last - 1; d >= 0; d--)
                {
                    inOff += inStrides[d];
                    if (++coord[d] < dims[d])
                    {
                        break;
                    }

                    inOff -= inStrides[d] * dims[d];
                    coord[d] = 0;
                }
            }
        });
    }

    /// <summary>
    /// Output dimension a (the last, output stride 1, input stride sa) and dimension b (input stride 1, output stride ob) are
    /// transposed tile by tile; every other dimension is a batch index decoded once per tile.
    /// </summary>
    private static void TiledTranspose<T>(Tensor x, Tensor r, int[] dims, int[] inStrides)
        where T : unmanaged
    {
        int k = dims.Length;
        var outStrides = new int[k];
        int acc = 1;
        for (int i = k - 1; i >= 0; i--)
        {
            outStrides[i] = acc;
            acc *= dims[i];
        }

        int a = k - 1, b = Array.IndexOf(inStrides, 1);
        int na = dims[a], nb = dims[b], sa = inStrides[a], ob = outStrides[b];
        var batchDims = new List<int>();
        var batchIn = new List<int>();
        var batchOut = new List<int>();
        for (int i = 0; i < k; i++)
        {
            if (i != a && i != b)
            {
                batchDims.Add(dims[i]);
                batchIn.Add(inStrides[i]);
                batchOut.Add(outStrides[i]);
            }
        }

        int tile = TileBytes / Unsafe.SizeOf<T>();
        int tilesA = (na + tile - 1) / tile, tilesB = (nb + tile - 1) / tile;
        int batches = r.Numel / (na * nb);
        int items = batches * tilesA * tilesB;
        int[] bd = [.. batchDims], bi = [.. batchIn], bo = [.. batchOut];
        Parallelism.For(items, Math.Max(1, Elementwise.Grain / (tile * tile)), (s, e) =>
        {
            ref T src = ref MemoryMarshal.GetReference(x.Span<T>());
            ref T dst = ref MemoryMarshal.GetReference(r.Span<T>());
            for (int item = s; item < e; item++)
            {
                int ta = item % tilesA, rest = item / tilesA;
                int tb = rest % tilesB, batch = rest / tilesB;
                int inBase = 0, outBase = 0;
                for (int d = bd.Length - 1; d >= 0; d--)
                {
                    int c = batch % bd[d];
                    batch /= bd[d];
                    inBase += c * bi[d];
                    outBase += c * bo[d];
                }

                int a0 = ta * tile, b0 = tb * tile;
                TransposeTile(ref src, ref dst, inBase + b0 + (a0 * sa), outBase + (b0 * ob) + a0, Math.Min(tile, na - a0), Math.Min(tile, nb - b0), sa, ob);
            }
        });
    }

    /// <summary>
    /// dst[outOff + ib·ob + ia] = src[inOff + ib + ia·sa] for ia &lt; countA, ib &lt; countB: whole register blocks first, then the
    /// ragged edges element by element. A static method so the sizes stay in registers (captured in a closure they would be
    /// re-read from the heap after every store).
    /// </summary>
    private static void TransposeTile<T>(ref T src, ref T dst, int inOff, int outOff, int countA, int countB, int sa, int ob)
    {
        int blockA = 0, blockB = 0;
        if (Avx.IsSupported && typeof(T) == typeof(float))
        {
            blockA = countA & ~7;
            blockB = countB & ~7;
            ref float s = ref Unsafe.As<T, float>(ref src);
            ref float d = ref Unsafe.As<T, float>(ref dst);
            for (int ia = 0; ia < blockA; ia += 8)
            {
                for (int ib = 0; ib < blockB; ib += 8)
                {
                    Transpose8x8(ref s, inOff + ib + (ia * sa), sa, ref d, outOff + (ib * ob) + ia, ob);
                }
            }
        }
        else if (Avx.IsSupported && typeof(T) == typeof(double))
        {
            blockA = countA & ~3;
            blockB = countB & ~3;
            ref double s = ref Unsafe.As<T, double>(ref src);
            ref double d = ref Unsafe.As<T, double>(ref dst);
            for (int ia = 0; ia < blockA; ia += 4)
            {
                for (int ib = 0; ib < blockB; ib += 4)
                {
                    Transpose4x4(ref s, inOff + ib + (ia * sa), sa, ref d, outOff + (ib * ob) + ia, ob);
                }
            }
        }

        // Ragged edges: columns blockB.. for every row, then rows blockA.. for the blocked columns.
        ScalarBlock(ref src, ref dst, inOff, outOff, 0, countA, blockB, countB, sa, ob);
        ScalarBlock(ref src, ref dst, inOff, outOff, blockA, countA, 0, blockB, sa, ob);
    }

    private static void ScalarBlock<T>(ref T src, ref T dst, int inOff, int outOff, int a0, int a1, int b0, int b1, int sa, int ob)
    {
        for (int ib = b0; ib < b1; ib++)
        {
            int i = inOff + ib + (a0 * sa), o = outOff + (ib * ob);
            for (int ia = a0; ia < a1; ia++)
            {
                Unsafe.Add(ref dst, o + ia) = Unsafe.Add(ref src, i);
                i += sa;
            }
        }
    }

    /// <summary>Eight rows of eight floats (row stride sa) become eight columns (row stride ob): unpack, shuffle, swap lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8x8(ref float s, int i, int sa, ref float d, int o, int ob)
    {
        var r0 = Vector256.LoadUnsafe(ref s, (nuint)i);
        var r1 = Vector256.LoadUnsafe(ref s, (nuint)(i + sa));
        var r2 = Vector256.LoadUnsafe(ref s, (nuint)(i + (2 * sa)));
        var r3 = Vector256.LoadUnsafe(ref s, (nuint)(i + (3 * sa)));
        var r4 = Vector256.LoadUnsafe(ref s, (nuint)(i + (4 * sa)));
        var r5 = Vector256.LoadUnsafe(ref s, (nuint)(i + (5 * sa)));
        var r6 = Vector256.LoadUnsafe(ref s, (nuint)(i + (6 * sa)));
        var r7 = Vector256.LoadUnsafe(ref s, (nuint)(i + (7 * sa)));
        var t0 = Avx.UnpackLow(r0, r1);
        var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3);
        var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5);
        var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7);
        var t7 = Avx.UnpackHigh(r6, r7);
        var u0 = Avx.Shuffle(t0, t2, 0x44);
        var u1 = Avx.Shuffle(t0, t2, 0xEE);
        var u2 = Avx.Shuffle(t1, t3, 0x44);
        var u3 = Avx.Shuffle(t1, t3, 0xEE);
        var u4 = Avx.Shuffle(t4, t6, 0x44);
        var u5 = Avx.Shuffle(t4, t6, 0xEE);
        var u6 = Avx.Shuffle(t5, t7, 0x44);
        var u7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Permute2x128(u0, u4, 0x20).StoreUnsafe(ref d, (nuint)o);
        Avx.Permute2x128(u1, u5, 0x20).StoreUnsafe(ref d, (nuint)(o + ob));
        Avx.Permute2x128(u2, u6, 0x20).StoreUnsafe(ref d, (nuint)(o + (2 * ob)));
        Avx.Permute2x128(u3, u7, 0x20).StoreUnsafe(ref d, (nuint)(o + (3 * ob)));
        Avx.Permute2x128(u0, u4, 0x31).StoreUnsafe(ref d, (nuint)(o + (4 * ob)));
        Avx.Permute2x128(u1, u5, 0x31).StoreUnsafe(ref d, (nuint)(o + (5 * ob)));
        Avx.Permute2x128(u2, u6, 0x31).StoreUnsafe(ref d, (nuint)(o + (6 * ob)));
        Avx.Permute2x128(u3, u7, 0x31).StoreUnsafe(ref d, (nuint)(o + (7 * ob)));
    }

    /// <summary>Four rows of four doubles become four columns.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose4x4(ref double s, int i, int sa, ref double d, int o, int ob)
    {
        var r0 = Vector256.LoadUnsafe(ref s, (nuint)i);
        var r1 = Vector256.LoadUnsafe(ref s, (nuint)(i + sa));
        var r2 = Vector256.LoadUnsafe(ref s, (nuint)(i + (2 * sa)));
        var r3 = Vector256.LoadUnsafe(ref s, (nuint)(i + (3 * sa)));
        var t0 = Avx.UnpackLow(r0, r1);
        var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3);
        var t3 = Avx.UnpackHigh(r2, r3);
        Avx.Permute2x128(t0, t2, 0x20).StoreUnsafe(ref d, (nuint)o);
        Avx.Permute2x128(t1, t3, 0x20).StoreUnsafe(ref d, (nuint)(o + ob));
        Avx.Permute2x128(t0, t2, 0x31).StoreUnsafe(ref d, (nuint)(o + (2 * ob)));
        Avx.Permute2x128(t1, t3, 0x31).StoreUnsafe(ref d, (nuint)(o + (3 * ob)));
    }
}
