using Descent.Functions;
using Descent.Optim;
using Descent.Schedules;

namespace Descent.Analysis;

/// <summary>One row of an optimizer's path: the state after <see cref="Step"/> optimizer steps.</summary>
/// <param name="Step">Steps taken (0 = the start).</param>
/// <param name="LearningRate">The learning rate the next step will use.</param>
/// <param name="Loss">f at <see cref="Point"/>.</param>
/// <param name="Point">The coordinates.</param>
public sealed record TrajectoryPoint(int Step, double LearningRate, double Loss, double[] Point);

/// <summary>The path an optimizer takes on a function, and why it ended.</summary>
/// <param name="Points">Rows 0..n.</param>
/// <param name="DType">The dtype the optimization ran in.</param>
/// <param name="StoppedEarly">Why the run ended before the requested steps (a non-finite value), or null.</param>
public sealed record TrajectoryResult(IReadOnlyList<TrajectoryPoint> Points, DType DType, string? StoppedEarly);

/// <summary>
/// Runs any optimizer (and optionally a schedule) on an <see cref="IObjective"/> and records every step — the computation behind
/// <c>descent optimize</c>, optimizer races and the lecture demos. Each step evaluates the loss and its gradient at the current
/// point by autograd, takes one optimizer step (through a closure, so LBFGS and the look-ahead Nesterov work), then one scheduler step.
/// </summary>
public static class Trajectories
{
    /// <summary>Runs <paramref name="steps"/> optimizer steps from <paramref name="start"/>.</summary>
    /// <param name="objective">The function to minimise.</param>
    /// <param name="start">The start point (<see cref="IObjective.Dimension"/> coordinates).</param>
    /// <param name="optimizerSpec">An optimizer spec such as <c>adam:lr=0.1</c>.</param>
    /// <param name="scheduleSpec">A schedule spec (one scheduler step per optimizer step; <c>plateau</c> is fed the loss), or null.</param>
    /// <param name="steps">Optimizer steps to take.</param>
    /// <param name="dtype">Float64 (default) or Float32.</param>
    /// <exception cref="ArgumentException">A spec is invalid or the start point has the wrong length.</exception>
    public static TrajectoryResult Record(IObjective objective, IReadOnlyList<double> start, string optimizerSpec, string? scheduleSpec, int steps, DType dtype = DType.Float64)
    {
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentNullException.ThrowIfNull(start);
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        if (start.Count != objective.Dimension)
        {
            throw new ArgumentException($"start point has {start.Count} coordinates but {objective.Name} takes {objective.Dimension}", nameof(start));
        }

        var x = Tensor.FromArray(start.ToArray(), new Shape(start.Count), dtype).RequireGrad();
        x.Name = "x";
        var optimizer = OptimizerRegistry.Create(optimizerSpec, [x]);
        IScheduler? scheduler = null;
        if (!string.IsNullOrWhiteSpace(scheduleSpec))
        {
            var spec = ScheduleSpec.Parse(scheduleSpec);
            scheduler = spec.Name == "plateau"
                ? new ReduceLrOnPlateau(optimizer, ScheduleRegistry.CreatePlateauOptions(spec))
                : new StepScheduler(optimizer, ScheduleRegistry.Create(spec));
        }

        var points = new List<TrajectoryPoint>(steps + 1) { Row(0, optimizer, objective, x) };
        string? stopped = null;
        for (int k = 1; k <= steps; k++)
        {
            double loss = optimizer.Step(() =>
            {
                optimizer.ZeroGrad();
                var l = objective.Evaluate(x);
                l.Backward();
                return l;
            });
            if (scheduler != null)
            {
                if (scheduler.NeedsMetric)
                {
                    scheduler.Step(loss);
                }
                else
                {
                    scheduler.Step();
                }
            }

            var row = Row(k, optimizer, objective, x);
            points.Add(row);
            if (!double.IsFinite(row.Loss) || row.Point.Any(v => !double.IsFinite(v)))
            {
                stopped = $"diverged at step {k} (loss {row.Loss}); try a smaller learning rate";
                break;
            }
        }

        return new TrajectoryResult(points, dtype, stopped);
    }

    private static TrajectoryPoint Row(int step, Optimizer optimizer, IObjective objective, Tensor x)
    {
        double loss;
        using (Autograd.NoGrad())
        {
            loss = objective.Evaluate(x).Item();
        }

        return new TrajectoryPoint(step, optimizer.GetHyperparameter(0, "lr"), loss, x.ToArray());
    }
}
