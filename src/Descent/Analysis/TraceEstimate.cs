namespace Descent.Analysis;

/// <summary>Hutchinson's estimate of tr(A) (<see cref="HessianSpectrum.Trace"/>).</summary>
/// <param name="Mean">The estimate, the mean of zᵀAz over the samples.</param>
/// <param name="StandardError">The sample standard deviation over √samples (0 for a single sample): the estimate is within about
/// two standard errors of the trace 95% of the time.</param>
/// <param name="Samples">Each zᵀAz, in order.</param>
public sealed record TraceEstimate(double Mean, double StandardError, double[] Samples);
