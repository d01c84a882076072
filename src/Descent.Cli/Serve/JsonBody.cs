using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Descent.Cli.Serve;

/// <summary>Reads a request's JSON body with the API's conventions; malformed or unknown members become 400 problem details.</summary>
public static class JsonBody
{
    /// <summary>The body as <typeparamref name="T"/>.</summary>
    /// <exception cref="ArgumentException">The body is empty or is JSON <c>null</c>.</exception>
    /// <exception cref="JsonException">The body is not valid JSON for <typeparamref name="T"/> (mapped to 400 by the server).</exception>
    public static async Task<T> ReadAsync<T>(HttpContext context)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(context);

        // Requiring JSON also means a page on another site cannot post here without a CORS preflight, which this server never grants.
        if (!context.Request.HasJsonContentType())
        {
            throw new BadHttpRequestException(
                $"request body: expected Content-Type application/json, got {(string.IsNullOrEmpty(context.Request.ContentType) ? "none" : context.Request.ContentType)}",
                StatusCodes.Status415UnsupportedMediaType);
        }

        if (context.Request.ContentLength == 0)
        {
            throw new ArgumentException("request body: expected a JSON object, got an empty body");
        }

        var value = await JsonSerializer.DeserializeAsync<T>(context.Request.Body, PlaygroundServer.JsonOptions, context.RequestAborted).ConfigureAwait(false);
        return value ?? throw new ArgumentException("request body: expected a JSON object, got null");
    }
}
