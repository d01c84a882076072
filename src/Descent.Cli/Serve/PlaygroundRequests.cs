namespace Descent.Cli.Serve;

/// <summary>Body of <c>POST /api/contour</c>: a function sampled on a grid over <c>[xmin, xmax, ymin, ymax]</c>.</summary>
/// <param name="Function">A named test function or an expression in x and y.</param>
/// <param name="Bounds">The view <c>[xmin, xmax, ymin, ymax]</c>; default: the function's plot range, else [-3, 3]².</param>
/// <param name="Grid">Samples per axis (default <see cref="PlaygroundLimits.DefaultGrid"/>).</param>
public sealed record ContourRequest(string Function, double[]? Bounds = null, int? Grid = null);

/// <summary>Body of <c>POST /api/paths</c> and <c>POST /api/export</c>: every optimizer run from one start.</summary>
/// <param name="Function">A named test function or an expression in x and y.</param>
/// <param name="Start">The start <c>[x, y]</c>; default: the function's own.</param>
/// <param name="Optimizers">Optimizer specs such as <c>gd:lr=0.1</c>.</param>
/// <param name="Steps">Steps per optimizer.</param>
/// <param name="Schedule">A learning-rate schedule spec every optimizer runs under, or null.</param>
/// <param name="Dtype"><c>float64</c> (default) or <c>float32</c>.</param>
/// <param name="Tolerance">The loss gap counted as arrived (export only; default 1e-6).</param>
public sealed record PathsRequest(string Function, string[] Optimizers, int Steps = 100, double[]? Start = null, string? Schedule = null, string? Dtype = null, double? Tolerance = null);

/// <summary>Body of <c>POST /api/point</c>: the local picture at one point.</summary>
/// <param name="Function">A named test function or an expression in x and y.</param>
/// <param name="Point">The point <c>[x, y]</c>.</param>
/// <param name="Tolerance">Below this, a gradient norm or eigenvalue counts as zero (default 1e-6).</param>
public sealed record PointRequest(string Function, double[] Point, double? Tolerance = null);

/// <summary>Body of <c>POST /api/schedule</c>: a schedule's learning rate per step.</summary>
/// <param name="Schedule">A schedule spec such as <c>cosine:t_max=100</c>.</param>
/// <param name="Lr">The base learning rate.</param>
/// <param name="Steps">Scheduler steps; the answer has <c>steps + 1</c> values.</param>
public sealed record ScheduleRequest(string Schedule, double Lr, int Steps);
