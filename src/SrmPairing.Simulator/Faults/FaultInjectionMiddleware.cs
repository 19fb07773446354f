using Srm.Simulator.Middleware;

namespace Srm.Simulator.Faults;

/// <summary>
/// Applies the <see cref="FaultPlan"/> to API requests: delays them, answers error statuses or HTML pages instead of
/// the endpoint, drops the connection before or after handling, or sends a truncated body. Runs after routing (rules
/// target route templates) and before the rate limiter and the endpoints.
/// </summary>
public sealed class FaultInjectionMiddleware(RequestDelegate next, FaultPlan plan, RequestCounters counters, IHostApplicationLifetime lifetime)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!ApiEndpointKey.IsApiRequest(context))
        {
            await next(context);
            return;
        }

        var selection = plan.Select(ApiEndpointKey.For(context));
        for (var i = 0; i < selection.Applied; i++)
            counters.RecordFaultInjected();

        if (selection.DelayMs > 0 && !await DelayAsync(context, selection.DelayMs))
            return;

        switch (selection.Action)
        {
            case null:
                await next(context);
                break;
            case { Kind: FaultKind.Status, Status: StatusCodes.Status401Unauthorized }:
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                break;
            case { Kind: FaultKind.Status, Status: { } status } rule:
                await FaultResponses.WriteErrorAsync(context.Response, status, rule.RetryAfterSeconds,
                    FaultResponses.ErrorCode(status), FaultResponses.ReasonPhrase(status) + FaultResponses.InjectedSuffix + ".");
                break;
            case { Kind: FaultKind.Html, Status: { } htmlStatus }:
                await FaultResponses.WriteHtmlAsync(context.Response, htmlStatus);
                break;
            case { Kind: FaultKind.Drop, When: DropTiming.Before }:
                context.Abort();
                break;
            case { Kind: FaultKind.Drop }:
                await HandleBufferedAsync(context);
                context.Abort();
                break;
            case { Kind: FaultKind.Malformed }:
                var body = await HandleBufferedAsync(context);
                var truncated = FaultResponses.Truncate(body);
                context.Response.StatusCode = StatusCodes.Status200OK;
                context.Response.ContentType = "application/json";
                context.Response.ContentLength = truncated.Length;
                await context.Response.Body.WriteAsync(truncated, context.RequestAborted);
                break;
        }
    }

    /// <summary>
    /// Waits, but gives up as soon as the client goes away or the simulator stops, so an abandoned request leaves no
    /// work behind. Returns false when the request should not be handled any more.
    /// </summary>
    private async Task<bool> DelayAsync(HttpContext context, int delayMs)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        try
        {
            await Task.Delay(delayMs, linked.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            context.Abort();
            return false;
        }
    }

    /// <summary>Runs the endpoint with its response kept back; returns the body it wrote. Headers and status stay set.</summary>
    private async Task<byte[]> HandleBufferedAsync(HttpContext context)
    {
        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = original;
        }
        return buffer.ToArray();
    }
}
