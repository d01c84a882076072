using System.Net;

namespace Descent.Tests.Serve;

public sealed class ServerBasicsTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public void StartAsync_PortZero_BindsLoopbackOnAnEphemeralPort()
    {
        Assert.Equal("127.0.0.1", fixture.Server.Url.Host);
        Assert.NotEqual(0, fixture.Server.Url.Port);
    }

    [Fact]
    public async Task Root_ServesThePageFromTheAssembly()
    {
        using var response = await fixture.Client.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<script type=\"module\" src=\"playground.js\">", html, StringComparison.Ordinal);
        Assert.Contains("id=\"training-root\"", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("style.css", "text/css")]
    [InlineData("playground.js", "text/javascript")]
    [InlineData("training.js", "text/javascript")]
    [InlineData("tabs.js", "text/javascript")]
    public async Task StaticFile_Embedded_ServedWithItsType(string file, string type)
    {
        using var response = await fixture.Client.GetAsync(new Uri(file, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task UnknownPath_Returns404ProblemDetail()
    {
        var (status, type, body) = await fixture.GetJsonAsync("/api/nothing-here");
        Assert.Equal(404, status);
        Assert.Equal("application/problem+json", type);
        Assert.Equal("no such resource GET /api/nothing-here", body.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Dispose_StopsListening()
    {
        var server = await Descent.Cli.Serve.PlaygroundServer.StartAsync(port: 0);
        var url = server.Url;
        await server.DisposeAsync();
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(url));
    }

    [Fact]
    public async Task ForeignHostHeader_Refused403()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(fixture.Server.Url, "api/functions"));
        request.Headers.Host = "attacker.example";
        using var response = await fixture.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("127.0.0.1")]
    public async Task LoopbackHostHeader_Served(string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(fixture.Server.Url, "api/functions"));
        request.Headers.Host = $"{host}:{fixture.Server.Url.Port}";
        using var response = await fixture.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task PostWithoutJsonContentType_Returns415()
    {
        using var content = new StringContent("{\"function\":\"booth\"}", System.Text.Encoding.UTF8, "text/plain");
        using var response = await fixture.Client.PostAsync(new Uri("/api/contour", UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("expected Content-Type application/json, got text/plain", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
