using System.Text.Json;
using System.Text.Json.Serialization;
using Srm.Simulator.Json;

namespace Srm.Simulator.Endpoints;

/// <summary>
/// Reads the JSON body of a control request strictly: it must be a JSON object of the expected shape, without unknown
/// fields (so a misspelt field is an error, not silently ignored). Any Content-Type is accepted.
/// </summary>
public static class ControlJsonBody
{
    private static readonly JsonSerializerOptions Strict = new(WireJson.Options)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>The body, or a 400 ResponseError describing what is wrong with it.</summary>
    public static async Task<CheckedBody<T>> ReadAsync<T>(HttpRequest request, string shape, CancellationToken ct)
        where T : class
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, ct);
        if (buffer.Length == 0)
            return CheckedBody<T>.Invalid(BadRequest(shape, "the body is empty"));
        try
        {
            var body = JsonSerializer.Deserialize<T>(buffer.ToArray(), Strict);
            return body is null ? CheckedBody<T>.Invalid(BadRequest(shape, "the body is null")) : CheckedBody<T>.Valid(body);
        }
        catch (JsonException ex)
        {
            return CheckedBody<T>.Invalid(BadRequest(shape, ex.Message));
        }
    }

    public static IResult BadRequest(string shape, string problem) =>
        ApiResults.Error(StatusCodes.Status400BadRequest, ApiResults.BadRequest, $"The body must be a JSON object {shape}: {problem.TrimEnd('.')}.");
}
