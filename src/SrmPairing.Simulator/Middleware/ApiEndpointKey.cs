namespace Srm.Simulator.Middleware;

/// <summary>
/// The key an API request is counted and matched under: "METHOD /route-template" relative to the API base, e.g.
/// "GET /tasks/{taskId}", or "METHOD (unmatched)" when no endpoint matches. Needs routing to have run.
/// </summary>
public static class ApiEndpointKey
{
    public static bool IsApiRequest(HttpContext context) =>
        context.Request.Path.StartsWithSegments(SimulatorHost.ApiBasePath);

    public static string For(HttpContext context)
    {
        var method = context.Request.Method;
        var template = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText;
        return For(method, template) ?? $"{method} (unmatched)";
    }

    /// <summary>The key for a method and an API route template; null when the template is not a real API endpoint.</summary>
    public static string? For(string method, string? template)
    {
        if (template is null || template.Contains("{**", StringComparison.Ordinal))
            return null;
        if (!template.StartsWith(SimulatorHost.ApiBasePath, StringComparison.Ordinal))
            return null;
        var relative = template[SimulatorHost.ApiBasePath.Length..];
        return $"{method} {(relative.Length == 0 ? "/" : relative)}";
    }

    /// <summary>The keys of every API endpoint mapped on <paramref name="endpoints"/>, e.g. "POST /pairings".</summary>
    public static IReadOnlySet<string> KnownKeys(IEndpointRouteBuilder endpoints)
    {
        var keys = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var endpoint in endpoints.DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>())
        {
            foreach (var method in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [])
            {
                if (For(method, endpoint.RoutePattern.RawText) is { } key)
                    keys.Add(key);
            }
        }
        return keys;
    }
}
