namespace Descent.Analysis;

/// <summary>
/// An estimate of the eigenvalue density φ(t) = (1/n)·Σᵢ δ(t − λᵢ) of a symmetric operator by stochastic Lanczos quadrature,
/// broadened by a Gaussian: φ_σ(t) = (1/runs)·Σ_runs Σ_j w_j·N(t; θ_j, σ²), where θ_j are the Ritz values of a run (the
/// quadrature nodes) and w_j the squared first components of T's eigenvectors (the weights, which sum to 1).
/// </summary>
/// <param name="Grid">Where the density is evaluated (ascending, evenly spaced).</param>
/// <param name="Density">φ_σ at each grid point.</param>
/// <param name="Variance">σ², the Gaussian broadening.</param>
/// <param name="Nodes">The Ritz values of each run.</param>
/// <param name="Weights">The quadrature weights of each run (each run's sum to 1).</param>
public sealed record SpectralDensity(double[] Grid, double[] Density, double Variance, double[][] Nodes, double[][] Weights)
{
    /// <summary>∫φ_σ over the grid by the trapezoidal rule: close to 1 when the grid covers the broadened nodes.</summary>
    public double Integral()
    {
        double s = 0;
        for (int i = 1; i < Grid.Length; i++)
        {
            s += 0.5 * (Density[i] + Density[i - 1]) * (Grid[i] - Grid[i - 1]);
        }

        return s;
    }

    /// <summary>φ_σ(<paramref name="t"/>), evaluated exactly from the nodes and weights.</summary>
    public double At(double t) => HessianSpectrum.Broaden(Nodes, Weights, Variance, t);
}
