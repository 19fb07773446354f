namespace Srm.Simulator;

/// <summary>
/// The answers the spec leaves open, as this simulator gives them: each is one that a real appliance may give, so a
/// client must handle both. Set by command-line options and at run time by POST /simulator/alternatives.
/// </summary>
/// <param name="RemoteSessionNotLoggedInStatus">
/// GET /pairings/{id}/remote-session of a known pairing when this session is not logged in to its remote site: 404
/// (the default) or 401, both without a body.
/// </param>
/// <param name="TaskMeta">Whether a 202 Task answer (POST /pairings, DELETE, reconnect) carries "_meta" (a TaskDrResponseEntity).</param>
/// <param name="LoginRefusedStatus">POST /session with a wrong user or password: 401 without a body (the default) or 400 with a ResponseError.</param>
public sealed record SpecAlternatives(int RemoteSessionNotLoggedInStatus, bool TaskMeta, int LoginRefusedStatus)
{
    public static SpecAlternatives Default { get; } = new(StatusCodes.Status404NotFound, TaskMeta: false, StatusCodes.Status401Unauthorized);

    /// <summary>"401" or "404".</summary>
    public static bool TryParseRemoteSessionStatus(string? text, out int status) => TryParseStatus(text, [401, 404], out status);

    /// <summary>"400" or "401".</summary>
    public static bool TryParseLoginRefusedStatus(string? text, out int status) => TryParseStatus(text, [400, 401], out status);

    /// <summary>"include" or "omit" (any case).</summary>
    public static bool TryParseTaskMeta(string? text, out bool include)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "include":
                include = true;
                return true;
            case "omit":
                include = false;
                return true;
            default:
                include = false;
                return false;
        }
    }

    public static string TaskMetaName(bool include) => include ? "include" : "omit";

    private static bool TryParseStatus(string? text, int[] allowed, out int status) =>
        int.TryParse(text?.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out status)
        && allowed.Contains(status);
}
