namespace SrmPairing.Simulator.Middleware;

/// <summary>
/// Counts every request under the API base path, by endpoint ("GET /tasks/{taskId}"), for GET /simulator/stats.
/// Runs after routing so the matched route template is known; requests no endpoint matches count as "METHOD (unmatched)".
/// </summary>
public sealed class RequestStatisticsMiddleware(RequestDelegate next, SimulatorState state)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Path.StartsWithSegments(SimulatorHost.ApiBasePath))
            state.RecordRequest(EndpointKey(context));
        return next(context);
    }

    private static string EndpointKey(HttpContext context)
    {
        var method = context.Request.Method;
        var template = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText;
        if (template is null || template.Contains("{**", StringComparison.Ordinal))
            return $"{method} (unmatched)";
        var relative = template.StartsWith(SimulatorHost.ApiBasePath, StringComparison.Ordinal)
            ? template[SimulatorHost.ApiBasePath.Length..]
            : template;
        return $"{method} {(relative.Length == 0 ? "/" : relative)}";
    }
}
