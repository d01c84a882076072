using System.Net;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Descent.Cli.Serve;

/// <summary>
/// The web server behind <c>descent serve</c>: Kestrel on one address, the embedded page (<c>wwwroot/</c>) and the JSON API.
/// Every failure a request can cause comes back as an RFC 7807 problem detail whose <c>detail</c> is the CLI's one-line message.
/// </summary>
/// <remarks>
/// Endpoints are grouped in static classes with a <c>Map(WebApplication)</c> method (<see cref="PlaygroundEndpoints"/>,
/// <see cref="TrainingEndpoints"/>); <see cref="StartAsync"/> calls each one. Tests start the server in-process on port 0 and read
/// the bound address from <see cref="Url"/>.
/// </remarks>
public sealed class PlaygroundServer : IAsyncDisposable
{
    /// <summary>The default port (<c>descent serve</c> without <c>--port</c>).</summary>
    public const int DefaultPort = 5173;

    /// <summary>The default interface: this machine only.</summary>
    public const string DefaultHost = "127.0.0.1";

    /// <summary>The largest request body accepted, in bytes: every request is a small JSON document.</summary>
    public const long MaxRequestBodyBytes = 64 * 1024;

    /// <summary>The JSON conventions of the API: camelCase names, and NaN/±Infinity written as strings rather than failing.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = CreateJsonOptions();

    private readonly WebApplication _app;

    private PlaygroundServer(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>The address the server listens on, e.g. <c>http://127.0.0.1:5173/</c> (with the real port when started on port 0).</summary>
    public Uri Url { get; }

    /// <summary>Builds the application and starts listening on <paramref name="host"/>:<paramref name="port"/>.</summary>
    /// <param name="port">The TCP port; 0 picks a free one (tests).</param>
    /// <param name="host">An IP address, or <c>localhost</c>.</param>
    /// <param name="cancellationToken">Cancels start-up.</param>
    /// <exception cref="ArgumentException">The host is not an IP address or <c>localhost</c>, or the port is out of range.</exception>
    /// <exception cref="IOException">The address is in use or cannot be bound.</exception>
    public static async Task<PlaygroundServer> StartAsync(int port = DefaultPort, string host = DefaultHost, CancellationToken cancellationToken = default)
    {
        var address = ParseHost(host);
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, IPEndPoint.MaxPort);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(PlaygroundServer).Assembly.GetName().Name });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
            k.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
            k.Listen(address, port);
        });
        builder.Services.ConfigureHttpJsonOptions(o => Configure(o.SerializerOptions));
        var app = builder.Build();
        app.Use(ProblemMiddleware);
        if (IPAddress.IsLoopback(address))
        {
            app.Use(LoopbackHostMiddleware);
        }

        StaticFiles.Map(app);
        PlaygroundEndpoints.Map(app);
        TrainingEndpoints.Map(app);
        app.MapFallback((HttpContext context) => Problems.Write(context, StatusCodes.Status404NotFound, "Not found",
            $"no such resource {context.Request.Method} {context.Request.Path}"));

        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var uri = new Uri(bound.EndsWith('/') ? bound : bound + "/");
        return new PlaygroundServer(app, uri);
    }

    /// <summary>Stops listening (open requests get a few seconds to finish) and releases the server.</summary>
    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Requests still open after the grace period (a live stream) are aborted by the dispose below.
        }

        await _app.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>The address for <paramref name="host"/>: an IPv4/IPv6 literal, or <c>localhost</c> (the IPv4 loopback).</summary>
    /// <exception cref="ArgumentException">Anything else (host names would need a DNS lookup and may bind unexpected interfaces).</exception>
    public static IPAddress ParseHost(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return IPAddress.Loopback;
        }

        var text = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        if (IPAddress.TryParse(text, out var address) && (text.Contains(':', StringComparison.Ordinal) || text.Count(c => c == '.') == 3))
        {
            return address;
        }

        throw new ArgumentException($"--host: expected an IP address such as 127.0.0.1, 0.0.0.0 or ::1, or localhost; got \"{host}\"", nameof(host));
    }

    // Bound to this machine only, the server answers only requests addressed to this machine: a web page whose name is made to
    // resolve to 127.0.0.1 (DNS rebinding) sends its own host name and is refused, so it cannot read the API's answers.
    private static Task LoopbackHostMiddleware(HttpContext context, RequestDelegate next)
    {
        var host = context.Request.Host.Host;
        if (host is "localhost" or "127.0.0.1" or "[::1]" or "::1" || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase) ||
            (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip)))
        {
            return next(context);
        }

        return Problems.Write(context, StatusCodes.Status403Forbidden, "Forbidden",
            $"the server listens on this machine only and does not answer requests for host \"{host}\"; open it as localhost or 127.0.0.1");
    }

    private static async Task ProblemMiddleware(HttpContext context, RequestDelegate next)
    {
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (Exception e) when (Problems.IsUserError(e) && !context.Response.HasStarted)
        {
            await Problems.FromException(e).ExecuteAsync(context).ConfigureAwait(false);
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            await Problems.Write(context, e.StatusCode, "Bad request", Problems.OneLine(e.Message)).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The browser went away (a new request superseded this one); nobody is left to answer.
        }
#pragma warning disable CA1031 // The server's last line of defence, as in Cli.Run: any other failure is reported in one line.
        catch (Exception e) when (!context.Response.HasStarted)
#pragma warning restore CA1031
        {
            await Problems.Write(context, StatusCodes.Status500InternalServerError, "Internal error",
                $"internal error: {e.GetType().Name}: {Problems.OneLine(e.Message)}").ConfigureAwait(false);
        }
    }

    private static JsonSerializerOptions CreateJsonOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Configure(options);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    private static void Configure(JsonSerializerOptions options)
    {
        options.NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals;
        // Formulas carry ², η, ∇…: written as themselves (the body is JSON, never embedded in HTML), so the API reads as the CLI does.
        options.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.RespectNullableAnnotations = true;
        options.RespectRequiredConstructorParameters = true;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower));
    }

    /// <summary>Serves the embedded page: <c>/</c> is <c>index.html</c>, <c>/name.ext</c> is the resource <c>wwwroot/name.ext</c>.</summary>
    private static class StaticFiles
    {
        private static readonly Assembly Assembly = typeof(PlaygroundServer).Assembly;

        public static void Map(WebApplication app)
        {
            app.MapGet("/", (HttpContext c) => Serve(c, "index.html"));
            app.MapGet("/{file}", (HttpContext c, string file) => Serve(c, file));
        }

        private static async Task Serve(HttpContext context, string file)
        {
            // Only plain names: the resource namespace is flat, and nothing outside wwwroot/ may be reached.
            var stream = file.All(ch => char.IsAsciiLetterLower(ch) || char.IsAsciiDigit(ch) || ch is '-' or '_' or '.')
                ? Assembly.GetManifestResourceStream("wwwroot/" + file)
                : null;
            if (stream == null)
            {
                await Problems.Write(context, StatusCodes.Status404NotFound, "Not found", $"no such file {file}").ConfigureAwait(false);
                return;
            }

            await using (stream.ConfigureAwait(false))
            {
                context.Response.ContentType = Path.GetExtension(file) switch
                {
                    ".html" => "text/html; charset=utf-8",
                    ".css" => "text/css; charset=utf-8",
                    ".js" => "text/javascript; charset=utf-8",
                    ".svg" => "image/svg+xml",
                    ".png" => "image/png",
                    _ => "image/x-icon",
                };
                context.Response.Headers.CacheControl = "no-cache";
                context.Response.Headers["X-Content-Type-Options"] = "nosniff";
                context.Response.ContentLength = stream.Length;
                await stream.CopyToAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
            }
        }
    }
}
