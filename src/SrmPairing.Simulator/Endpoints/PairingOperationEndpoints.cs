using Srm.Simulator.Json;

namespace Srm.Simulator.Endpoints;

/// <summary>
/// Work on an existing pairing: the remote-site login of the local session (POST and GET
/// /pairings/{pairing_id}/remote-session), removing the pairing (DELETE /pairings/{pairing_id}, which needs that
/// login) and reconnecting it (POST /pairings/{pairing_id}/actions/reconnect with a PairingSpec).
/// </summary>
public static class PairingOperationEndpoints
{
    public const string InvalidOperation = "INVALID_OPERATION";
    public const string RemoteSiteNotAuthenticated = "REMOTE_SITE_NOT_AUTHENTICATED";
    public const string OperationInProgress = "OPERATION_IN_PROGRESS";

    public static void Map(RouteGroupBuilder authenticated, SimulatorState state)
    {
        IResult ToResult(PairingOperationResult result, Guid id, string verb) =>
            result.Task is { } task ? ApiResults.AcceptedTask(task, state.Behaviour.Alternatives) : Refusal(result, id, verb);

        authenticated.MapPost("/pairings/{pairing_id}/remote-session", (string pairing_id, HttpContext context) =>
        {
            if (!Guid.TryParse(pairing_id, out var id))
                return ApiResults.NotFound();
            if (id == SimulatorState.SelfPairingId)
                return SelfEntry(id, "log in to a remote site");
            if (state.GetPairing(id) is null)
                return ApiResults.NotFound();

            var authorization = context.Request.Headers.Authorization.ToString();
            if (string.IsNullOrWhiteSpace(authorization))
                return ApiResults.Error(StatusCodes.Status400BadRequest, ApiResults.BadRequest,
                    "The remote site's credentials are missing: send them as 'Authorization: Basic base64(user:password)' together with x-dr-session.");
            if (!SessionEndpoints.TryParseBasic(authorization, out var user, out var password))
                return ApiResults.Error(StatusCodes.Status400BadRequest, ApiResults.BadRequest,
                    "The Authorization header must be 'Basic base64(user:password)' with the remote site's credentials.");

            return state.LoginRemote(context.SessionId(), id, user, password) switch
            {
                RemoteLoginResult.Done => ApiResults.Empty(StatusCodes.Status204NoContent),
                RemoteLoginResult.SelfEntry => SelfEntry(id, "log in to a remote site"),
                RemoteLoginResult.WrongCredentials => ApiResults.Unauthorized(),
                RemoteLoginResult.NoSession => ApiResults.Unauthorized(),
                _ => ApiResults.NotFound(),
            };
        });

        // 404 (empty) for an unknown pairing and for the self entry (which has no remote site to log in to). When
        // this local session is not logged in to the remote site: 404 or 401, both empty (--remote-session-not-logged-in).
        authenticated.MapGet("/pairings/{pairing_id}/remote-session", (string pairing_id, HttpContext context) =>
        {
            if (!Guid.TryParse(pairing_id, out var id) || id == SimulatorState.SelfPairingId || state.GetPairing(id) is null)
                return ApiResults.NotFound();
            var user = state.GetRemoteLogin(context.SessionId(), id);
            return user is null
                ? ApiResults.Empty(state.Behaviour.Alternatives.RemoteSessionNotLoggedInStatus)
                : ApiResults.Json(new SessionInfoJson { UserName = user });
        });

        authenticated.MapDelete("/pairings/{pairing_id}", (string pairing_id, HttpContext context) =>
        {
            if (!Guid.TryParse(pairing_id, out var id))
                return ApiResults.NotFound();
            return ToResult(state.DeletePairing(context.SessionId(), id), id, "remove");
        });

        authenticated.MapPost("/pairings/{pairing_id}/actions/reconnect", async (string pairing_id, HttpRequest request, CancellationToken ct) =>
        {
            if (!Guid.TryParse(pairing_id, out var id))
                return ApiResults.NotFound();
            if (id == SimulatorState.SelfPairingId)
                return SelfEntry(id, "reconnect");
            if (state.GetPairing(id) is null)
                return ApiResults.NotFound();

            var read = await PairingEndpoints.ReadPairingSpecAsync(request, ct);
            if (!read.TryGet(out var pairingRequest, out var bad))
                return bad;
            return ToResult(state.ReconnectPairing(id, pairingRequest), id, "reconnect");
        });
    }

    /// <summary>The answer to a refused operation (an accepted one is answered 202 with its Task, as for POST /pairings).</summary>
    private static IResult Refusal(PairingOperationResult result, Guid id, string verb) => result.Refusal switch
    {
        PairingRefusal.SelfEntry => SelfEntry(id, verb),
        PairingRefusal.RemoteNotAuthenticated => ApiResults.Error(StatusCodes.Status400BadRequest, RemoteSiteNotAuthenticated,
            $"Cannot {verb} pairing '{id}': the remote site is not logged in. Log in to it first with POST /pairings/{id}/remote-session (x-dr-session and 'Authorization: Basic' with the remote site's credentials)."),
        PairingRefusal.OperationInProgress => ApiResults.Error(StatusCodes.Status400BadRequest, OperationInProgress,
            $"Cannot {verb} pairing '{id}': task '{result.RunningTaskId}' is still working on it. Wait for that task to finish."),
        _ => ApiResults.NotFound(),
    };

    private static IResult SelfEntry(Guid id, string what) =>
        ApiResults.Error(StatusCodes.Status400BadRequest, InvalidOperation,
            $"Cannot {what}: pairing '{id}' is the local site's own entry, not a pairing with a remote site.");
}
