using Descent.Functions;
using Descent.Optim;
using Descent.Schedules;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Descent.Cli.Serve;

/// <summary>The playground's API: functions, contours, optimizer paths, point analysis, schedules and the compare report.</summary>
public static class PlaygroundEndpoints
{
    /// <summary>Maps the playground endpoints (under <c>/api/</c>) onto <paramref name="app"/>.</summary>
    public static void Map(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/api/functions", () => Results.Json(TestFunctions.Names.Select(DescribeFunction), PlaygroundServer.JsonOptions));
        app.MapGet("/api/optimizers", () => Results.Json(OptimizerRegistry.All.Select(DescribeOptimizer), PlaygroundServer.JsonOptions));
        app.MapGet("/api/schedules", () => Results.Json(ScheduleRegistry.All.Select(DescribeSchedule), PlaygroundServer.JsonOptions));
    }

    private static object DescribeFunction(string name)
    {
        var f = TestFunctions.Get(name, TestFunctions.Get(name).AnyDimension ? 2 : null);
        return new
        {
            name = f.Name,
            formula = f.Formula,
            description = f.Description,
            dimension = f.Dimension,
            start = f.DefaultStart,
            minima = f.KnownMinima,
            minimumValue = f.MinimumValue,
            range = f.PlotRange is { } r ? new[] { r.XMin, r.XMax, r.YMin, r.YMax } : null,
        };
    }

    private static object DescribeOptimizer(OptimizerInfo info) => new
    {
        name = info.Name,
        summary = info.Summary,
        formula = info.Formula,
        source = info.Source,
        lecture = info.Source.Contains("lecture", StringComparison.OrdinalIgnoreCase),
        requiresClosure = info.RequiresClosure,
        hyperparameters = info.Hyperparameters.Select(h => new
        {
            name = h.Name,
            kind = h.Kind.ToString().ToLowerInvariant(),
            @default = h.DefaultText,
            description = h.Description,
            choices = h.Choices.Count > 0 ? h.Choices : null,
        }),
    };

    private static object DescribeSchedule(ScheduleDefinition d) => new
    {
        name = d.Name,
        summary = d.Summary,
        formula = d.Formula,
        reference = d.Reference,
        example = d.Example,
        metricDriven = d.IsMetricDriven,
        keys = d.Keys.Select(k => new { name = k.Name, @default = k.Default, description = k.Description, required = k.Required }),
    };
}
