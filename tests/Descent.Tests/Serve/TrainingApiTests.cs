using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Descent.Cli.Serve;

namespace Descent.Tests.Serve;

public sealed class TrainingApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private static object SmallRace(int epochs = 3, int pace = 0) => new
    {
        data = "moons:n=200,noise=0.2",
        model = "mlp:2-8-2",
        optimizers = new[] { "sgd:lr=0.1", "adam:lr=0.01" },
        epochs,
        batchSize = 32,
        paceMilliseconds = pace,
    };

    [Fact]
    public async Task Options_ListsPresetsOptimizersDefaultsAndLimits()
    {
        var (status, type, body) = await fixture.GetJsonAsync("/api/train/options");
        Assert.Equal(200, status);
        Assert.Equal("application/json", type);
        var moons = body.GetProperty("dataSets").EnumerateArray().First(d => d.GetProperty("name").GetString() == "moons");
        Assert.Equal(2, moons.GetProperty("features").GetInt32());
        Assert.Contains("mlp:2-32-32-2", moons.GetProperty("models").EnumerateArray().Select(m => m.GetString()));
        Assert.Contains(body.GetProperty("optimizers").EnumerateArray(), o => o.GetProperty("name").GetString() == "adam");
        Assert.Equal(4, body.GetProperty("limits").GetProperty("maxOptimizers").GetInt32());
        Assert.Equal(120, body.GetProperty("limits").GetProperty("maxSeconds").GetDouble());
        Assert.Equal(3, body.GetProperty("defaults").GetProperty("optimizers").GetArrayLength());
    }

    [Fact]
    public async Task Start_ValidRequest_Returns201WithIdUrlsAndInfo()
    {
        var (status, body) = await PostRaceAsync(SmallRace());
        var id = body.GetProperty("id").GetString()!;
        try
        {
            Assert.Equal(201, status);
            Assert.Matches("^[0-9a-f]{16}$", id);
            Assert.Equal($"/api/train/{id}/events", body.GetProperty("events").GetString());
            var info = body.GetProperty("info");
            Assert.Equal(42, info.GetProperty("parameterCount").GetInt64());
            Assert.Equal(160, info.GetProperty("trainCount").GetInt32());
            Assert.True(info.GetProperty("classification").GetBoolean());
        }
        finally
        {
            await StopAsync(id);
        }
    }

    [Fact]
    public async Task Events_SmallRace_StreamsStartEveryEpochAndDone()
    {
        var id = await StartAsync(SmallRace());
        using var response = await fixture.Client.GetAsync(new Uri($"/api/train/{id}/events", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = await ReadEventsAsync(response, _ => false);

        Assert.Equal("start", events[0].Name);
        Assert.Equal("mlp:2-8-2", events[0].Data.GetProperty("modelSpec").GetString());
        var epochs = events.Where(e => e.Name == "epoch").ToList();
        Assert.Equal(2 * 4, epochs.Count);
        Assert.Equal([0, 1, 0, 1, 0, 1, 0, 1], epochs.Select(e => e.Data.GetProperty("run").GetInt32()));
        Assert.True(epochs[^1].Data.GetProperty("trainLoss").GetDouble() < epochs[0].Data.GetProperty("trainLoss").GetDouble());
        Assert.Equal("done", events[^1].Name);
        Assert.Equal("completed", events[^1].Data.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Events_AfterTheRaceEnded_Returns404()
    {
        var id = await StartAsync(SmallRace(epochs: 1));
        using (var response = await fixture.Client.GetAsync(new Uri($"/api/train/{id}/events", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var (status, type, body) = await fixture.GetJsonAsync($"/api/train/{id}/events");
        Assert.Equal(404, status);
        Assert.Equal("application/problem+json", type);
        Assert.Contains(id, body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stop_WhileStreaming_StreamEndsWithStopped()
    {
        var id = await StartAsync(SmallRace(epochs: 500, pace: 20));
        using var response = await fixture.Client.GetAsync(new Uri($"/api/train/{id}/events", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        bool stopped = false;
        var events = await ReadEventsAsync(response, e =>
        {
            if (!stopped && e.Name == "epoch" && e.Data.GetProperty("epoch").GetInt32() == 2)
            {
                stopped = true;
                var (status, _, _) = fixture.PostJsonAsync($"/api/train/{id}/stop", "{}").GetAwaiter().GetResult();
                Assert.Equal(202, status);
            }

            return false;
        });

        Assert.True(stopped);
        Assert.Equal("done", events[^1].Name);
        Assert.Equal("stopped", events[^1].Data.GetProperty("reason").GetString());
        // Unstopped, the race would send 1000 epoch events; on a loaded machine a few dozen may already be queued when the stop
        // request is answered, so the bound is loose but still fails if the stop is ignored.
        Assert.True(events.Count(e => e.Name == "epoch") < 200, $"{events.Count} events");
    }

    [Fact]
    public async Task Events_SecondStreamOfTheSameRun_Returns409()
    {
        var id = await StartAsync(SmallRace(epochs: 500, pace: 20));
        using var first = await fixture.Client.GetAsync(new Uri($"/api/train/{id}/events", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        try
        {
            var (status, type, _) = await fixture.GetJsonAsync($"/api/train/{id}/events");
            Assert.Equal(409, status);
            Assert.Equal("application/problem+json", type);
        }
        finally
        {
            await StopAsync(id);
        }
    }

    [Fact]
    public async Task Events_ClientDisconnects_RunIsStoppedAndForgotten()
    {
        var id = await StartAsync(SmallRace(epochs: 500, pace: 20));

        // A client of its own that closes the connection at once instead of draining the response for reuse.
        using var handler = new SocketsHttpHandler { ResponseDrainTimeout = TimeSpan.Zero, MaxResponseDrainSize = 0 };
        using var client = new HttpClient(handler) { BaseAddress = fixture.Server.Url };
        var response = await client.GetAsync(new Uri($"/api/train/{id}/events", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        var stream = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[256];
        Assert.True(await stream.ReadAsync(buffer) > 0);
        response.Dispose();

        // While the run exists its stream is taken (409); once the server noticed the disconnect it is gone (404).
        var deadline = DateTime.UtcNow.AddSeconds(5);
        int status;
        do
        {
            await Task.Delay(50);
            (status, _, _) = await fixture.GetJsonAsync($"/api/train/{id}/events");
        }
        while (status == 409 && DateTime.UtcNow < deadline);
        Assert.Equal(404, status);
    }

    [Fact]
    public async Task Start_MoreThanTheConcurrentLimit_Returns429UntilOneIsStopped()
    {
        var ids = new List<string>();
        try
        {
            for (int i = 0; i < TrainingRuns.DefaultMaxActive; i++)
            {
                ids.Add(await StartAsync(SmallRace()));
            }

            var (status, type, body) = await fixture.PostJsonAsync("/api/train", SmallRace());
            Assert.Equal(429, status);
            Assert.Equal("application/problem+json", type);
            Assert.Contains("training runs are going already", body.GetProperty("detail").GetString(), StringComparison.Ordinal);

            // A mistake is reported as such even when the server is full.
            var (badStatus, _, bad) = await fixture.PostJsonAsync("/api/train", """{"data":"moons","model":"mlp:2-8-2","optimizers":["sgd","adma"]}""");
            Assert.Equal(400, badStatus);
            Assert.Contains("did you mean \"adam\"", bad.GetProperty("detail").GetString(), StringComparison.Ordinal);

            await StopAsync(ids[0]);
            ids.RemoveAt(0);
            ids.Add(await StartAsync(SmallRace()));
        }
        finally
        {
            foreach (var id in ids)
            {
                await StopAsync(id);
            }
        }
    }

    [Fact]
    public async Task Stop_UnknownRun_Returns404()
    {
        var (status, type, _) = await fixture.PostJsonAsync("/api/train/0123456789abcdef/stop", "{}");
        Assert.Equal(404, status);
        Assert.Equal("application/problem+json", type);
    }

    [Theory]
    [InlineData("""{"data":"moons","model":"mlp:2-8-2","optimizers":["sgd","adam","rmsprop","adagrad","nadam"]}""", "2 to 4 optimizers, got 5")]
    [InlineData("""{"data":"moons","model":"mlp:2-8-2","optimizers":["sgd"]}""", "got 1")]
    [InlineData("""{"data":"moons","model":"mlp:2-8-2","optimizers":["sgd","adam"],"epochs":100000}""", "epochs must be in 1..500, got 100000")]
    [InlineData("""{"data":"moons","model":"mlp:2-8-2","optimizers":["sgd","adam"],"timeLimitSeconds":3600}""", "at most 120 seconds, got 3600")]
    [InlineData("""{"data":"moons:n=1000000","model":"mlp:2-8-2","optimizers":["sgd","adam"]}""", "n=1000000")]
    [InlineData("""{"data":"csv:/etc/passwd","model":"linear","optimizers":["sgd","adam"]}""", "not available in a live race")]
    [InlineData("""{"data":"moons","model":"mlp:2-4096-4096-2","optimizers":["sgd","adam"]}""", "parameters")]
    [InlineData("""{"data":"moons","model":"mlp:2-8-2","optimizers":["sgd","adma:lr=0.1"]}""", "did you mean \"adam\"")]
    [InlineData("""{"model":"mlp:2-8-2","optimizers":["sgd","adam"]}""", "data is required")]
    [InlineData("""{"data":"moons","model":"mlp:2-8-2","optimizers":["sgd","adam"],"learningRate":1}""", "unknown property")]
    [InlineData("""{"data":"moons","model":"mlp:2-8-2","optimizers":["sgd","adam"],"epochs":"many"}""", "wrong type of value")]
    [InlineData("""not json""", "request body")]
    public async Task Start_BadRequest_Returns400ProblemNamingTheMistake(string json, string expected)
    {
        var (status, type, body) = await fixture.PostJsonAsync("/api/train", json);
        Assert.Equal(400, status);
        Assert.Equal("application/problem+json", type);
        Assert.Contains(expected, body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Catalog_EverySyntheticPresetAndSuggestedModel_StartsARace()
    {
        var catalog = TrainingCatalog.Get();
        foreach (var set in catalog.DataSets.Where(d => d.Features < 100))
        {
            foreach (var model in set.Models)
            {
                var race = Descent.Demo.LiveTrainingRace.Create(new Descent.Demo.LiveRaceSettings
                {
                    Data = set.Spec,
                    Model = model,
                    Optimizers = catalog.SuggestedOptimizers.Take(4).ToArray(),
                });
                Assert.Equal(model, race.Info.ModelSpec);
            }
        }

        foreach (var spec in catalog.SuggestedOptimizers)
        {
            Descent.Optim.OptimizerRegistry.Create(spec, [TestUtil.RandomLeaf(1, 2)]);
        }
    }

    private async Task<string> StartAsync(object request)
    {
        var (status, body) = await PostRaceAsync(request);
        Assert.True(status == 201, $"POST /api/train: {status} {body}");
        return body.GetProperty("id").GetString()!;
    }

    /// <summary>POSTs a race, waiting while the runs of earlier tests are still winding down (their streams end asynchronously).</summary>
    private async Task<(int Status, JsonElement Body)> PostRaceAsync(object request)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        int status;
        JsonElement body;
        while (true)
        {
            (status, _, body) = await fixture.PostJsonAsync("/api/train", request);
            if (status != 429 || DateTime.UtcNow > deadline)
            {
                break;
            }

            await Task.Delay(50);
        }

        return (status, body);
    }

    private async Task StopAsync(string id)
    {
        var (status, _, _) = await fixture.PostJsonAsync($"/api/train/{id}/stop", "{}");
        Assert.True(status is 202 or 404, $"stop: {status}");
    }

    /// <summary>Reads server-sent events until the stream ends (or <paramref name="enough"/> says so), parsing each data line as JSON.</summary>
    private static async Task<List<(string Name, JsonElement Data)>> ReadEventsAsync(HttpResponseMessage response, Func<(string Name, JsonElement Data), bool> enough)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancel.Token), Encoding.UTF8);
        var events = new List<(string, JsonElement)>();
        string name = "message";
        var data = new StringBuilder();
        while (await reader.ReadLineAsync(cancel.Token) is { } line)
        {
            if (line.Length == 0)
            {
                if (data.Length > 0)
                {
                    using var doc = JsonDocument.Parse(data.ToString());
                    var e = (name, doc.RootElement.Clone());
                    events.Add(e);
                    if (enough(e))
                    {
                        break;
                    }
                }

                (name, data) = ("message", new StringBuilder());
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data.Append(line["data: ".Length..]);
            }
        }

        return events;
    }
}
