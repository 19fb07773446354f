using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Srm.Simulator.Endpoints;
using Srm.Simulator.Json;

namespace Srm.Simulator.Faults;

/// <summary>The bodies injected faults answer with: a ResponseError, a proxy's HTML page, or truncated JSON.</summary>
public static class FaultResponses
{
    public const string InjectedSuffix = " (injected by the simulator)";

    /// <summary>A status with a ResponseError body and, when given, a Retry-After header.</summary>
    public static async Task WriteErrorAsync(HttpResponse response, int status, int? retryAfterSeconds, string errorCode, string message)
    {
        response.StatusCode = status;
        response.ContentType = "application/json";
        if (retryAfterSeconds is { } seconds)
            response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await JsonSerializer.SerializeAsync(response.Body, ApiResults.NewError(errorCode, message), WireJson.Options);
    }

    public static string ErrorCode(int status) => status switch
    {
        400 => ApiResults.BadRequest,
        403 => "FORBIDDEN",
        408 => "REQUEST_TIMEOUT",
        429 => "TOO_MANY_REQUESTS",
        500 => ApiResults.InternalError,
        502 => "BAD_GATEWAY",
        503 => "SERVICE_UNAVAILABLE",
        504 => "GATEWAY_TIMEOUT",
        _ => "ERROR_" + status.ToString(CultureInfo.InvariantCulture),
    };

    public static string ReasonPhrase(int status)
    {
        var phrase = ReasonPhrases.GetReasonPhrase(status);
        return phrase.Length > 0 ? phrase : "Error";
    }

    /// <summary>A proxy-style HTML error page.</summary>
    public static async Task WriteHtmlAsync(HttpResponse response, int status)
    {
        var title = WebUtility.HtmlEncode($"{status} {ReasonPhrase(status)}");
        var html = $"""
            <html>
            <head><title>{title}</title></head>
            <body>
            <center><h1>{title}</h1></center>
            <hr><center>proxy</center>
            </body>
            </html>

            """;
        var bytes = Encoding.UTF8.GetBytes(html);
        response.StatusCode = status;
        response.ContentType = "text/html; charset=utf-8";
        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes);
    }

    /// <summary>
    /// The first half of the body the request was answered with (never valid JSON: an object or array missing its
    /// end), or a lone fragment when that body was empty.
    /// </summary>
    public static byte[] Truncate(ReadOnlySpan<byte> body)
    {
        if (body.Length < 2)
            return "{\"error_"u8.ToArray();
        return body[..(body.Length / 2)].ToArray();
    }
}
