using System.Text.Json;
using System.Text.RegularExpressions;
using Descent.Functions;
using Microsoft.AspNetCore.Http;

namespace Descent.Cli.Serve;

/// <summary>
/// RFC 7807 problem details (<c>application/problem+json</c>) for every failure a request can cause. The <c>detail</c> is the
/// same one-line message the CLI prints after <c>descent CMD:</c>; expression errors add <c>column</c> (1-based) and <c>expression</c>.
/// </summary>
public static partial class Problems
{
    /// <summary>Whether <paramref name="e"/> is the caller's mistake (answered with 400) rather than a fault of the server.</summary>
    public static bool IsUserError(Exception e) => e is ArgumentException or UsageException or JsonException;

    /// <summary>The 400 response for a user error: the message's first line, without .NET's "(Parameter 'x')" suffix.</summary>
    public static IResult FromException(Exception e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var extensions = new Dictionary<string, object?>(StringComparer.Ordinal);
        string title = "Invalid request";
        if (e is RequestFieldException field)
        {
            extensions["field"] = field.Field;
        }

        if ((e as ExpressionException ?? e.InnerException as ExpressionException) is { } expression)
        {
            title = "Invalid expression";
            extensions["column"] = expression.Column;
            extensions["expression"] = expression.Expression;
        }

        string detail = e is JsonException json ? "request body: " + JsonMessage(json) : OneLine(e.Message);
        return Results.Problem(detail: detail, statusCode: StatusCodes.Status400BadRequest, title: title, extensions: extensions);
    }

    /// <summary>Writes a problem detail with the given status.</summary>
    public static Task Write(HttpContext context, int status, string title, string detail)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Results.Problem(detail: detail, statusCode: status, title: title).ExecuteAsync(context);
    }

    /// <summary>The first line of <paramref name="message"/>, without the parameter-name suffix <see cref="ArgumentException"/> appends.</summary>
    public static string OneLine(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        int i = message.IndexOfAny(['\r', '\n']);
        var line = i < 0 ? message : message[..i];
        return ParameterSuffix().Replace(line, "");
    }

    // System.Text.Json's messages name .NET types and byte positions; the path and line are what a user of the API can act on.
    private static string JsonMessage(JsonException e)
    {
        var message = OneLine(e.Message);
        if (message.StartsWith("The JSON property", StringComparison.Ordinal) && message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            return $"unknown property {e.Path}";
        }

        if (message.Contains("missing required properties", StringComparison.Ordinal))
        {
            int at = message.IndexOf("including: ", StringComparison.Ordinal);
            return "missing " + (at >= 0 ? message[(at + "including: ".Length)..].TrimEnd('.') : "a required property");
        }

        if (message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal))
        {
            return $"wrong type of value at {e.Path}";
        }

        return message;
    }

    [GeneratedRegex(@"\s*\(Parameter '[^']*'\)$")]
    private static partial Regex ParameterSuffix();
}
