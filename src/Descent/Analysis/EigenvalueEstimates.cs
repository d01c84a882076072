namespace Descent.Analysis;

/// <summary>Extreme eigenvalues of a symmetric operator estimated by Lanczos (<see cref="HessianSpectrum.TopEigenvalues"/>).</summary>
/// <param name="Values">The estimates, most extreme first: largest first for the top of the spectrum, smallest first for the bottom.</param>
/// <param name="Vectors">The unit Ritz vectors, one per value, largest-magnitude component positive.</param>
/// <param name="Residuals">‖A·y − θ·y‖ for each pair, a rigorous bound on the distance from θ to the nearest true eigenvalue.</param>
/// <param name="Steps">Lanczos steps taken (= operator applications).</param>
/// <param name="Converged">Whether every residual met the tolerance (or the Krylov space became invariant, making them exact).</param>
public sealed record EigenvalueEstimates(double[] Values, double[][] Vectors, double[] Residuals, int Steps, bool Converged);
