using System.Globalization;
using System.Text;
using Descent.Analysis;
using Descent.Demo;
using Descent.Functions;
using Descent.Optim;
using Descent.Plotting;
using Descent.Schedules;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Descent.Cli.Serve;

/// <summary>
/// The playground's API: functions, contours, optimizer paths, point analysis, schedules and the compare report. Every number
/// comes from the same library calls as the CLI (<see cref="Objectives"/>, <see cref="Trajectories"/>, <see cref="CriticalPoints"/>,
/// <see cref="ScheduleRegistry"/>, <see cref="FunctionRace"/>); the bounds are in <see cref="PlaygroundLimits"/>.
/// </summary>
public static class PlaygroundEndpoints
{
    private static readonly double[] DefaultBounds = [-3, 3, -3, 3];

    // The computing requests running at once: each is CPU-bound, so a burst queues here instead of starving the machine.
    private static readonly SemaphoreSlim Compute = new(PlaygroundLimits.MaxConcurrentRequests, PlaygroundLimits.MaxConcurrentRequests);

    /// <summary>Maps the playground endpoints (under <c>/api/</c>) onto <paramref name="app"/>.</summary>
    public static void Map(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/api/meta", () => Json(Meta()));
        app.MapGet("/api/functions", () => Json(TestFunctions.Names.Where(n => Is2D(n)).Select(DescribeFunction)));
        app.MapGet("/api/optimizers", () => Json(OptimizerRegistry.All.Select(DescribeOptimizer)));
        app.MapGet("/api/schedules", () => Json(ScheduleRegistry.All.Select(DescribeSchedule)));
        Post<ContourRequest>(app, "/api/contour", r => Json(Contour(r)));
        Post<PathsRequest>(app, "/api/paths", r => Json(Paths(r)));
        Post<PointRequest>(app, "/api/point", r => Json(Point(r)));
        Post<ScheduleRequest>(app, "/api/schedule", r => Json(ScheduleCurve(r)));
        Post<PathsRequest>(app, "/api/export", r => Results.Text(Export(r), "text/html", Encoding.UTF8), "attachment; filename=\"compare.html\"");
    }

    // A lambda taking HttpContext and returning Task<IResult> binds to the RequestDelegate overload, which drops the result:
    // each POST handler therefore writes its result explicitly.
    private static void Post<TRequest>(WebApplication app, string pattern, Func<TRequest, IResult> handler, string? contentDisposition = null)
        where TRequest : class
    {
        app.MapPost(pattern, async context =>
        {
            var request = await JsonBody.ReadAsync<TRequest>(context).ConfigureAwait(false);
            if (!await Compute.WaitAsync(PlaygroundLimits.QueueTimeout, context.RequestAborted).ConfigureAwait(false))
            {
                await Problems.Write(context, StatusCodes.Status503ServiceUnavailable, "Busy",
                    $"the server is busy with {PlaygroundLimits.MaxConcurrentRequests} other computations; try again in a moment").ConfigureAwait(false);
                return;
            }

            IResult result;
            try
            {
                result = handler(request);
            }
            finally
            {
                Compute.Release();
            }

            if (contentDisposition != null)
            {
                context.Response.Headers.ContentDisposition = contentDisposition;
            }

            await result.ExecuteAsync(context).ConfigureAwait(false);
        });
    }

    /// <summary>Resolves a function for the playground: a named 2-D test function (any-dimension ones at 2) or an expression in x and y.</summary>
    /// <exception cref="RequestFieldException">Empty, too long, unknown, not 2-D, or an expression that does not parse (with its column).</exception>
    public static IObjective ResolveFunction(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new RequestFieldException("function", "expected a test function name such as rosenbrock, or an expression in x and y such as \"(1 - x)^2 + 100*(y - x^2)^2\"");
        }

        if (text.Length > PlaygroundLimits.MaxExpressionLength)
        {
            throw new RequestFieldException("function", $"the expression has {text.Length} characters; at most {PlaygroundLimits.MaxExpressionLength} are accepted");
        }

        return RequestFieldException.In("function", () =>
        {
            var name = text.Trim();
            if (TestFunctions.Contains(name))
            {
                var f = TestFunctions.Get(name);
                if (!f.AnyDimension && f.Dimension != 2)
                {
                    throw new ArgumentException($"{f.Name} is a function of {f.Dimension} variable{(f.Dimension == 1 ? "" : "s")}; the playground draws functions of x and y");
                }

                return TestFunctions.Get(name, 2);
            }

            var objective = Objectives.Resolve(text);
            if (objective is Expression e && e.MinimumDimension > 2)
            {
                throw new ArgumentException($"\"{e.Formula}\" uses {e.MinimumDimension} variables; the playground draws functions of x and y only (x0 and x1 are x and y)");
            }

            return objective is Expression ex ? ex.WithDimension(2) : objective;
        });
    }

    private static IResult Json(object value) => Results.Json(value, PlaygroundServer.JsonOptions);

    private static bool Is2D(string name)
    {
        var f = TestFunctions.Get(name);
        return f.AnyDimension || f.Dimension == 2;
    }

    private static object Meta() => new
    {
        palette = Palette.Series.Select(Hex),
        limits = new
        {
            maxExpressionLength = PlaygroundLimits.MaxExpressionLength,
            maxSpecLength = PlaygroundLimits.MaxSpecLength,
            minGrid = PlaygroundLimits.MinGrid,
            maxGrid = PlaygroundLimits.MaxGrid,
            defaultGrid = PlaygroundLimits.DefaultGrid,
            maxOptimizers = PlaygroundLimits.MaxOptimizers,
            maxSteps = PlaygroundLimits.MaxSteps,
            maxScheduleSteps = PlaygroundLimits.MaxScheduleSteps,
            maxCoordinate = PlaygroundLimits.MaxCoordinate,
        },
    };

    private static object DescribeFunction(string name)
    {
        var f = TestFunctions.Get(name, TestFunctions.Get(name).AnyDimension ? 2 : null);
        return new
        {
            name = f.Name,
            formula = f.Formula,
            description = f.Description,
            start = f.DefaultStart,
            minima = f.KnownMinima,
            minimumValue = f.MinimumValue,
            bounds = f.PlotRange is { } r ? new[] { r.XMin, r.XMax, r.YMin, r.YMax } : DefaultBounds,
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
            slider = HyperparameterSliders.For(h),
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
        keys = d.Keys.Select(k => new { name = k.Name, kind = k.Kind.ToString().ToLowerInvariant(), @default = k.Default, description = k.Description, required = k.Required }),
    };

    private static object Contour(ContourRequest request)
    {
        var f = ResolveFunction(request.Function);
        var bounds = request.Bounds ?? (f.PlotRange is { } r ? [r.XMin, r.XMax, r.YMin, r.YMax] : DefaultBounds);
        CheckBounds(bounds);
        int n = request.Grid ?? PlaygroundLimits.DefaultGrid;
        if (n is < PlaygroundLimits.MinGrid or > PlaygroundLimits.MaxGrid)
        {
            throw new RequestFieldException("grid", $"expected {PlaygroundLimits.MinGrid} to {PlaygroundLimits.MaxGrid} samples per axis, got {n}");
        }

        // values[j, i] at x = xmin + i·Δx, y = ymin + j·Δy: row 0 is the bottom edge, as ContourPlot takes it.
        var values = new double[n, n];
        Span<double> p = stackalloc double[2];
        for (int j = 0; j < n; j++)
        {
            p[1] = bounds[2] + ((bounds[3] - bounds[2]) * j / (n - 1));
            for (int i = 0; i < n; i++)
            {
                p[0] = bounds[0] + ((bounds[1] - bounds[0]) * i / (n - 1));
                values[j, i] = f.Value(p);
            }
        }

        // The same automatic levels and band colours as the plotting library's contour plots (and so the exported report).
        var plot = new ContourPlot(values, bounds[0], bounds[1], bounds[2], bounds[3]);
        var levels = plot.ResolvedLevels();
        var rows = new double?[n][];
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        for (int j = 0; j < n; j++)
        {
            rows[j] = new double?[n];
            for (int i = 0; i < n; i++)
            {
                double v = values[j, i];
                rows[j][i] = Finite(v);
                if (double.IsFinite(v))
                {
                    lo = Math.Min(lo, v);
                    hi = Math.Max(hi, v);
                }
            }
        }

        return new
        {
            name = f.Name,
            formula = f.Formula,
            description = f.Description,
            named = f is TestFunction,
            bounds,
            grid = n,
            values = rows,
            min = Finite(lo),
            max = Finite(hi),
            levels,
            bandColors = Enumerable.Range(0, levels.Count + 1).Select(k => Hex(plot.Colormap.Map(levels.Count == 0 ? 0.5 : k / (double)levels.Count))),
            start = f.DefaultStart,
            minima = f.KnownMinima,
            minimumValue = f.MinimumValue,
        };
    }

    private static object Paths(PathsRequest request)
    {
        var (f, start, specs, dtype) = CheckRun(request);
        var paths = specs.Select((spec, i) =>
        {
            var t = RequestFieldException.In($"optimizers[{i}]", () => Trajectories.Record(f, start, spec, request.Schedule, request.Steps, dtype));
            return new
            {
                spec,
                color = Hex(FunctionRace.ColorOf(i)),
                points = t.Points.Select(q => q.Point.Select(Finite).ToArray()),
                loss = t.Points.Select(q => Finite(q.Loss)),
                lr = t.Points.Select(q => Finite(q.LearningRate)),
                stoppedEarly = t.StoppedEarly,
            };
        }).ToList();
        return new { function = f.Formula, start, steps = request.Steps, schedule = request.Schedule, minimumValue = f.MinimumValue, paths };
    }

    private static string Export(PathsRequest request)
    {
        var (f, start, specs, dtype) = CheckRun(request);
        double tolerance = request.Tolerance ?? FunctionRace.DefaultTolerance;
        if (!(tolerance > 0) || !double.IsFinite(tolerance))
        {
            throw new RequestFieldException("tolerance", $"expected a positive number, got {R(tolerance)}");
        }

        var race = FunctionRace.Run(f, start, specs, request.Schedule, request.Steps, dtype, tolerance);
        return FunctionRace.Report(race, CompareCommandLine(request, start, tolerance)).ToHtml();
    }

    /// <summary>The <c>descent compare</c> command that writes the same report, as the report's own footer shows it.</summary>
    public static string CompareCommandLine(PathsRequest request, IReadOnlyList<double> start, double tolerance)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(start);
        return "descent compare --function " + Quote(request.Function.Trim()) + " --start=" + string.Join(',', start.Select(R)) +
            " --optimizers " + Quote(string.Join(';', request.Optimizers)) + (request.Schedule != null ? " --schedule " + Quote(request.Schedule) : "") +
            " --steps " + request.Steps.ToString(CultureInfo.InvariantCulture) +
            (tolerance != FunctionRace.DefaultTolerance ? " --tolerance " + R(tolerance) : "") +
            (request.Dtype == "float32" ? " --dtype float32" : "");
    }

    private static (IObjective Function, double[] Start, string[] Specs, DType DType) CheckRun(PathsRequest request)
    {
        var f = ResolveFunction(request.Function);
        var start = request.Start ?? [.. f.DefaultStart];
        CheckPoint("start", start);
        if (request.Optimizers.Length == 0)
        {
            throw new RequestFieldException("optimizers", "expected at least one optimizer spec such as gd:lr=0.1");
        }

        if (request.Optimizers.Length > PlaygroundLimits.MaxOptimizers)
        {
            throw new RequestFieldException("optimizers", $"{request.Optimizers.Length} optimizers; at most {PlaygroundLimits.MaxOptimizers} run at once");
        }

        if (request.Steps is < 1 or > PlaygroundLimits.MaxSteps)
        {
            throw new RequestFieldException("steps", $"expected 1 to {PlaygroundLimits.MaxSteps} steps, got {request.Steps}");
        }

        var dtype = request.Dtype switch
        {
            null or "float64" => DType.Float64,
            "float32" => DType.Float32,
            _ => throw new RequestFieldException("dtype", $"expected float64 or float32, got \"{request.Dtype}\""),
        };
        for (int i = 0; i < request.Optimizers.Length; i++)
        {
            var spec = request.Optimizers[i] ?? "";
            if (spec.Length > PlaygroundLimits.MaxSpecLength)
            {
                throw new RequestFieldException($"optimizers[{i}]", $"the spec has {spec.Length} characters; at most {PlaygroundLimits.MaxSpecLength} are accepted");
            }

            // Checked on a stand-in parameter before any work, as descent compare does.
            RequestFieldException.In($"optimizers[{i}]", () => OptimizerRegistry.Create(spec, [Tensor.Zeros(new Shape(1), DType.Float64).RequireGrad()]));
        }

        if (request.Schedule != null && CheckSchedule(request.Schedule) is { } schedule && request.Steps > schedule.MaxStep)
        {
            throw new RequestFieldException("schedule",
                $"{request.Schedule} ends after {schedule.MaxStep} steps, before the {request.Steps} steps asked for; lengthen the schedule or take at most {schedule.MaxStep} steps");
        }

        long evaluations = request.Optimizers.Sum(spec => EvaluationsPerStep(spec) * request.Steps);
        if (evaluations > PlaygroundLimits.MaxEvaluations)
        {
            throw new RequestFieldException("optimizers",
                $"this run may evaluate f {evaluations} times (L-BFGS up to max_eval times a step); at most {PlaygroundLimits.MaxEvaluations} are accepted: take fewer steps or lower max_iter/max_eval");
        }

        return (f, start, request.Optimizers, dtype);
    }

    /// <summary>The most times one step of <paramref name="spec"/> evaluates f: 1, or L-BFGS's <c>max_eval</c> (default max_iter·5/4).</summary>
    private static long EvaluationsPerStep(string spec)
    {
        var parsed = OptimizerSpec.Parse(spec);
        var info = OptimizerRegistry.Get(parsed.Name);
        if (!info.RequiresClosure)
        {
            return 1;
        }

        var options = OptimizerRegistry.ResolveOptions(info, parsed);
        long maxIter = options.TryGetValue("max_iter", out var iter) ? iter.AsInteger() : info.Find("max_iter")?.Default.AsInteger() ?? 1;
        long maxEval = options.TryGetValue("max_eval", out var eval) ? eval.AsInteger() : maxIter * 5 / 4;
        return Math.Max(1, maxEval);
    }

    private static Schedule? CheckSchedule(string text)
    {
        if (text.Length > PlaygroundLimits.MaxSpecLength)
        {
            throw new RequestFieldException("schedule", $"the spec has {text.Length} characters; at most {PlaygroundLimits.MaxSpecLength} are accepted");
        }

        return RequestFieldException.In("schedule", () =>
        {
            var spec = ScheduleSpec.Parse(text);
            if (spec.Name == "plateau")
            {
                ScheduleRegistry.CreatePlateauOptions(spec);
                return null;
            }

            return ScheduleRegistry.Create(spec);
        });
    }

    private static object Point(PointRequest request)
    {
        var f = ResolveFunction(request.Function);
        CheckPoint("point", request.Point);
        double tolerance = request.Tolerance ?? CriticalPoints.DefaultTolerance;
        if (!(tolerance > 0) || !double.IsFinite(tolerance))
        {
            throw new RequestFieldException("tolerance", $"expected a positive number, got {R(tolerance)}");
        }

        var a = RequestFieldException.In("point", () => CriticalPoints.Analyze(f, request.Point, tolerance));
        int n = a.Point.Length;
        return new
        {
            point = a.Point,
            value = Finite(a.Value),
            gradient = a.Gradient.Select(Finite),
            gradientNorm = Finite(a.GradientNorm),
            hessian = Enumerable.Range(0, n).Select(i => Enumerable.Range(0, n).Select(j => Finite(a.Hessian[i, j]))),
            eigenvalues = a.Eigenvalues.Select(Finite),
            eigenvectors = a.Eigenvectors.Select(v => v.Select(Finite)),
            kind = a.Kind.ToText(),
            explanation = a.Explanation,
            descentDirection = a.DescentDirection?.Select(Finite),
        };
    }

    private static object ScheduleCurve(ScheduleRequest request)
    {
        var schedule = CheckSchedule(request.Schedule ?? "")
            ?? throw new RequestFieldException("schedule", "plateau follows the validation metric, so its curve is not known in advance; pick a schedule that depends on the step");
        if (!double.IsFinite(request.Lr) || request.Lr < 0)
        {
            throw new RequestFieldException("lr", $"expected a finite number ≥ 0, got {R(request.Lr)}");
        }

        if (request.Steps is < 0 or > PlaygroundLimits.MaxScheduleSteps)
        {
            throw new RequestFieldException("steps", $"expected 0 to {PlaygroundLimits.MaxScheduleSteps} steps, got {request.Steps}");
        }

        if (request.Steps > schedule.MaxStep)
        {
            throw new RequestFieldException("steps",
                $"--steps {request.Steps} goes past the last step of {request.Schedule} ({schedule.MaxStep}); use --steps {schedule.MaxStep} or lengthen the schedule");
        }

        var values = RequestFieldException.In("schedule", () => schedule.Simulate(request.Lr, request.Steps));
        return new { schedule = request.Schedule, lr = request.Lr, steps = request.Steps, values = values.Select(Finite) };
    }

    private static void CheckBounds(double[] b)
    {
        if (b.Length != 4 || b.Any(v => !double.IsFinite(v) || Math.Abs(v) > PlaygroundLimits.MaxCoordinate) || !(b[0] < b[1]) || !(b[2] < b[3]))
        {
            throw new RequestFieldException("bounds",
                $"expected [xmin, xmax, ymin, ymax] with xmin < xmax, ymin < ymax and |values| ≤ {R(PlaygroundLimits.MaxCoordinate)}, got [{string.Join(", ", b.Select(R))}]");
        }
    }

    private static void CheckPoint(string field, double[] p)
    {
        if (p.Length != 2 || p.Any(v => !double.IsFinite(v) || Math.Abs(v) > PlaygroundLimits.MaxCoordinate))
        {
            throw new RequestFieldException(field, $"expected [x, y] with finite |values| ≤ {R(PlaygroundLimits.MaxCoordinate)}, got [{string.Join(", ", p.Select(R))}]");
        }
    }

    private static double? Finite(double v) => double.IsFinite(v) ? v : null;

    private static string R(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static string Hex(Color c) => $"#{c.R:x2}{c.G:x2}{c.B:x2}";

    private static string Quote(string s) =>
        s.Length > 0 && s.All(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' or ':' or ',' or '=' or '/') ? s : "\"" + s.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
