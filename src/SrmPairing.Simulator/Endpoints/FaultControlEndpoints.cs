using Srm.Simulator.Faults;
using Srm.Simulator.Json;

namespace Srm.Simulator.Endpoints;

/// <summary>
/// /simulator/faults: POST adds a fault rule (201 with the rule and its id), GET lists the active rules with their
/// remaining counts, DELETE clears them all, DELETE /simulator/faults/{id} removes one.
/// </summary>
public static class FaultControlEndpoints
{
    private const string Shape =
        "{\"kind\": \"latency|status|drop|malformed|html\", \"status\": 503, \"retry_after\": 1, \"ms\": 500, \"when\": \"before|after\", \"count\": 2, \"endpoint\": \"GET /tasks/{taskId}\"}";

    public static void Map(IEndpointRouteBuilder app, FaultPlan plan, Func<IReadOnlySet<string>> knownEndpoints)
    {
        var faults = app.MapGroup(ControlEndpoints.BasePath + "/faults");

        faults.MapPost("", async (HttpRequest request, CancellationToken ct) =>
        {
            var read = await ControlJsonBody.ReadAsync<FaultRuleRequestJson>(request, Shape, ct);
            if (!read.TryGet(out var body, out var bad))
                return bad;

            var fields = new FaultRuleFields
            {
                Kind = body.Kind,
                Status = body.Status,
                Count = body.Count,
                Endpoint = body.Endpoint,
                RetryAfter = body.RetryAfter,
                Ms = body.Ms,
                When = body.When,
            };
            if (!FaultRule.TryCreate(fields, out var rule, out var error))
                return ControlJsonBody.BadRequest(Shape, error);
            if (UnknownEndpoint(rule, knownEndpoints()) is { } unknown)
                return ControlJsonBody.BadRequest(Shape, unknown);

            var active = plan.Add(rule);
            return ApiResults.Json(ToJson(active), StatusCodes.Status201Created);
        });

        faults.MapGet("", () => ApiResults.Json(new FaultListJson { Faults = plan.List().Select(ToJson).ToList() }));

        faults.MapDelete("", () =>
        {
            plan.Clear();
            return ApiResults.Empty(StatusCodes.Status204NoContent);
        });

        faults.MapDelete("/{id:int}", (int id) =>
            plan.Remove(id) ? ApiResults.Empty(StatusCodes.Status204NoContent) : ApiResults.NotFound());
    }

    /// <summary>An error when the rule targets an endpoint the API does not have (a typo would otherwise never match).</summary>
    public static string? UnknownEndpoint(FaultRule rule, IReadOnlySet<string> known)
    {
        if (rule.Endpoint is null || rule.Endpoint.EndsWith(" (unmatched)", StringComparison.Ordinal) || known.Contains(rule.Endpoint))
            return null;
        return $"endpoint '{rule.Endpoint}' is not an API endpoint; use one of: {string.Join(", ", known)}.";
    }

    public static FaultRuleJson ToJson(ActiveFault active) => new()
    {
        Id = active.Id,
        Kind = FaultRule.KindName(active.Rule.Kind),
        Endpoint = active.Rule.Endpoint,
        Status = active.Rule.Status,
        RetryAfter = active.Rule.RetryAfterSeconds,
        Ms = active.Rule.DelayMs,
        When = active.Rule.When is { } when ? FaultRule.WhenName(when) : null,
        Count = active.Rule.Count,
        Remaining = active.Remaining,
        Spec = active.Rule.ToString(),
    };
}
