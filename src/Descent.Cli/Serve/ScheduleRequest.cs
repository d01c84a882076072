namespace Descent.Cli.Serve;

/// <summary>Body of <c>POST /api/schedule</c>: a schedule's learning rate per step.</summary>
/// <param name="Schedule">A schedule spec such as <c>cosine:t_max=100</c>.</param>
/// <param name="Lr">The base learning rate.</param>
/// <param name="Steps">Scheduler steps; the answer has <c>steps + 1</c> values.</param>
public sealed record ScheduleRequest(string Schedule, double Lr, int Steps);
