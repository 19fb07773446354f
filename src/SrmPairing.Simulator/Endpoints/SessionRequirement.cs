namespace Srm.Simulator.Endpoints;

/// <summary>
/// Every API call except POST /session needs the header x-dr-session naming a live session; without one the answer
/// is 401 with an empty body.
/// </summary>
public static class SessionRequirement
{
    public const string HeaderName = "x-dr-session";

    private const string UserItemKey = "Srm.Simulator.SessionUser";

    /// <summary>Adds the session check to every endpoint of the group.</summary>
    public static RouteGroupBuilder RequireSrmSession(this RouteGroupBuilder group, SessionStore sessions)
    {
        group.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var user = sessions.GetUser(http.Request.Headers[HeaderName].ToString());
            if (user is null)
                return ApiResults.Unauthorized();
            http.Items[UserItemKey] = user;
            return await next(context);
        });
        return group;
    }

    /// <summary>The session id sent with the request (already checked by the filter).</summary>
    public static string SessionId(this HttpContext context) => context.Request.Headers[HeaderName].ToString();

    /// <summary>The user of the request's session (already checked by the filter).</summary>
    public static string SessionUser(this HttpContext context) =>
        context.Items[UserItemKey] as string
        ?? throw new InvalidOperationException("The endpoint is not behind the session check (RequireSrmSession).");
}
