using SrmPairing.Simulator.Faults;
using SrmPairing.Simulator.Json;

namespace SrmPairing.Simulator.Endpoints;

/// <summary>
/// The run-time switches for appliance misbehaviour under /simulator: ending sessions (now, or after a lifetime),
/// tasks that never finish, the appliance's rate limiter, and GET /simulator/settings to see them all.
/// </summary>
public static class BehaviourControlEndpoints
{
    public static void Map(IEndpointRouteBuilder app, SimulatorState state, FaultPlan plan, RateLimiter limiter)
    {
        var control = app.MapGroup(ControlEndpoints.BasePath);

        control.MapPost("/sessions/expire", () =>
        {
            state.ExpireSessions();
            return ApiResults.Empty(StatusCodes.Status204NoContent);
        });

        control.MapPost("/sessions/lifetime", async (HttpRequest request, CancellationToken ct) =>
        {
            const string shape = "{\"seconds\": 30} (null for no limit)";
            var (body, bad) = await ControlJsonBody.ReadAsync<SessionLifetimeJson>(request, shape, ct);
            if (bad is not null)
                return bad;
            if (body!.Seconds is < 1 or > SimulatorOptions.MaxSessionLifetimeSeconds)
                return ControlJsonBody.BadRequest(shape, $"seconds must be from 1 to {SimulatorOptions.MaxSessionLifetimeSeconds} or null");
            state.SessionLifetime = body.Seconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null;
            return ApiResults.Json(new SessionLifetimeJson { Seconds = body.Seconds });
        });

        control.MapPost("/stall-tasks", async (HttpRequest request, CancellationToken ct) =>
        {
            const string shape = "{\"enabled\": true}";
            var (body, bad) = await ControlJsonBody.ReadAsync<StallTasksJson>(request, shape, ct);
            if (bad is not null)
                return bad;
            if (body!.Enabled is not { } enabled)
                return ControlJsonBody.BadRequest(shape, "enabled is required");
            state.StallNewTasks = enabled;
            return ApiResults.Json(new StallTasksJson { Enabled = enabled });
        });

        control.MapPost("/tasks/{taskId}/stall", (string taskId) =>
            ControlEndpoints.ToResult(state.StallTask(taskId), taskId));

        control.MapGet("/rate-limit", () => ApiResults.Json(ToJson(limiter)));

        control.MapPost("/rate-limit", async (HttpRequest request, CancellationToken ct) =>
        {
            const string shape = "{\"enabled\": true, \"per_session\": 50, \"per_address\": 100}";
            var (body, bad) = await ControlJsonBody.ReadAsync<RateLimitJson>(request, shape, ct);
            if (bad is not null)
                return bad;
            if (body!.WindowSeconds is not null)
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

        control.MapGet("/settings", () => ApiResults.Json(new SettingsJson
        {
            SessionLifetimeSeconds = state.SessionLifetime is { } lifetime ? (int)lifetime.TotalSeconds : null,
            StallTasks = state.StallNewTasks,
            RateLimit = ToJson(limiter),
            Faults = plan.List().Select(FaultControlEndpoints.ToJson).ToList(),
        }));
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
