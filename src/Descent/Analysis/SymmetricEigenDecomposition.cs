namespace Descent.Analysis;

/// <summary>The eigenvalues and unit eigenvectors of a symmetric matrix, A = Σᵢ λᵢ·vᵢvᵢᵀ.</summary>
/// <param name="Values">The eigenvalues, ascending.</param>
/// <param name="Vectors">One unit eigenvector per eigenvalue (<c>Vectors[i]</c> belongs to <c>Values[i]</c>), signed so that its
/// largest-magnitude component is positive (the first such component on ties).</param>
public sealed record SymmetricEigenDecomposition(double[] Values, double[][] Vectors);
