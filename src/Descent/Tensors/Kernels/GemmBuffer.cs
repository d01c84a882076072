using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Descent.Kernels;

/// <summary>
/// A per-thread, 64-byte-aligned scratch area for packed GEMM operands. It only grows, so steady-state calls never allocate.
/// </summary>
/// <remarks>
/// The memory is a pinned-object-heap array: it never moves, and the GC frees it when its thread dies, so no finalizer or
/// native allocation is needed. Each thread has two: <see cref="Private"/> for the operand a thread packs for itself and
/// <see cref="Shared"/> for the operand the calling thread's team packs cooperatively and all parts read.
/// </remarks>
internal sealed unsafe class GemmBuffer
{
    private const int Alignment = 64;

    [ThreadStatic]
    private static GemmBuffer? _private;

    [ThreadStatic]
    private static GemmBuffer? _shared;

    private byte[]? _array;
    private byte* _aligned;
    private long _capacity;

    /// <summary>This thread's buffer for operands it packs and reads alone.</summary>
    public static GemmBuffer Private => _private ??= new GemmBuffer();

    /// <summary>This thread's buffer for an operand packed by the whole team on its behalf.</summary>
    public static GemmBuffer Shared => _shared ??= new GemmBuffer();

    /// <summary>An aligned pointer to at least <paramref name="count"/> elements (contents unspecified).</summary>
    public T* Get<T>(long count)
        where T : unmanaged
    {
        long bytes = count * sizeof(T);
        if (bytes > _capacity)
        {
            // Round up so that slightly larger later requests do not reallocate.
            long capacity = Math.Max(bytes, _capacity + (_capacity / 2));
            capacity = (capacity + 0xFFFF) & ~0xFFFFL;
            if (capacity + Alignment > Array.MaxLength)
            {
                throw new InvalidOperationException($"GEMM packing buffer of {capacity} bytes is too large");
            }

            _array = GC.AllocateUninitializedArray<byte>((int)(capacity + Alignment), pinned: true);
            var start = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_array));
            _aligned = (byte*)((start + (Alignment - 1)) & ~(nint)(Alignment - 1));
            _capacity = capacity;
        }

        return (T*)_aligned;
    }
}
