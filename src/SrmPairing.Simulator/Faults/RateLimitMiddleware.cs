using System.Globalization;
using Srm.Simulator.Endpoints;
using Srm.Simulator.Middleware;

namespace Srm.Simulator.Faults;

/// <summary>
/// Puts API requests through the <see cref="RateLimiter"/>; over quota, the answer is 429 with Retry-After and a
/// ResponseError, and the endpoint is not run. A session counts only while it is valid.
/// </summary>
public sealed class RateLimitMiddleware(RequestDelegate next, RateLimiter limiter, SessionStore sessions, RequestCounters counters)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!ApiEndpointKey.IsApiRequest(context) || !limiter.Settings.Enabled)
        {
            await next(context);
            return;
        }

        var sessionId = context.Request.Headers[SessionRequirement.HeaderName].ToString();
        var validSession = sessions.GetUser(sessionId) is null ? null : sessionId;
        var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var decision = limiter.TryAcquire(address, validSession);
        if (decision.Allowed)
        {
            await next(context);
            return;
        }

        counters.RecordRateLimited();
        var settings = limiter.Settings;
        var window = limiter.Window.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        var quota = decision.Quota switch
        {
            "address" => $"{settings.PerAddress} requests per {window} s per client address",
            "session" => $"{settings.PerSession} requests per {window} s per session",
            _ => $"{settings.PerSession} requests per session and {settings.PerAddress} per client address per {window} s",
        };
        await FaultResponses.WriteErrorAsync(context.Response, StatusCodes.Status429TooManyRequests, decision.RetryAfterSeconds,
            "TOO_MANY_REQUESTS", $"Rate limit exceeded ({quota}); retry after {decision.RetryAfterSeconds} s.");
    }
}
