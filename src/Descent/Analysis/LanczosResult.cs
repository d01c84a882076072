namespace Descent.Analysis;

/// <summary>
/// The outcome of m Lanczos steps on a symmetric operator A from a unit start vector q₁: an orthonormal basis Q = [q₁ … q_m] of
/// the Krylov space and the tridiagonal T = QᵀAQ (diagonal <see cref="Alpha"/>, off-diagonal <see cref="Beta"/>) whose
/// eigenvalues, the Ritz values, approximate A's extreme eigenvalues first.
/// </summary>
/// <param name="Alpha">T's diagonal α₁ … α_m.</param>
/// <param name="Beta">T's off-diagonal β₁ … β_{m−1}.</param>
/// <param name="NextBeta">β_m, the norm of the residual after the last step: ‖A·q_m − α_m·q_m − β_{m−1}·q_{m−1}‖ (after
/// reorthogonalisation). Ritz pair i has residual ‖A·y − θ·y‖ = β_m·|s_{m,i}|.</param>
/// <param name="Basis">The Lanczos vectors q₁ … q_m.</param>
/// <param name="InvariantSubspace">The iteration stopped because the Krylov space became invariant (β ≈ 0): its Ritz values are
/// exact eigenvalues of A.</param>
public sealed record LanczosResult(double[] Alpha, double[] Beta, double NextBeta, double[][] Basis, bool InvariantSubspace)
{
    /// <summary>m, the number of steps taken.</summary>
    public int Steps => Alpha.Length;

    /// <summary>The eigen-decomposition of T: Ritz values ascending, and T's eigenvectors s (not yet mapped back by Q).</summary>
    public SymmetricEigenDecomposition Tridiagonal() => SymmetricEigen.DecomposeTridiagonal(Alpha, Beta);

    /// <summary>The Ritz vector Q·s for an eigenvector <paramref name="s"/> of T.</summary>
    public double[] RitzVector(ReadOnlySpan<double> s)
    {
        if (s.Length != Steps)
        {
            throw new ArgumentException($"An eigenvector of T has {Steps} entries, got {s.Length}", nameof(s));
        }

        var y = new double[Basis[0].Length];
        for (int j = 0; j < Steps; j++)
        {
            VectorMath.Axpy(s[j], Basis[j], y);
        }

        return y;
    }
}
