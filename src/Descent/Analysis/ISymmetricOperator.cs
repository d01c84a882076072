namespace Descent.Analysis;

/// <summary>
/// A symmetric linear map v ↦ A·v on ℝⁿ that is known only through its products: a Hessian at a point (one Hessian-vector
/// product per call, the matrix never formed) or a dense matrix. Lanczos, Hutchinson's trace estimator and stochastic Lanczos
/// quadrature need nothing else.
/// </summary>
public interface ISymmetricOperator
{
    /// <summary>n, the length of the vectors the operator maps.</summary>
    int Dimension { get; }

    /// <summary>Writes A·<paramref name="vector"/> into <paramref name="result"/> (both of length <see cref="Dimension"/>).</summary>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    void Apply(ReadOnlySpan<double> vector, Span<double> result);
}
