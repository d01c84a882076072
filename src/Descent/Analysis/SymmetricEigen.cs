using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;

namespace Descent.Analysis;

/// <summary>
/// Eigen-decomposition of symmetric matrices (Hessians, Lanczos tridiagonals) with MathNet.Numerics' symmetric solver
/// (Householder tridiagonalisation and implicit QL), returned in a canonical form: eigenvalues ascending, eigenvectors of unit
/// length with a deterministic sign.
/// </summary>
/// <remarks>
/// An eigenvector is only defined up to sign; the convention here (largest-magnitude component positive) makes results
/// reproducible and comparable between runs and machines. Eigenvectors of a repeated eigenvalue span its eigenspace but are
/// otherwise arbitrary, as in every dense solver.
/// </remarks>
public static class SymmetricEigen
{
    /// <summary>The largest relative asymmetry max|A − Aᵀ| / max|A| accepted (rounding in a Hessian is far below it).</summary>
    public const double SymmetryTolerance = 1e-4;

    /// <summary>Decomposes the symmetric part ½(A + Aᵀ) of <paramref name="matrix"/>.</summary>
    /// <exception cref="ArgumentException">The matrix is empty, not square, has a non-finite entry, or is clearly not symmetric
    /// (relative asymmetry above <see cref="SymmetryTolerance"/>).</exception>
    public static SymmetricEigenDecomposition Decompose(double[,] matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        int n = matrix.GetLength(0);
        if (n == 0 || matrix.GetLength(1) != n)
        {
            throw new ArgumentException($"Expected a non-empty square matrix, got {matrix.GetLength(0)} × {matrix.GetLength(1)}", nameof(matrix));
        }

        double scale = 0, asymmetry = 0;
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double v = matrix[i, j];
                if (!double.IsFinite(v))
                {
                    throw new ArgumentException($"The matrix has a non-finite entry {v} at [{i}, {j}]", nameof(matrix));
                }

                scale = Math.Max(scale, Math.Abs(v));
                asymmetry = Math.Max(asymmetry, Math.Abs(v - matrix[j, i]));
            }
        }

        if (asymmetry > SymmetryTolerance * scale)
        {
            throw new ArgumentException(
                $"The matrix is not symmetric: max|A − Aᵀ| = {asymmetry:G4} against max|A| = {scale:G4}; a Hessian or covariance is symmetric",
                nameof(matrix));
        }

        if (n == 2)
        {
            return TwoByTwo(matrix[0, 0], 0.5 * (matrix[0, 1] + matrix[1, 0]), matrix[1, 1]);
        }

        var m = Matrix<double>.Build.Dense(n, n, (i, j) => 0.5 * (matrix[i, j] + matrix[j, i]));
        return Canonical(m);
    }

    /// <summary>
    /// Decomposes the symmetric tridiagonal matrix with <paramref name="diagonal"/> α and <paramref name="offDiagonal"/> β
    /// (β has one entry fewer): the Lanczos matrix T.
    /// </summary>
    /// <exception cref="ArgumentException">The lengths do not fit or an entry is not finite.</exception>
    public static SymmetricEigenDecomposition DecomposeTridiagonal(ReadOnlySpan<double> diagonal, ReadOnlySpan<double> offDiagonal)
    {
        int n = diagonal.Length;
        if (n == 0 || offDiagonal.Length != n - 1)
        {
            throw new ArgumentException($"A tridiagonal matrix of order {n} needs {Math.Max(0, n - 1)} off-diagonal entries, got {offDiagonal.Length}", nameof(offDiagonal));
        }

        OperatorChecks.CheckFinite(diagonal, "The diagonal", nameof(diagonal));
        OperatorChecks.CheckFinite(offDiagonal, "The off-diagonal", nameof(offDiagonal));
        var m = Matrix<double>.Build.Dense(n, n);
        for (int i = 0; i < n; i++)
        {
            m[i, i] = diagonal[i];
            if (i + 1 < n)
            {
                m[i, i + 1] = offDiagonal[i];
                m[i + 1, i] = offDiagonal[i];
            }
        }

        return Canonical(m);
    }

    /// <summary>Flips <paramref name="vector"/> in place so that its largest-magnitude component is positive.</summary>
    public static void CanonicalSign(Span<double> vector)
    {
        int best = 0;
        for (int i = 1; i < vector.Length; i++)
        {
            // Ties (|a| equal up to rounding) go to the first index, so (1, 1)/√2 and (1, −1)/√2 keep a positive first entry.
            if (Math.Abs(vector[i]) > Math.Abs(vector[best]) * (1 + 1e-9) + 1e-300)
            {
                best = i;
            }
        }

        if (vector.Length > 0 && vector[best] < 0)
        {
            VectorMath.Scale(vector, -1);
        }

        for (int i = 0; i < vector.Length; i++)
        {
            // −0 + 0 = +0: no "-0" in printed eigenvectors.
            vector[i] += 0.0;
        }
    }

    /// <summary>
    /// The 2 × 2 case in closed form, the common case of the lectures' functions, where it is exact more often than an
    /// iterative solver: λ = m ± r with m = (a + d)/2 and r = √(((a − d)/2)² + b²), the smaller-magnitude root taken as
    /// det/λ_big to avoid cancellation (as in the stable quadratic formula).
    /// </summary>
    private static SymmetricEigenDecomposition TwoByTwo(double a, double b, double d)
    {
        double m = 0.5 * (a + d);
        double h = 0.5 * (a - d);
        double r = Math.Sqrt((h * h) + (b * b));
        double lo, hi;
        if (m == 0)
        {
            (lo, hi) = (-r, r);
        }
        else
        {
            double big = m > 0 ? m + r : m - r;
            double small = big == 0 ? 0 : ((a * d) - (b * b)) / big;
            (lo, hi) = big > small ? (small, big) : (big, small);
        }

        // An eigenvector of the larger eigenvalue from the better-conditioned row of A − λI; the other is its rotation by 90°.
        double[] v;
        if (b == 0)
        {
            v = a > d ? [1.0, 0.0] : [0.0, 1.0];
        }
        else
        {
            double[] fromRow0 = [b, hi - a];
            double[] fromRow1 = [hi - d, b];
            v = Math.Abs(fromRow0[1]) + Math.Abs(fromRow0[0]) >= Math.Abs(fromRow1[0]) + Math.Abs(fromRow1[1]) ? fromRow0 : fromRow1;
            double norm = Math.Sqrt((v[0] * v[0]) + (v[1] * v[1]));
            v = [v[0] / norm, v[1] / norm];
        }

        double[] u = [-v[1], v[0]];
        CanonicalSign(u);
        CanonicalSign(v);
        return new SymmetricEigenDecomposition([lo, hi], [u, v]);
    }

    private static SymmetricEigenDecomposition Canonical(Matrix<double> m)
    {
        int n = m.RowCount;
        var evd = m.Evd(Symmetricity.Symmetric);
        var order = Enumerable.Range(0, n).OrderBy(i => evd.EigenValues[i].Real).ToArray();
        var values = new double[n];
        var vectors = new double[n][];
        for (int k = 0; k < n; k++)
        {
            int i = order[k];
            values[k] = evd.EigenValues[i].Real;
            var v = evd.EigenVectors.Column(i).ToArray();
            double norm = VectorMath.Norm(v);
            if (norm > 0)
            {
                VectorMath.Scale(v, 1 / norm);
            }

            CanonicalSign(v);
            vectors[k] = v;
        }

        return new SymmetricEigenDecomposition(values, vectors);
    }
}
