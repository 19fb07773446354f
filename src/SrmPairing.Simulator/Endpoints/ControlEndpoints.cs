using System.Text.Json;
using Srm.Simulator.Faults;
using Srm.Simulator.Json;

namespace Srm.Simulator.Endpoints;

/// <summary>
/// The simulator's own control API under /simulator, outside the SRM API and without a session: statistics, reset
/// and forcing a task to end. Fault rules are set by <see cref="FaultControlEndpoints"/>, the other misbehaviour
/// switches by <see cref="BehaviourControlEndpoints"/>.
/// </summary>
public static class ControlEndpoints
{
    public const string BasePath = "/simulator";

    public static void Map(IEndpointRouteBuilder app, SimulatorState state, FaultPlan faults, RateLimiter limiter)
    {
        var control = app.MapGroup(BasePath);

        control.MapGet("/stats", () =>
        {
            var stats = state.GetStatistics();
            return ApiResults.Json(new StatsJson
            {
                Requests = stats.Requests,
                ByEndpoint = stats.RequestsByEndpoint,
                Sessions = stats.Sessions,
                Tasks = stats.Tasks,
                Pairings = stats.Pairings,
                RateLimited = stats.RateLimited,
                FaultsInjected = stats.FaultsInjected,
            });
        });

        // The session ids issued since start-up, for tests that search a client's output for leaked secrets.
        control.MapGet("/sessions", () => Results.Json(new { live = state.Sessions.CountLive(), issued = state.Sessions.IssuedSessionIds }));

        // Reset also clears the fault rules (those given with --fault too) and the requests the rate limiter counted;
        // the other switches (session lifetime, stalled tasks, rate limit quotas) stay as they are.
        control.MapPost("/reset", () =>
        {
            state.Reset();
            faults.Clear();
            limiter.Clear();
            return ApiResults.Empty(StatusCodes.Status204NoContent);
        });

        control.MapPost("/tasks/{taskId}/cancel", (string taskId) => ToResult(state.CancelTask(taskId), taskId));

        control.MapPost("/tasks/{taskId}/fail", async (string taskId, HttpRequest request, CancellationToken ct) =>
        {
            FailTaskRequestJson? body = null;
            if (request.ContentLength is not 0 && request.HasJsonContentType())
            {
                try
                {
                    body = await JsonSerializer.DeserializeAsync<FailTaskRequestJson>(request.Body, WireJson.Options, ct);
                }
                catch (JsonException ex)
                {
                    return ApiResults.Error(StatusCodes.Status400BadRequest, ApiResults.BadRequest,
                        $"The body must be a JSON object {{\"message\": ..., \"details\": ...}}: {ex.Message}");
                }
            }
            var message = body?.Message is { } given && !string.IsNullOrWhiteSpace(given) ? given : "The task failed (forced by the simulator).";
            var details = string.IsNullOrWhiteSpace(body?.Details) ? "POST /simulator/tasks/{taskId}/fail ended the task." : body.Details;
            return ToResult(state.FailTask(taskId, message, details), taskId);
        });
    }

    public static IResult ToResult(TaskControlResult result, string taskId) => result switch
    {
        TaskControlResult.Done => ApiResults.Empty(StatusCodes.Status204NoContent),
        TaskControlResult.AlreadyFinished => ApiResults.Error(StatusCodes.Status409Conflict, "TASK_ALREADY_FINISHED",
            $"Task '{taskId}' has already finished; only QUEUED or RUNNING tasks can be ended."),
        _ => ApiResults.NotFound(),
    };
}
