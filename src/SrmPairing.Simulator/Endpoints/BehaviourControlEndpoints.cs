using System.Globalization;
using Srm.Simulator.Faults;
using Srm.Simulator.Json;

namespace Srm.Simulator.Endpoints;

/// <summary>
/// The run-time switches for appliance misbehaviour under /simulator: ending sessions (now, or after a lifetime),
/// tasks that never finish, task list filters refused, the appliance's rate limiter, the answers the spec leaves open (/simulator/alternatives),
/// and GET /simulator/settings to see them all.
/// </summary>
public static class BehaviourControlEndpoints
{
    public static void Map(IEndpointRouteBuilder app, SimulatorState state, FaultPlan plan, RateLimiter limiter)
    {
        var control = app.MapGroup(ControlEndpoints.BasePath);

        control.MapPost("/sessions/expire", () =>
        {
            state.Sessions.ExpireAll();
            return ApiResults.Empty(StatusCodes.Status204NoContent);
        });

        control.MapPost("/sessions/lifetime", async (HttpRequest request, CancellationToken ct) =>
        {
            const string shape = "{\"seconds\": 30} (null for no limit)";
            var read = await ControlJsonBody.ReadAsync<SessionLifetimeJson>(request, shape, ct);
            if (!read.TryGet(out var body, out var bad))
                return bad;
            if (body.Seconds is < 1 or > SimulatorOptions.MaxSessionLifetimeSeconds)
                return ControlJsonBody.BadRequest(shape, $"seconds must be from 1 to {SimulatorOptions.MaxSessionLifetimeSeconds} or null");
            state.Behaviour.SessionLifetime = body.Seconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null;
            return ApiResults.Json(new SessionLifetimeJson { Seconds = body.Seconds });
        });

        control.MapPost("/stall-tasks", async (HttpRequest request, CancellationToken ct) =>
        {
            const string shape = "{\"enabled\": true}";
            var read = await ControlJsonBody.ReadAsync<StallTasksJson>(request, shape, ct);
            if (!read.TryGet(out var body, out var bad))
                return bad;
            if (body.Enabled is not { } enabled)
                return ControlJsonBody.BadRequest(shape, "enabled is required");
            state.Behaviour.StallNewTasks = enabled;
            return ApiResults.Json(new StallTasksJson { Enabled = enabled });
        });

        // GET /tasks refuses these filter_property names with 400 (an appliance that cannot filter on a field).
        control.MapPost("/task-filters", async (HttpRequest request, CancellationToken ct) =>
        {
            const string shape = "{\"refused\": [\"status\", \"description_id\"]} ([] for none)";
            var read = await ControlJsonBody.ReadAsync<TaskFiltersJson>(request, shape, ct);
            if (!read.TryGet(out var body, out var bad))
                return bad;
            if (body.Refused is not { } refused)
                return ControlJsonBody.BadRequest(shape, "refused is required");
            if (refused.Count > TaskEndpoints.MaxRefusedFilters || refused.Any(string.IsNullOrWhiteSpace))
                return ControlJsonBody.BadRequest(shape, $"refused must name at most {TaskEndpoints.MaxRefusedFilters} properties, none blank");
            state.Behaviour.RefusedTaskFilters = refused;
            return ApiResults.Json(new TaskFiltersJson { Refused = state.Behaviour.RefusedTaskFilters.ToList() });
        });

        control.MapPost("/tasks/{taskId}/stall", (string taskId) =>
            ControlEndpoints.ToResult(state.StallTask(taskId), taskId));

        control.MapGet("/rate-limit", () => ApiResults.Json(ToJson(limiter)));

        control.MapPost("/rate-limit", async (HttpRequest request, CancellationToken ct) =>
        {
            const string shape = "{\"enabled\": true, \"per_session\": 50, \"per_address\": 100}";
            var read = await ControlJsonBody.ReadAsync<RateLimitJson>(request, shape, ct);
            if (!read.TryGet(out var body, out var bad))
                return bad;
            if (body.WindowSeconds is not null)
                return ControlJsonBody.BadRequest(shape, "window_seconds cannot be changed");
            if (body.PerSession is < 1 or > RateLimitSettings.MaxQuota || body.PerAddress is < 1 or > RateLimitSettings.MaxQuota)
                return ControlJsonBody.BadRequest(shape, $"per_session and per_address must be from 1 to {RateLimitSettings.MaxQuota}");

            var current = limiter.Settings;
            var quotasGiven = body.PerSession is not null || body.PerAddress is not null;
            limiter.Settings = new RateLimitSettings(
                body.Enabled ?? (quotasGiven || current.Enabled),
                body.PerSession ?? current.PerSession,
                body.PerAddress ?? current.PerAddress);
            return ApiResults.Json(ToJson(limiter));
        });

        control.MapPost("/task-result", async (HttpRequest request, CancellationToken ct) =>
        {
            const string shape = "{\"mode\": \"none\"}, {\"mode\": \"pairing-id\"} or {\"mode\": \"pairing-id-string\"}";
            var read = await ControlJsonBody.ReadAsync<TaskResultJson>(request, shape, ct);
            if (!read.TryGet(out var body, out var bad))
                return bad;
            if (!TryParseTaskResultMode(body.Mode, out var mode))
                return ControlJsonBody.BadRequest(shape, $"mode must be \"none\", \"pairing-id\" or \"pairing-id-string\" (got {(body.Mode is null ? "null" : $"\"{body.Mode}\"")})");
            state.Behaviour.TaskResultMode = mode;
            return ApiResults.Json(new TaskResultJson { Mode = TaskResultModeName(mode) });
        });

        control.MapGet("/alternatives", () => ApiResults.Json(ToJson(state.Behaviour)));

        // The answers the spec leaves open: each field given switches one; the answer is the whole set.
        control.MapPost("/alternatives", async (HttpRequest request, CancellationToken ct) =>
        {
            const string shape = "{\"remote_session_not_logged_in\": 401|404, \"task_meta\": \"include\"|\"omit\", " +
                                 "\"task_result\": \"none\"|\"pairing-id\"|\"pairing-id-string\", \"login_refused\": 400|401}";
            var read = await ControlJsonBody.ReadAsync<AlternativesJson>(request, shape, ct);
            if (!read.TryGet(out var body, out var bad))
                return bad;
            var current = state.Behaviour.Alternatives;
            var remoteSession = current.RemoteSessionNotLoggedInStatus;
            if (body.RemoteSessionNotLoggedIn is { } given && !SpecAlternatives.TryParseRemoteSessionStatus(given.ToString(CultureInfo.InvariantCulture), out remoteSession))
                return ControlJsonBody.BadRequest(shape, $"remote_session_not_logged_in must be 401 or 404 (got {given})");
            var taskMeta = current.TaskMeta;
            if (body.TaskMeta is not null && !SpecAlternatives.TryParseTaskMeta(body.TaskMeta, out taskMeta))
                return ControlJsonBody.BadRequest(shape, $"task_meta must be \"include\" or \"omit\" (got \"{body.TaskMeta}\")");
            var taskResult = state.Behaviour.TaskResultMode;
            if (body.TaskResult is not null && !TryParseTaskResultMode(body.TaskResult, out taskResult))
                return ControlJsonBody.BadRequest(shape, $"task_result must be \"none\", \"pairing-id\" or \"pairing-id-string\" (got \"{body.TaskResult}\")");
            var login = current.LoginRefusedStatus;
            if (body.LoginRefused is { } loginGiven && !SpecAlternatives.TryParseLoginRefusedStatus(loginGiven.ToString(CultureInfo.InvariantCulture), out login))
                return ControlJsonBody.BadRequest(shape, $"login_refused must be 400 or 401 (got {loginGiven})");

            state.Behaviour.Alternatives = new SpecAlternatives(remoteSession, taskMeta, login);
            state.Behaviour.TaskResultMode = taskResult;
            return ApiResults.Json(ToJson(state.Behaviour));
        });

        // A remote site gets new certificates (as after a certificate renewal): its pairings report the broken
        // connection until reconnected with the new thumbprints. POST /simulator/reset brings the old ones back.
        control.MapPost("/sites/{vc_guid}/rotate-certificates", (string vc_guid) =>
        {
            if (!Guid.TryParse(vc_guid, out var vcGuid))
                return ApiResults.NotFound();
            if (vcGuid == state.Sites.Local.VcGuid)
                return ApiResults.Error(StatusCodes.Status400BadRequest, ApiResults.BadRequest,
                    $"{vcGuid} is the local vCenter Server; only a remote site's certificates can be rotated (the local site's certificate is the simulator's own HTTPS certificate).");
            var rotated = state.Certificates.Rotate(vcGuid);
            return rotated is null
                ? ApiResults.NotFound()
                : ApiResults.Json(new RotatedCertificatesJson
                {
                    VcGuid = rotated.VcGuid.ToString(),
                    PscThumbprint = rotated.PscThumbprint,
                    PscThumbprintSha256 = rotated.PscThumbprintSha256,
                    SrmThumbprint = rotated.SrmThumbprint,
                    SrmThumbprintSha256 = rotated.SrmThumbprintSha256,
                });
        });

        control.MapGet("/settings", () => ApiResults.Json(new SettingsJson
        {
            SessionLifetimeSeconds = state.Behaviour.SessionLifetime is { } lifetime ? (int)lifetime.TotalSeconds : null,
            StallTasks = state.Behaviour.StallNewTasks,
            RateLimit = ToJson(limiter),
            Faults = plan.List().Select(FaultControlEndpoints.ToJson).ToList(),
            TaskResult = TaskResultModeName(state.Behaviour.TaskResultMode),
            RemoteSessionNotLoggedIn = state.Behaviour.Alternatives.RemoteSessionNotLoggedInStatus,
            TaskMeta = SpecAlternatives.TaskMetaName(state.Behaviour.Alternatives.TaskMeta),
            LoginRefused = state.Behaviour.Alternatives.LoginRefusedStatus,
        }));
    }

    /// <summary>"none", "pairing-id" or "pairing-id-string" (any case) as used by --task-result and POST /simulator/task-result.</summary>
    public static bool TryParseTaskResultMode(string? text, out TaskResultMode mode)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "none":
                mode = TaskResultMode.None;
                return true;
            case "pairing-id":
                mode = TaskResultMode.PairingId;
                return true;
            case "pairing-id-string":
                mode = TaskResultMode.PairingIdString;
                return true;
            default:
                mode = TaskResultMode.None;
                return false;
        }
    }

    public static string TaskResultModeName(TaskResultMode mode) => mode switch
    {
        TaskResultMode.PairingId => "pairing-id",
        TaskResultMode.PairingIdString => "pairing-id-string",
        _ => "none",
    };

    private static AlternativesJson ToJson(BehaviourSwitches switches)
    {
        var alternatives = switches.Alternatives;
        return new AlternativesJson
        {
            RemoteSessionNotLoggedIn = alternatives.RemoteSessionNotLoggedInStatus,
            TaskMeta = SpecAlternatives.TaskMetaName(alternatives.TaskMeta),
            TaskResult = TaskResultModeName(switches.TaskResultMode),
            LoginRefused = alternatives.LoginRefusedStatus,
        };
    }

    private static RateLimitJson ToJson(RateLimiter limiter)
    {
        var settings = limiter.Settings;
        return new RateLimitJson
        {
            Enabled = settings.Enabled,
            PerSession = settings.PerSession,
            PerAddress = settings.PerAddress,
            WindowSeconds = limiter.Window.TotalSeconds,
        };
    }
}
