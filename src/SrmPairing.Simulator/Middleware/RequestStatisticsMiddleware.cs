namespace Srm.Simulator.Middleware;

/// <summary>
/// Counts every request under the API base path, by endpoint ("GET /tasks/{taskId}"), for GET /simulator/stats.
/// Runs after routing so the matched route template is known, and before fault injection and the rate limiter so
/// faulted and refused requests count too; requests no endpoint matches count as "METHOD (unmatched)".
/// </summary>
public sealed class RequestStatisticsMiddleware(RequestDelegate next, RequestCounters counters)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (ApiEndpointKey.IsApiRequest(context))
            counters.RecordRequest(ApiEndpointKey.For(context));
        return next(context);
    }
}
