namespace Descent.Kernels;

/// <summary>
/// A register-blocked GEMM micro-kernel: multiplies one packed MR×kc strip of A by one packed kc×NR strip of B and writes the
/// MR×NR tile <c>C = alpha·acc + beta·C</c> (C is not read when beta is 0, as in BLAS).
/// </summary>
/// <remarks>
/// Packed layouts: A strip is <c>a[k·MR + i]</c>, B strip is <c>b[k·NR + j]</c>, B 64-byte aligned. The kernel is a static
/// abstract member of a struct so that <see cref="GemmDriver{T, TKernel}"/> is specialised for it and calls it directly.
/// </remarks>
internal unsafe interface IGemmMicroKernel<T>
    where T : unmanaged
{
    /// <summary>Rows of the tile.</summary>
    static abstract int MR { get; }

    /// <summary>Columns of the tile (a multiple of the vector width).</summary>
    static abstract int NR { get; }

    /// <summary>Whether operands for this kernel are packed with AVX-512 transposes (its MR and NR are multiples of a quarter vector).</summary>
    static abstract bool Avx512Packing { get; }

    /// <summary>Computes one tile over <paramref name="kc"/> steps of k.</summary>
    static abstract void Run(nint kc, T* a, T* b, T* c, nint ldc, T alpha, T beta);
}
