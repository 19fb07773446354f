using System.Text.Json;
using Srm.Simulator.Endpoints;
using Srm.Simulator.Json;

namespace Srm.Simulator.Middleware;

/// <summary>Turns an unhandled exception into a 500 ResponseError (never an HTML page or a stack trace) and logs it to stderr.</summary>
public sealed class ApiExceptionMiddleware(RequestDelegate next, ILogger<ApiExceptionMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception ex) when (!context.RequestAborted.IsCancellationRequested)
        {
            logger.LogError(ex, "Unhandled exception for {Method} {Path}", context.Request.Method, context.Request.Path);
            if (context.Response.HasStarted)
                throw;

            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            context.Response.ContentType = "application/json";
            var error = ApiResults.NewError(ApiResults.InternalError, "The simulator failed to handle the request: " + ex.GetType().Name + ".");
            await JsonSerializer.SerializeAsync(context.Response.Body, error, WireJson.Options);
        }
    }
}
