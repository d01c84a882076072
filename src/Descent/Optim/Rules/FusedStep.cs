using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Descent.Kernels;

namespace Descent.Optim.Rules;

/// <summary>
/// Runs an <see cref="IElementRule{T}"/> over a parameter, its gradient and up to three state buffers in one pass: a
/// <see cref="Vector{T}"/> body, the same vector code on a zero-padded copy of the tail, and a static split over
/// <see cref="Parallelism"/> for large tensors.
/// </summary>
/// <remarks>
/// Because the tail goes through the same vector code, every element is computed by identical instructions whatever its position
/// and whatever the thread count: results are deterministic and independent of how the work is split. Padding lanes may compute
/// garbage (0/0) that is never stored.
/// </remarks>
internal static class FusedStep<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>Elements per thread below which a step stays on the calling thread (memory-bound work, as elementwise ops).</summary>
    public const int Grain = Elementwise.Grain;

    public static void Run<R>(R rule, Tensor p, Tensor g, Tensor? s0 = null, Tensor? s1 = null, Tensor? s2 = null)
        where R : struct, IElementRule<T>
    {
        var args = new Operands(p, g, s0, s1, s2);
        int n = p.Numel;
        if (n < 2 * Grain || Parallelism.Threads == 1)
        {
            RunRange(ref rule, in args, 0, n);
            return;
        }

        RunParallel(rule, args, n);
    }

    // Separate so that the closure is allocated only for tensors large enough to split (small steps allocate nothing).
    private static void RunParallel<R>(R rule, Operands args, int n)
        where R : struct, IElementRule<T> =>
        Parallelism.For(n, Grain, (start, end) =>
        {
            var r = rule;
            RunRange(ref r, in args, start, end);
        });

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunRange<R>(ref R rule, in Operands a, int start, int end)
        where R : struct, IElementRule<T>
    {
        int w = Vector<T>.Count;
        ref T p = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(a.P), a.PO);
        ref T g = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(a.G), a.GO);
        ref T s0 = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(a.S0 ?? a.P), a.O0);
        ref T s1 = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(a.S1 ?? a.P), a.O1);
        ref T s2 = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(a.S2 ?? a.P), a.O2);
        bool h0 = a.S0 != null, h1 = a.S1 != null, h2 = a.S2 != null;
        Lanes<T> x = default;
        int i = start;
        for (; i <= end - w; i += w)
        {
            nuint k = (nuint)i;
            x.P = Vector.LoadUnsafe(ref p, k);
            x.G = Vector.LoadUnsafe(ref g, k);
            if (h0)
            {
                x.S0 = Vector.LoadUnsafe(ref s0, k);
            }

            if (h1)
            {
                x.S1 = Vector.LoadUnsafe(ref s1, k);
            }

            if (h2)
            {
                x.S2 = Vector.LoadUnsafe(ref s2, k);
            }

            rule.Apply(ref x);
            x.P.StoreUnsafe(ref p, k);
            if (h0)
            {
                x.S0.StoreUnsafe(ref s0, k);
            }

            if (h1)
            {
                x.S1.StoreUnsafe(ref s1, k);
            }

            if (h2)
            {
                x.S2.StoreUnsafe(ref s2, k);
            }
        }

        int rest = end - i;
        if (rest > 0)
        {
            Span<T> buf = stackalloc T[5 * w];
            buf.Clear();
            var bp = buf[..w];
            var bg = buf.Slice(w, w);
            var b0 = buf.Slice(2 * w, w);
            var b1 = buf.Slice(3 * w, w);
            var b2 = buf.Slice(4 * w, w);
            MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref p, i), rest).CopyTo(bp);
            MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref g, i), rest).CopyTo(bg);
            if (h0)
            {
                MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref s0, i), rest).CopyTo(b0);
            }

            if (h1)
            {
                MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref s1, i), rest).CopyTo(b1);
            }

            if (h2)
            {
                MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref s2, i), rest).CopyTo(b2);
            }

            x.P = new Vector<T>(bp);
            x.G = new Vector<T>(bg);
            x.S0 = new Vector<T>(b0);
            x.S1 = new Vector<T>(b1);
            x.S2 = new Vector<T>(b2);
            rule.Apply(ref x);
            x.P.CopyTo(bp);
            x.S0.CopyTo(b0);
            x.S1.CopyTo(b1);
            x.S2.CopyTo(b2);
            bp[..rest].CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref p, i), rest));
            if (h0)
            {
                b0[..rest].CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref s0, i), rest));
            }

            if (h1)
            {
                b1[..rest].CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref s1, i), rest));
            }

            if (h2)
            {
                b2[..rest].CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref s2, i), rest));
            }
        }
    }

    /// <summary>The arrays and offsets of the operands (spans cannot be captured by the parallel body).</summary>
    private readonly struct Operands
    {
        public readonly T[] P;
        public readonly T[] G;
        public readonly T[]? S0;
        public readonly T[]? S1;
        public readonly T[]? S2;
        public readonly int PO;
        public readonly int GO;
        public readonly int O0;
        public readonly int O1;
        public readonly int O2;

        public Operands(Tensor p, Tensor g, Tensor? s0, Tensor? s1, Tensor? s2)
        {
            P = p.Array<T>();
            PO = p.Offset;
            G = g.Array<T>();
            GO = g.Offset;
            (S0, O0) = Of(s0);
            (S1, O1) = Of(s1);
            (S2, O2) = Of(s2);
        }

        private static (T[]?, int) Of(Tensor? t) => t == null ? (null, 0) : (t.Array<T>(), t.Offset);
    }
}
