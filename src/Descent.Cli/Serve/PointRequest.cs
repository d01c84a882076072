namespace Descent.Cli.Serve;

/// <summary>Body of <c>POST /api/point</c>: the local picture at one point.</summary>
/// <param name="Function">A named test function or an expression in x and y.</param>
/// <param name="Point">The point <c>[x, y]</c>.</param>
/// <param name="Tolerance">Below this, a gradient norm or eigenvalue counts as zero (default 1e-6).</param>
public sealed record PointRequest(string Function, double[] Point, double? Tolerance = null);
