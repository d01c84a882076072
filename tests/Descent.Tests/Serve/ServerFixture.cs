using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Descent.Cli.Serve;

namespace Descent.Tests.Serve;

/// <summary>
/// One in-process <see cref="PlaygroundServer"/> on an ephemeral port, shared by a test class (<c>IClassFixture&lt;ServerFixture&gt;</c>),
/// with an <see cref="HttpClient"/> pointed at it and JSON helpers.
/// </summary>
public sealed class ServerFixture : IAsyncLifetime
{
    private PlaygroundServer? _server;
    private HttpClient? _client;

    /// <summary>The running server.</summary>
    public PlaygroundServer Server => _server ?? throw new InvalidOperationException("the server has not started");

    /// <summary>A client whose base address is the server's URL.</summary>
    public HttpClient Client => _client ?? throw new InvalidOperationException("the server has not started");

    /// <inheritdoc/>
    public async Task InitializeAsync()
    {
        _server = await PlaygroundServer.StartAsync(port: 0);
        _client = new HttpClient { BaseAddress = _server.Url, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <inheritdoc/>
    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_server != null)
        {
            await _server.DisposeAsync();
        }
    }

    /// <summary>GETs <paramref name="path"/> and parses the JSON answer (any status).</summary>
    public async Task<(int Status, string ContentType, JsonElement Body)> GetJsonAsync(string path)
    {
        using var response = await Client.GetAsync(new Uri(path, UriKind.Relative));
        return await ReadAsync(response);
    }

    /// <summary>POSTs <paramref name="body"/> (an object serialised as JSON, or a raw JSON string) and parses the JSON answer.</summary>
    public async Task<(int Status, string ContentType, JsonElement Body)> PostJsonAsync(string path, object body)
    {
        using var content = body is string raw
            ? new StringContent(raw, Encoding.UTF8, "application/json")
            : (HttpContent)JsonContent.Create(body, options: PlaygroundServer.JsonOptions);
        using var response = await Client.PostAsync(new Uri(path, UriKind.Relative), content);
        return await ReadAsync(response);
    }

    private static async Task<(int, string, JsonElement)> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        var type = response.Content.Headers.ContentType?.MediaType ?? "";
        using var doc = JsonDocument.Parse(text.Length == 0 ? "null" : text);
        return ((int)response.StatusCode, type, doc.RootElement.Clone());
    }
}
