namespace Descent.Cli.Serve;

/// <summary>Body of <c>POST /api/contour</c>: a function sampled on a grid over <c>[xmin, xmax, ymin, ymax]</c>.</summary>
/// <param name="Function">A named test function or an expression in x and y.</param>
/// <param name="Bounds">The view <c>[xmin, xmax, ymin, ymax]</c>; default: the function's plot range, else [-3, 3]².</param>
/// <param name="Grid">Samples per axis (default <see cref="PlaygroundLimits.DefaultGrid"/>).</param>
public sealed record ContourRequest(string Function, double[]? Bounds = null, int? Grid = null);
