namespace Descent.Analysis;

/// <summary>A 1-D loss profile f(θ₀ + α·(θ₁ − θ₀)) (<see cref="LossLandscape.Interpolate"/>).</summary>
/// <param name="Alpha">The interpolation coefficients: 0 is θ₀, 1 is θ₁.</param>
/// <param name="Loss">f at each α.</param>
/// <param name="Accuracy">For a classification <see cref="ModelLoss"/>, the accuracy at each α; otherwise null.</param>
public sealed record LandscapeLine(double[] Alpha, double[] Loss, double[]? Accuracy);
