using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Descent.Demo;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Hosting;

namespace Descent.Cli.Serve;

/// <summary>
/// The training tab's API: a live race of two to four optimizers on one model and data set, streamed as server-sent events.
/// <list type="bullet">
/// <item><c>GET /api/train/options</c>: data set presets, suggested models and optimizers, defaults and limits.</item>
/// <item><c>POST /api/train</c>: checks the request (400 problem detail for anything out of bounds; 429 when
/// <see cref="TrainingRuns.DefaultMaxActive"/> runs exist), loads the data, builds the models; 201 with the run's id and URLs.</item>
/// <item><c>GET /api/train/{id}/events</c>: trains while the stream is open: <c>start</c> (what is trained), one <c>epoch</c> per
/// optimizer and epoch, <c>diverged</c>, and a final <c>done</c> (or <c>error</c>). Closing the stream stops the run.</item>
/// <item><c>POST /api/train/{id}/stop</c>: stops the run before its next update; its stream ends with <c>done</c> (reason <c>stopped</c>).</item>
/// </list>
/// </summary>
/// <remarks>A run trains on its own thread (the tensor library's no-grad scope is per thread), handing events to the request
/// through a channel; a run is forgotten as soon as it ends.</remarks>
public static class TrainingEndpoints
{
    /// <summary>Maps the training endpoints (under <c>/api/train</c>) onto <paramref name="app"/>.</summary>
    public static void Map(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var runs = new TrainingRuns();
        app.Lifetime.ApplicationStopping.Register(runs.Dispose);
        app.MapGet("/api/train/options", () => Results.Json(TrainingCatalog.Get(), PlaygroundServer.JsonOptions));
        app.MapPost("/api/train", (HttpContext context, CancellationToken aborted) => StartAsync(context, runs, aborted));
        app.MapGet("/api/train/{id}/events", (HttpContext context, string id) => StreamAsync(context, runs, id));
        app.MapPost("/api/train/{id}/stop", (HttpContext context, string id) => Stop(runs, id));
    }

    private static async Task<IResult> StartAsync(HttpContext context, TrainingRuns runs, CancellationToken aborted)
    {
        var request = await JsonBody.ReadAsync<TrainingRequest>(context).ConfigureAwait(false);
        var settings = request.ToSettings();
        TrainingRun run;
        try
        {
            run = await runs.CreateAsync(settings, aborted).ConfigureAwait(false);
        }
        catch (TooManyRunsException e)
        {
            return Results.Problem(detail: e.Message, statusCode: StatusCodes.Status429TooManyRequests, title: "Too many training runs");
        }

        var events = $"/api/train/{run.Id}/events";
        return Results.Json(
            new TrainingStarted(run.Id, events, $"/api/train/{run.Id}/stop", run.Race.Info),
            PlaygroundServer.JsonOptions,
            statusCode: StatusCodes.Status201Created);
    }

    private static IResult Stop(TrainingRuns runs, string id)
    {
        var run = runs.Find(id);
        if (run == null)
        {
            return NoSuchRun(id);
        }

        if (run.TryDrop())
        {
            runs.Remove(run);
        }
        else
        {
            run.Stop();
        }

        return Results.Json(new TrainingStopping(run.Id, true), PlaygroundServer.JsonOptions, statusCode: StatusCodes.Status202Accepted);
    }

    private static async Task StreamAsync(HttpContext context, TrainingRuns runs, string id)
    {
        var run = runs.Find(id);
        if (run == null)
        {
            await NoSuchRun(id).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        if (!run.TryClaim())
        {
            await Problems.Write(context, StatusCodes.Status409Conflict, "Already streaming",
                $"training run {id} is streamed already (a run has one event stream) or was stopped before it started").ConfigureAwait(false);
            return;
        }

        var response = context.Response;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        var channel = Channel.CreateUnbounded<LiveRaceEvent>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        Task worker;
        using (context.RequestAborted.Register(run.Stop))
        {
            worker = Task.Factory.StartNew(() => Produce(run, channel.Writer), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            try
            {
                await WriteEventAsync(response, "start", 0, run.Race.Info).ConfigureAwait(false);
                int sequence = 1;
                await foreach (var e in channel.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
                {
                    await WriteEventAsync(response, EventName(e.Kind), sequence++, e).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (!context.RequestAborted.IsCancellationRequested && e is not OperationCanceledException)
            {
                // The race itself failed (a bug, or memory): the page shows the problem like any other.
                var problem = new TrainingProblem("Training failed", StatusCodes.Status500InternalServerError,
                    $"training failed: {e.GetType().Name}: {Problems.OneLine(e.Message)}");
                await WriteEventAsync(response, "error", -1, problem).ConfigureAwait(false);
            }
            catch (Exception) when (context.RequestAborted.IsCancellationRequested)
            {
                // The page went away; the registration above has stopped the race.
            }
            finally
            {
                run.Stop();
                await worker.ConfigureAwait(false);
                runs.Remove(run);
            }
        }
    }

    /// <summary>Runs the race on the worker thread and hands every event to the stream.</summary>
    private static void Produce(TrainingRun run, ChannelWriter<LiveRaceEvent> writer)
    {
        try
        {
            foreach (var e in run.Race.Events(run.StopToken))
            {
                writer.TryWrite(e);
            }

            writer.TryComplete();
        }
#pragma warning disable CA1031 // Whatever ends the race is passed on to the stream, which reports it; the thread must not die with it.
        catch (Exception e)
#pragma warning restore CA1031
        {
            writer.TryComplete(e);
        }
    }

    private static async Task WriteEventAsync<T>(HttpResponse response, string name, int id, T data)
    {
        var json = JsonSerializer.Serialize(data, PlaygroundServer.JsonOptions);
        var text = new StringBuilder()
            .Append("event: ").Append(name).Append('\n')
            .Append(id >= 0 ? "id: " + id.ToString(CultureInfo.InvariantCulture) + "\n" : "")
            .Append("data: ").Append(json).Append("\n\n")
            .ToString();
        await response.WriteAsync(text, Encoding.UTF8).ConfigureAwait(false);
        await response.Body.FlushAsync().ConfigureAwait(false);
    }

    private static string EventName(LiveRaceEventKind kind) => kind switch
    {
        LiveRaceEventKind.Epoch => "epoch",
        LiveRaceEventKind.Diverged => "diverged",
        _ => "done",
    };

    private static IResult NoSuchRun(string id) => Results.Problem(
        detail: $"no training run {id}: it never existed, or it has ended (runs are forgotten when they end)",
        statusCode: StatusCodes.Status404NotFound,
        title: "Not found");
}

/// <summary>The answer of <c>POST /api/train</c>.</summary>
/// <param name="Id">The run's id.</param>
/// <param name="Events">The URL of its event stream (open it to start training).</param>
/// <param name="Stop">The URL that stops it.</param>
/// <param name="Info">What it trains.</param>
public sealed record TrainingStarted(string Id, string Events, string Stop, LiveRaceInfo Info);

/// <summary>The answer of <c>POST /api/train/{id}/stop</c>.</summary>
/// <param name="Id">The run's id.</param>
/// <param name="Stopping">Always true: the run stops before its next update.</param>
public sealed record TrainingStopping(string Id, bool Stopping);

/// <summary>A problem detail sent as an <c>error</c> event when a run fails after its stream has started.</summary>
/// <param name="Title">A short title.</param>
/// <param name="Status">The HTTP status it would have had.</param>
/// <param name="Detail">One line saying what failed.</param>
public sealed record TrainingProblem(string Title, int Status, string Detail);
