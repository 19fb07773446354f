using System.Net;
using Newtonsoft.Json.Linq;

namespace Srm.Simulator.Tests;

/// <summary>What a client saw for one request, classified so fault tests can compare outcomes in one word.</summary>
public static class FaultOutcome
{
    public const string Dropped = "dropped";

    /// <summary>
    /// "dropped" when the connection was aborted; otherwise the status followed by "json" (a parseable JSON body),
    /// "malformed" (JSON content type, body does not parse), "html", or "empty", e.g. "200 json", "503 json", "502 html".
    /// </summary>
    public static async Task<string> ObserveAsync(TestSimulator sim, HttpMethod method, string path, string? session, string? body = null)
    {
        HttpResponseMessage response;
        try
        {
            response = await sim.SendAsync(method, path, session, body);
        }
        catch (HttpRequestException)
        {
            return Dropped;
        }
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            var status = (int)response.StatusCode;
            var mediaType = response.Content.Headers.ContentType?.MediaType;
            if (text.Length == 0)
                return $"{status} empty";
            if (mediaType == "text/html")
                return $"{status} html";
            try
            {
                JToken.Parse(text);
                return $"{status} json";
            }
            catch (Newtonsoft.Json.JsonReaderException)
            {
                return $"{status} malformed";
            }
        }
    }

    public static Task<string> GetAsync(TestSimulator sim, string path, string? session) =>
        ObserveAsync(sim, HttpMethod.Get, path, session);

    public static bool IsOk(string outcome) => outcome == $"{(int)HttpStatusCode.OK} json";
}
