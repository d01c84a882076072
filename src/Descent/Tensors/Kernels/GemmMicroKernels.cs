using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Descent.Kernels;

// The micro-kernels are fully unrolled (one named accumulator per register; first written out by a throwaway script, now plain
// source) because the JIT keeps named Vector locals in registers but does not promote arrays of vectors. Each inner loop is,
// per depth step, NR/lanes aligned loads of B, MR broadcasts of A and MR·NR/lanes FMAs, with no stack traffic (checked with
// DOTNET_JitDisasm on .NET 10).

/// <summary>4×4 Vector512 micro-kernel: 4 rows of A times 4 vectors of B per k step (16 accumulators).</summary>
/// <remarks>The wide AVX-512 tile (4×64 floats, 4×32 doubles): the best general shape on Zen 4, and little waste when m is not a multiple of 16.</remarks>
internal readonly unsafe struct Gemm512x4x4<T> : IGemmMicroKernel<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public static int MR => 4;

    public static int NR => 4 * Vector512<T>.Count;

    public static bool Avx512Packing => Avx512F.IsSupported;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(nint kc, T* a, T* b, T* c, nint ldc, T alpha, T beta)
    {
        var c0_0 = Vector512<T>.Zero;
        var c0_1 = Vector512<T>.Zero;
        var c0_2 = Vector512<T>.Zero;
        var c0_3 = Vector512<T>.Zero;
        var c1_0 = Vector512<T>.Zero;
        var c1_1 = Vector512<T>.Zero;
        var c1_2 = Vector512<T>.Zero;
        var c1_3 = Vector512<T>.Zero;
        var c2_0 = Vector512<T>.Zero;
        var c2_1 = Vector512<T>.Zero;
        var c2_2 = Vector512<T>.Zero;
        var c2_3 = Vector512<T>.Zero;
        var c3_0 = Vector512<T>.Zero;
        var c3_1 = Vector512<T>.Zero;
        var c3_2 = Vector512<T>.Zero;
        var c3_3 = Vector512<T>.Zero;
        for (; kc > 0; kc--)
        {
            var b0 = Vector512.LoadAligned(b);
            var b1 = Vector512.LoadAligned(b + Vector512<T>.Count);
            var b2 = Vector512.LoadAligned(b + (2 * Vector512<T>.Count));
            var b3 = Vector512.LoadAligned(b + (3 * Vector512<T>.Count));
            var a0 = Vector512.Create(a[0]);
            c0_0 = GemmSimd.Fma(a0, b0, c0_0);
            c0_1 = GemmSimd.Fma(a0, b1, c0_1);
            c0_2 = GemmSimd.Fma(a0, b2, c0_2);
            c0_3 = GemmSimd.Fma(a0, b3, c0_3);
            var a1 = Vector512.Create(a[1]);
            c1_0 = GemmSimd.Fma(a1, b0, c1_0);
            c1_1 = GemmSimd.Fma(a1, b1, c1_1);
            c1_2 = GemmSimd.Fma(a1, b2, c1_2);
            c1_3 = GemmSimd.Fma(a1, b3, c1_3);
            var a2 = Vector512.Create(a[2]);
            c2_0 = GemmSimd.Fma(a2, b0, c2_0);
            c2_1 = GemmSimd.Fma(a2, b1, c2_1);
            c2_2 = GemmSimd.Fma(a2, b2, c2_2);
            c2_3 = GemmSimd.Fma(a2, b3, c2_3);
            var a3 = Vector512.Create(a[3]);
            c3_0 = GemmSimd.Fma(a3, b0, c3_0);
            c3_1 = GemmSimd.Fma(a3, b1, c3_1);
            c3_2 = GemmSimd.Fma(a3, b2, c3_2);
            c3_3 = GemmSimd.Fma(a3, b3, c3_3);
            a += 4;
            b += 4 * Vector512<T>.Count;
        }

        var va = Vector512.Create(alpha);
        if (beta == T.Zero)
        {
            Vector512.Store(c0_0 * va, c);
            Vector512.Store(c0_1 * va, c + Vector512<T>.Count);
            Vector512.Store(c0_2 * va, c + (2 * Vector512<T>.Count));
            Vector512.Store(c0_3 * va, c + (3 * Vector512<T>.Count));
            c += ldc;
            Vector512.Store(c1_0 * va, c);
            Vector512.Store(c1_1 * va, c + Vector512<T>.Count);
            Vector512.Store(c1_2 * va, c + (2 * Vector512<T>.Count));
            Vector512.Store(c1_3 * va, c + (3 * Vector512<T>.Count));
            c += ldc;
            Vector512.Store(c2_0 * va, c);
            Vector512.Store(c2_1 * va, c + Vector512<T>.Count);
            Vector512.Store(c2_2 * va, c + (2 * Vector512<T>.Count));
            Vector512.Store(c2_3 * va, c + (3 * Vector512<T>.Count));
            c += ldc;
            Vector512.Store(c3_0 * va, c);
            Vector512.Store(c3_1 * va, c + Vector512<T>.Count);
            Vector512.Store(c3_2 * va, c + (2 * Vector512<T>.Count));
            Vector512.Store(c3_3 * va, c + (3 * Vector512<T>.Count));
        }
        else
        {
            var vb = Vector512.Create(beta);
            Vector512.Store(GemmSimd.Fma(c0_0, va, Vector512.Load(c) * vb), c);
            Vector512.Store(GemmSimd.Fma(c0_1, va, Vector512.Load(c + Vector512<T>.Count) * vb), c + Vector512<T>.Count);
            Vector512.Store(GemmSimd.Fma(c0_2, va, Vector512.Load(c + (2 * Vector512<T>.Count)) * vb), c + (2 * Vector512<T>.Count));
            Vector512.Store(GemmSimd.Fma(c0_3, va, Vector512.Load(c + (3 * Vector512<T>.Count)) * vb), c + (3 * Vector512<T>.Count));
            c += ldc;
            Vector512.Store(GemmSimd.Fma(c1_0, va, Vector512.Load(c) * vb), c);
            Vector512.Store(GemmSimd.Fma(c1_1, va, Vector512.Load(c + Vector512<T>.Count) * vb), c + Vector512<T>.Count);
            Vector512.Store(GemmSimd.Fma(c1_2, va, Vector512.Load(c + (2 * Vector512<T>.Count)) * vb), c + (2 * Vector512<T>.Count));
            Vector512.Store(GemmSimd.Fma(c1_3, va, Vector512.Load(c + (3 * Vector512<T>.Count)) * vb), c + (3 * Vector512<T>.Count));
            c += ldc;
            Vector512.Store(GemmSimd.Fma(c2_0, va, Vector512.Load(c) * vb), c);
            Vector512.Store(GemmSimd.Fma(c2_1, va, Vector512.Load(c + Vector512<T>.Count) * vb), c + Vector512<T>.Count);
            Vector512.Store(GemmSimd.Fma(c2_2, va, Vector512.Load(c + (2 * Vector512<T>.Count)) * vb), c + (2 * Vector512<T>.Count));
            Vector512.Store(GemmSimd.Fma(c2_3, va, Vector512.Load(c + (3 * Vector512<T>.Count)) * vb), c + (3 * Vector512<T>.Count));
            c += ldc;
            Vector512.Store(GemmSimd.Fma(c3_0, va, Vector512.Load(c) * vb), c);
            Vector512.Store(GemmSimd.Fma(c3_1, va, Vector512.Load(c + Vector512<T>.Count) * vb), c + Vector512<T>.Count);
            Vector512.Store(GemmSimd.Fma(c3_2, va, Vector512.Load(c + (2 * Vector512<T>.Count)) * vb), c + (2 * Vector512<T>.Count));
            Vector512.Store(GemmSimd.Fma(c3_3, va, Vector512.Load(c + (3 * Vector512<T>.Count)) * vb), c + (3 * Vector512<T>.Count));
        }
    }
}

/// <summary>16×1 Vector512 micro-kernel: 16 rows of A times 1 vectors of B per k step (16 accumulators).</summary>
/// <remarks>The tall AVX-512 tile (16×16 floats, 16×8 doubles): chosen when n is not a multiple of 64 (784 columns, say), where the wide tile would pad.</remarks>
internal readonly unsafe struct Gemm512x16x1<T> : IGemmMicroKernel<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public static int MR => 16;

    public static int NR => 1 * Vector512<T>.Count;

    public static bool Avx512Packing => Avx512F.IsSupported;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(nint kc, T* a, T* b, T* c, nint ldc, T alpha, T beta)
    {
        var c0_0 = Vector512<T>.Zero;
        var c1_0 = Vector512<T>.Zero;
        var c2_0 = Vector512<T>.Zero;
        var c3_0 = Vector512<T>.Zero;
        var c4_0 = Vector512<T>.Zero;
        var c5_0 = Vector512<T>.Zero;
        var c6_0 = Vector512<T>.Zero;
        var c7_0 = Vector512<T>.Zero;
        var c8_0 = Vector512<T>.Zero;
        var c9_0 = Vector512<T>.Zero;
        var c10_0 = Vector512<T>.Zero;
        var c11_0 = Vector512<T>.Zero;
        var c12_0 = Vector512<T>.Zero;
        var c13_0 = Vector512<T>.Zero;
        var c14_0 = Vector512<T>.Zero;
        var c15_0 = Vector512<T>.Zero;
        for (; kc > 0; kc--)
        {
            var b0 = Vector512.LoadAligned(b);
            var a0 = Vector512.Create(a[0]);
            c0_0 = GemmSimd.Fma(a0, b0, c0_0);
            var a1 = Vector512.Create(a[1]);
            c1_0 = GemmSimd.Fma(a1, b0, c1_0);
            var a2 = Vector512.Create(a[2]);
            c2_0 = GemmSimd.Fma(a2, b0, c2_0);
            var a3 = Vector512.Create(a[3]);
            c3_0 = GemmSimd.Fma(a3, b0, c3_0);
            var a4 = Vector512.Create(a[4]);
            c4_0 = GemmSimd.Fma(a4, b0, c4_0);
            var a5 = Vector512.Create(a[5]);
            c5_0 = GemmSimd.Fma(a5, b0, c5_0);
            var a6 = Vector512.Create(a[6]);
            c6_0 = GemmSimd.Fma(a6, b0, c6_0);
            var a7 = Vector512.Create(a[7]);
            c7_0 = GemmSimd.Fma(a7, b0, c7_0);
            var a8 = Vector512.Create(a[8]);
            c8_0 = GemmSimd.Fma(a8, b0, c8_0);
            var a9 = Vector512.Create(a[9]);
            c9_0 = GemmSimd.Fma(a9, b0, c9_0);
            var a10 = Vector512.Create(a[10]);
            c10_0 = GemmSimd.Fma(a10, b0, c10_0);
            var a11 = Vector512.Create(a[11]);
            c11_0 = GemmSimd.Fma(a11, b0, c11_0);
            var a12 = Vector512.Create(a[12]);
            c12_0 = GemmSimd.Fma(a12, b0, c12_0);
            var a13 = Vector512.Create(a[13]);
            c13_0 = GemmSimd.Fma(a13, b0, c13_0);
            var a14 = Vector512.Create(a[14]);
            c14_0 = GemmSimd.Fma(a14, b0, c14_0);
            var a15 = Vector512.Create(a[15]);
            c15_0 = GemmSimd.Fma(a15, b0, c15_0);
            a += 16;
            b += 1 * Vector512<T>.Count;
        }

        var va = Vector512.Create(alpha);
        if (beta == T.Zero)
        {
            Vector512.Store(c0_0 * va, c);
            c += ldc;
            Vector512.Store(c1_0 * va, c);
            c += ldc;
            Vector512.Store(c2_0 * va, c);
            c += ldc;
            Vector512.Store(c3_0 * va, c);
            c += ldc;
            Vector512.Store(c4_0 * va, c);
            c += ldc;
            Vector512.Store(c5_0 * va, c);
            c += ldc;
            Vector512.Store(c6_0 * va, c);
            c += ldc;
            Vector512.Store(c7_0 * va, c);
            c += ldc;
            Vector512.Store(c8_0 * va, c);
            c += ldc;
            Vector512.Store(c9_0 * va, c);
            c += ldc;
            Vector512.Store(c10_0 * va, c);
            c += ldc;
            Vector512.Store(c11_0 * va, c);
            c += ldc;
            Vector512.Store(c12_0 * va, c);
            c += ldc;
            Vector512.Store(c13_0 * va, c);
            c += ldc;
            Vector512.Store(c14_0 * va, c);
            c += ldc;
            Vector512.Store(c15_0 * va, c);
        }
        else
        {
            var vb = Vector512.Create(beta);
            Vector512.Store(GemmSimd.Fma(c0_0, va, Vector512.Load(c) * vb), c);
            c += ldc;
            Vector512.Store(GemmSimd.Fma(c1_0, va, Vector512.Load(c) * vb), c);
            c += ldc;
            Vector512.Store(GemmSimd.Fma(c2_0, va, Vector512.Load(c) * vb), c);
            c += ldc;
            Vector512.Store(GemmSimd.Fma(c3_0, va, Vector512.Load(c) * vb), c);
            c += ldc;
            Vector512.Store(GemmSimd.Fma(c4_0, va, Vector512.Load(c) * vb), c);
            c += ldc;
            Vector512.Store(GemmSimd.Fma(c5_0, va, Vector512.Load(c) * vb), c);
            c += ldc;
            Vector512.Store(GemmSimd.Fma(c6_0, va, Vector512.Load(c) * vb), c);
            c += ldc;
            Vector512.Store(GemmSimd.Fma(c7_0, va, Vector512.Load(c) * vb), c);
            c += ldc;
            Vector512.Store(GemmSimd.Fma(c8_0, va, Vector512.Load(c) * vb), c);
            c += ldc;
            Vector512.Store(GemmSimd.Fma(c9_0, va, Vector512.Load(c) * vb), c);
            c += ldc;
            Vector512.Store(GemmSimd.Fma(c10_0, va, Vector512.Load(c) * vb), c);
            c += ldc;
            Vector512.Store(GemmSimd.Fma(c11_0, va, Vector512.Load(c) * vb), c);
            c += ldc;
            Vector512.Store(GemmSimd.Fma(c12_0, va, Vector512.Load(c) * vb), c);
            c += ldc;
            Vector512.Store(GemmSimd.Fma(c13_0, va, Vector512.Load(c) * vb), c);
            c += ldc;
            Vector512.Store(GemmSimd.Fma(c14_0, va, Vector512.Load(c) * vb), c);
            c += ldc;
            Vector512.Store(GemmSimd.Fma(c15_0, va, Vector512.Load(c) * vb), c);
        }
    }
}

/// <summary>6×2 Vector256 micro-kernel: 6 rows of A times 2 vectors of B per k step (12 accumulators).</summary>
/// <remarks>For AVX2+FMA without AVX-512: 12 accumulators, 2 B vectors and a broadcast fit the 16 ymm registers.</remarks>
internal readonly unsafe struct Gemm256x6x2<T> : IGemmMicroKernel<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public static int MR => 6;

    public static int NR => 2 * Vector256<T>.Count;

    public static bool Avx512Packing => false;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(nint kc, T* a, T* b, T* c, nint ldc, T alpha, T beta)
    {
        var c0_0 = Vector256<T>.Zero;
        var c0_1 = Vector256<T>.Zero;
        var c1_0 = Vector256<T>.Zero;
        var c1_1 = Vector256<T>.Zero;
        var c2_0 = Vector256<T>.Zero;
        var c2_1 = Vector256<T>.Zero;
        var c3_0 = Vector256<T>.Zero;
        var c3_1 = Vector256<T>.Zero;
        var c4_0 = Vector256<T>.Zero;
        var c4_1 = Vector256<T>.Zero;
        var c5_0 = Vector256<T>.Zero;
        var c5_1 = Vector256<T>.Zero;
        for (; kc > 0; kc--)
        {
            var b0 = Vector256.LoadAligned(b);
            var b1 = Vector256.LoadAligned(b + Vector256<T>.Count);
            var a0 = Vector256.Create(a[0]);
            c0_0 = GemmSimd.Fma(a0, b0, c0_0);
            c0_1 = GemmSimd.Fma(a0, b1, c0_1);
            var a1 = Vector256.Create(a[1]);
            c1_0 = GemmSimd.Fma(a1, b0, c1_0);
            c1_1 = GemmSimd.Fma(a1, b1, c1_1);
            var a2 = Vector256.Create(a[2]);
            c2_0 = GemmSimd.Fma(a2, b0, c2_0);
            c2_1 = GemmSimd.Fma(a2, b1, c2_1);
            var a3 = Vector256.Create(a[3]);
            c3_0 = GemmSimd.Fma(a3, b0, c3_0);
            c3_1 = GemmSimd.Fma(a3, b1, c3_1);
            var a4 = Vector256.Create(a[4]);
            c4_0 = GemmSimd.Fma(a4, b0, c4_0);
            c4_1 = GemmSimd.Fma(a4, b1, c4_1);
            var a5 = Vector256.Create(a[5]);
            c5_0 = GemmSimd.Fma(a5, b0, c5_0);
            c5_1 = GemmSimd.Fma(a5, b1, c5_1);
            a += 6;
            b += 2 * Vector256<T>.Count;
        }

        var va = Vector256.Create(alpha);
        if (beta == T.Zero)
        {
            Vector256.Store(c0_0 * va, c);
            Vector256.Store(c0_1 * va, c + Vector256<T>.Count);
            c += ldc;
            Vector256.Store(c1_0 * va, c);
            Vector256.Store(c1_1 * va, c + Vector256<T>.Count);
            c += ldc;
            Vector256.Store(c2_0 * va, c);
            Vector256.Store(c2_1 * va, c + Vector256<T>.Count);
            c += ldc;
            Vector256.Store(c3_0 * va, c);
            Vector256.Store(c3_1 * va, c + Vector256<T>.Count);
            c += ldc;
            Vector256.Store(c4_0 * va, c);
            Vector256.Store(c4_1 * va, c + Vector256<T>.Count);
            c += ldc;
            Vector256.Store(c5_0 * va, c);
            Vector256.Store(c5_1 * va, c + Vector256<T>.Count);
        }
        else
        {
            var vb = Vector256.Create(beta);
            Vector256.Store(GemmSimd.Fma(c0_0, va, Vector256.Load(c) * vb), c);
            Vector256.Store(GemmSimd.Fma(c0_1, va, Vector256.Load(c + Vector256<T>.Count) * vb), c + Vector256<T>.Count);
            c += ldc;
            Vector256.Store(GemmSimd.Fma(c1_0, va, Vector256.Load(c) * vb), c);
            Vector256.Store(GemmSimd.Fma(c1_1, va, Vector256.Load(c + Vector256<T>.Count) * vb), c + Vector256<T>.Count);
            c += ldc;
            Vector256.Store(GemmSimd.Fma(c2_0, va, Vector256.Load(c) * vb), c);
            Vector256.Store(GemmSimd.Fma(c2_1, va, Vector256.Load(c + Vector256<T>.Count) * vb), c + Vector256<T>.Count);
            c += ldc;
            Vector256.Store(GemmSimd.Fma(c3_0, va, Vector256.Load(c) * vb), c);
            Vector256.Store(GemmSimd.Fma(c3_1, va, Vector256.Load(c + Vector256<T>.Count) * vb), c + Vector256<T>.Count);
            c += ldc;
            Vector256.Store(GemmSimd.Fma(c4_0, va, Vector256.Load(c) * vb), c);
            Vector256.Store(GemmSimd.Fma(c4_1, va, Vector256.Load(c + Vector256<T>.Count) * vb), c + Vector256<T>.Count);
            c += ldc;
            Vector256.Store(GemmSimd.Fma(c5_0, va, Vector256.Load(c) * vb), c);
            Vector256.Store(GemmSimd.Fma(c5_1, va, Vector256.Load(c + Vector256<T>.Count) * vb), c + Vector256<T>.Count);
        }
    }
}

/// <summary>4×2 Vector micro-kernel: 4 rows of A times 2 vectors of B per k step (8 accumulators).</summary>
/// <remarks>For any other hardware (Arm NEON, SSE): small enough for 16 registers of any width.</remarks>
internal readonly unsafe struct GemmPortable4x2<T> : IGemmMicroKernel<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public static int MR => 4;

    public static int NR => 2 * Vector<T>.Count;

    public static bool Avx512Packing => false;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(nint kc, T* a, T* b, T* c, nint ldc, T alpha, T beta)
    {
        var c0_0 = Vector<T>.Zero;
        var c0_1 = Vector<T>.Zero;
        var c1_0 = Vector<T>.Zero;
        var c1_1 = Vector<T>.Zero;
        var c2_0 = Vector<T>.Zero;
        var c2_1 = Vector<T>.Zero;
        var c3_0 = Vector<T>.Zero;
        var c3_1 = Vector<T>.Zero;
        for (; kc > 0; kc--)
        {
            var b0 = Vector.Load(b);
            var b1 = Vector.Load(b + Vector<T>.Count);
            var a0 = new Vector<T>(a[0]);
            c0_0 = GemmSimd.Fma(a0, b0, c0_0);
            c0_1 = GemmSimd.Fma(a0, b1, c0_1);
            var a1 = new Vector<T>(a[1]);
            c1_0 = GemmSimd.Fma(a1, b0, c1_0);
            c1_1 = GemmSimd.Fma(a1, b1, c1_1);
            var a2 = new Vector<T>(a[2]);
            c2_0 = GemmSimd.Fma(a2, b0, c2_0);
            c2_1 = GemmSimd.Fma(a2, b1, c2_1);
            var a3 = new Vector<T>(a[3]);
            c3_0 = GemmSimd.Fma(a3, b0, c3_0);
            c3_1 = GemmSimd.Fma(a3, b1, c3_1);
            a += 4;
            b += 2 * Vector<T>.Count;
        }

        var va = new Vector<T>(alpha);
        if (beta == T.Zero)
        {
            Vector.Store(c0_0 * va, c);
            Vector.Store(c0_1 * va, c + Vector<T>.Count);
            c += ldc;
            Vector.Store(c1_0 * va, c);
            Vector.Store(c1_1 * va, c + Vector<T>.Count);
            c += ldc;
            Vector.Store(c2_0 * va, c);
            Vector.Store(c2_1 * va, c + Vector<T>.Count);
            c += ldc;
            Vector.Store(c3_0 * va, c);
            Vector.Store(c3_1 * va, c + Vector<T>.Count);
        }
        else
        {
            var vb = new Vector<T>(beta);
            Vector.Store(GemmSimd.Fma(c0_0, va, Vector.Load(c) * vb), c);
            Vector.Store(GemmSimd.Fma(c0_1, va, Vector.Load(c + Vector<T>.Count) * vb), c + Vector<T>.Count);
            c += ldc;
            Vector.Store(GemmSimd.Fma(c1_0, va, Vector.Load(c) * vb), c);
            Vector.Store(GemmSimd.Fma(c1_1, va, Vector.Load(c + Vector<T>.Count) * vb), c + Vector<T>.Count);
            c += ldc;
            Vector.Store(GemmSimd.Fma(c2_0, va, Vector.Load(c) * vb), c);
            Vector.Store(GemmSimd.Fma(c2_1, va, Vector.Load(c + Vector<T>.Count) * vb), c + Vector<T>.Count);
            c += ldc;
            Vector.Store(GemmSimd.Fma(c3_0, va, Vector.Load(c) * vb), c);
            Vector.Store(GemmSimd.Fma(c3_1, va, Vector.Load(c + Vector<T>.Count) * vb), c + Vector<T>.Count);
        }
    }
}
