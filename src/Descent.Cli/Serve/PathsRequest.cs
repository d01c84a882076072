namespace Descent.Cli.Serve;

/// <summary>Body of <c>POST /api/paths</c> and <c>POST /api/export</c>: every optimizer run from one start.</summary>
/// <param name="Function">A named test function or an expression in x and y.</param>
/// <param name="Start">The start <c>[x, y]</c>; default: the function's own.</param>
/// <param name="Optimizers">Optimizer specs such as <c>gd:lr=0.1</c>.</param>
/// <param name="Steps">Steps per optimizer.</param>
/// <param name="Schedule">A learning-rate schedule spec every optimizer runs under, or null.</param>
/// <param name="Dtype"><c>float64</c> (default) or <c>float32</c>.</param>
/// <param name="Tolerance">The loss gap counted as arrived (export only; default 1e-6).</param>
public sealed record PathsRequest(string Function, string[] Optimizers, int Steps = 100, double[]? Start = null, string? Schedule = null, string? Dtype = null, double? Tolerance = null);
