using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Descent.Kernels;

/// <summary>
/// Copies a tensor into the contiguous layout of a permutation of its dimensions.
/// </summary>
/// <remarks>
/// <para>The permutation is first simplified: size-1 dimensions are dropped and neighbours that stay adjacent in the same
/// order are merged, so e.g. [B, C, H, W] → [B, H, W, C] becomes a batch of 2-D transposes [C, H·W] → [H·W, C].</para>
/// <para>If the innermost output dimension is also innermost in the input, the copy is a sequence of contiguous row copies.
/// Otherwise it is a batch of 2-D transposes between the input's innermost dimension and the output's, done in square tiles
/// so that both the reads and the writes of a tile stay in L1. Coordinates are decoded once per row or tile, never per
/// element.</para>
/// </remarks>
internal static class PermuteKernel
{
    private const int Tile = 32;

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

        int tilesA = (na + Tile - 1) / Tile, tilesB = (nb + Tile - 1) / Tile;
        int batches = r.Numel / (na * nb);
        int items = batches * tilesA * tilesB;
        int[] bd = [.. batchDims], bi = [.. batchIn], bo = [.. batchOut];
        Parallelism.For(items, Math.Max(1, Elementwise.Grain / (Tile * Tile)), (s, e) =>
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

                int a0 = ta * Tile, a1 = Math.Min(na, a0 + Tile);
                int b0 = tb * Tile, b1 = Math.Min(nb, b0 + Tile);
                for (int ib = b0; ib < b1; ib++)
                {
                    int inOff = inBase + ib + (a0 * sa);
                    int outOff = outBase + (ib * ob) + a0;
                    for (int ia = a0; ia < a1; ia++)
                    {
                        Unsafe.Add(ref dst, outOff) = Unsafe.Add(ref src, inOff);
                        inOff += sa;
                        outOff++;
                    }
                }
            }
        });
    }
}
