using System.Net.Http.Headers;
using System.Text;
using Srm.Simulator.Json;

namespace Srm.Simulator.Endpoints;

/// <summary>POST /session (HTTP Basic login), GET /session and DELETE /session.</summary>
public static class SessionEndpoints
{
    /// <summary>POST /session: needs no session, so it is mapped on the open API group.</summary>
    public static void MapLogin(RouteGroupBuilder api, SimulatorState state, SimulatorOptions options)
    {
        api.MapPost("/session", (HttpRequest request) =>
        {
            if (!CredentialsMatch(request.Headers.Authorization.ToString(), options.UserName, options.Password))
                return state.Behaviour.Alternatives.LoginRefusedStatus == StatusCodes.Status400BadRequest
                    ? ApiResults.Error(StatusCodes.Status400BadRequest, ApiResults.BadRequest, "Login failed: the user name or password is incorrect.")
                    : ApiResults.Unauthorized();
            var sessionId = state.Sessions.Create(options.UserName);
            return ApiResults.Json(new SessionIdDataJson { SessionId = sessionId });
        });
    }

    /// <summary>GET and DELETE /session: mapped on the group that requires a session.</summary>
    public static void MapSession(RouteGroupBuilder authenticated, SimulatorState state)
    {
        authenticated.MapGet("/session", (HttpContext context) =>
            ApiResults.Json(new SessionInfoJson { UserName = context.SessionUser() }));

        authenticated.MapDelete("/session", (HttpContext context) =>
        {
            state.Sessions.Remove(context.SessionId());
            return ApiResults.Empty(StatusCodes.Status204NoContent);
        });
    }

    /// <summary>True for "Basic base64(user:password)" with the configured user (any case) and password (exact).</summary>
    private static bool CredentialsMatch(string authorization, string userName, string password) =>
        TryParseBasic(authorization, out var givenUser, out var givenPassword)
        && string.Equals(givenUser, userName, StringComparison.OrdinalIgnoreCase)
        && givenPassword == password;

    /// <summary>The user and password of an "Authorization: Basic base64(user:password)" header; false when it is not one.</summary>
    public static bool TryParseBasic(string authorization, out string user, out string password)
    {
        user = "";
        password = "";
        if (!AuthenticationHeaderValue.TryParse(authorization, out var header)
            || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase)
            || string.IsNullOrEmpty(header.Parameter))
            return false;

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
        }
        catch (FormatException)
        {
            return false;
        }

        var colon = decoded.IndexOf(':');
        if (colon < 0)
            return false;
        user = decoded[..colon];
        password = decoded[(colon + 1)..];
        return true;
    }
}
