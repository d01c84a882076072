using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Descent.Analysis;

/// <summary>
/// A dense n × n matrix as an <see cref="ISymmetricOperator"/>: for small problems, for tests that compare the matrix-free
/// methods against an explicit matrix, and for quadratic forms ½xᵀAx.
/// </summary>
/// <remarks>The matrix is stored as given; products use it as written, so a non-symmetric matrix gives A·v, not its symmetric part.</remarks>
public sealed class DenseSymmetricOperator : ISymmetricOperator
{
    private readonly double[] _rows;

    /// <summary>Wraps a copy of <paramref name="matrix"/>.</summary>
    /// <exception cref="ArgumentException">The matrix is not square, is empty, or has a non-finite entry.</exception>
    public DenseSymmetricOperator(double[,] matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        int n = matrix.GetLength(0);
        if (n == 0 || matrix.GetLength(1) != n)
        {
            throw new ArgumentException($"Expected a non-empty square matrix, got {matrix.GetLength(0)} × {matrix.GetLength(1)}", nameof(matrix));
        }

        _rows = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double v = matrix[i, j];
                if (!double.IsFinite(v))
                {
                    throw new ArgumentException($"The matrix has a non-finite entry {v} at [{i}, {j}]", nameof(matrix));
                }

                _rows[(i * n) + j] = v;
            }
        }

        Dimension = n;
    }

    /// <inheritdoc/>
    public int Dimension { get; }

    /// <inheritdoc/>
    public void Apply(ReadOnlySpan<double> vector, Span<double> result)
    {
        OperatorChecks.CheckLengths(Dimension, vector, result);
        int n = Dimension;
        for (int i = 0; i < n; i++)
        {
            result[i] = TP.Dot(_rows.AsSpan(i * n, n), vector);
        }
    }
}
