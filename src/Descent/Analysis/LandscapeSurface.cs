namespace Descent.Analysis;

/// <summary>A 2-D loss slice f(θ + α·d₁ + β·d₂) on a grid (<see cref="LossLandscape"/>).</summary>
/// <param name="Alpha">The coordinates along d₁ (columns).</param>
/// <param name="Beta">The coordinates along d₂ (rows).</param>
/// <param name="Loss"><c>Loss[j, i]</c> = f at (Alpha[i], Beta[j]): row 0 is the smallest β, so the array can be handed to a
/// contour plot as it is.</param>
/// <param name="Accuracy">For a classification <see cref="ModelLoss"/>, the accuracy on the same grid; otherwise null.</param>
public sealed record LandscapeSurface(double[] Alpha, double[] Beta, double[,] Loss, double[,]? Accuracy)
{
    /// <summary>The smallest loss on the grid and where it is.</summary>
    public (double Loss, double Alpha, double Beta) Minimum()
    {
        var best = (double.PositiveInfinity, double.NaN, double.NaN);
        for (int j = 0; j < Beta.Length; j++)
        {
            for (int i = 0; i < Alpha.Length; i++)
            {
                if (Loss[j, i] < best.Item1)
                {
                    best = (Loss[j, i], Alpha[i], Beta[j]);
                }
            }
        }

        return best;
    }
}
