using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Srm.Simulator.Faults;

/// <summary>
/// One validated fault rule: what to do (<see cref="Kind"/> and its parameters), to which API requests
/// (<see cref="Endpoint"/>, "METHOD /route-template"; null = any) and how many times (<see cref="Count"/>; null = until cleared).
/// </summary>
public sealed record FaultRule
{
    public const int MaxLatencyMs = 600_000;
    public const int MaxRetryAfterSeconds = 3600;
    public const int MaxCount = 1_000_000;
    public const int DefaultRetryAfterSeconds = 1;
    public const int DefaultHtmlStatus = 502;

    /// <summary>The statuses a status rule may answer.</summary>
    // 400 and 403 carry a ResponseError as the spec describes; 401 has no body, as on the appliance.
    public static readonly IReadOnlyList<int> ErrorStatuses = [400, 401, 403, 408, 429, 500, 502, 503, 504];

    private static readonly string[] HttpMethods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

    private FaultRule(FaultKind kind)
    {
        Kind = kind;
    }

    public FaultKind Kind { get; }

    /// <summary>"GET /tasks/{taskId}" (upper-case method, one space), or null for any API request.</summary>
    public string? Endpoint { get; private init; }

    /// <summary>How many requests the rule applies to before it is spent; null = until cleared.</summary>
    public int? Count { get; private init; }

    /// <summary>Status and html rules: the status answered.</summary>
    public int? Status { get; private init; }

    /// <summary>Status 429 (always) and 503 (when given): the Retry-After header, in seconds.</summary>
    public int? RetryAfterSeconds { get; private init; }

    /// <summary>Latency rules: the delay.</summary>
    public int? DelayMs { get; private init; }

    /// <summary>Drop rules: before or after handling.</summary>
    public DropTiming? When { get; private init; }

    /// <summary>Whether the rule targets requests with this endpoint key ("GET /tasks/{taskId}").</summary>
    public bool Matches(string endpointKey) =>
        Endpoint is null || string.Equals(Endpoint, endpointKey, StringComparison.OrdinalIgnoreCase);

    /// <summary>The rule in the command-line syntax, e.g. "kind=status,status=503,count=2,endpoint=GET /tasks/{taskId}".</summary>
    public override string ToString()
    {
        var text = new StringBuilder("kind=").Append(KindName(Kind));
        if (Status is { } status)
            text.Append(",status=").Append(status);
        if (RetryAfterSeconds is { } retryAfter)
            text.Append(",retry_after=").Append(retryAfter);
        if (DelayMs is { } ms)
            text.Append(",ms=").Append(ms);
        if (When is { } when)
            text.Append(",when=").Append(WhenName(when));
        if (Count is { } count)
            text.Append(",count=").Append(count);
        if (Endpoint is not null)
            text.Append(",endpoint=").Append(Endpoint);
        return text.ToString();
    }

    public static string KindName(FaultKind kind) => kind.ToString().ToLowerInvariant();

    public static string WhenName(DropTiming when) => when.ToString().ToLowerInvariant();

    /// <summary>
    /// Validates <paramref name="f"/>. The kind may be left out when it follows from the fields: "status" gives
    /// a status rule, "ms" a latency rule. Fields that mean nothing for the kind are refused, so typos do not pass silently.
    /// </summary>
    public static bool TryCreate(FaultRuleFields f, [NotNullWhen(true)] out FaultRule? rule, [NotNullWhen(false)] out string? error)
    {
        FaultRule built;
        var kindText = f.Kind?.Trim();
        if (string.IsNullOrEmpty(kindText))
        {
            if (f.Status is not null)
                kindText = "status";
            else if (f.Ms is not null)
                kindText = "latency";
            else
                return Refuse("kind is required (latency, status, drop, malformed or html).", out rule, out error);
        }
        if (!Enum.TryParse<FaultKind>(kindText, ignoreCase: true, out var kind) || !Enum.IsDefined(kind) || kindText.Any(char.IsDigit))
            return Refuse($"kind must be latency, status, drop, malformed or html (got '{kindText}').", out rule, out error);

        if (f.Count is { } count && (count < 1 || count > MaxCount))
            return Refuse($"count must be from 1 to {MaxCount} (got {count}); leave it out to apply the rule until it is cleared.", out rule, out error);

        string? endpoint = null;
        if (f.Endpoint is not null)
        {
            endpoint = NormalizeEndpoint(f.Endpoint);
            if (endpoint is null)
                return Refuse($"endpoint must be \"METHOD /route-template\", e.g. \"GET /tasks/{{taskId}}\" (got '{f.Endpoint}').", out rule, out error);
        }

        var name = KindName(kind);
        string? NotFor(params (string Field, object? Value)[] given) =>
            given.Where(g => g.Value is not null).Select(g => $"{g.Field} does not apply to {name} rules.").FirstOrDefault();

        switch (kind)
        {
            case FaultKind.Latency:
                if (NotFor(("status", f.Status), ("retry_after", f.RetryAfter), ("when", f.When)) is { } latencyError)
                    return Refuse(latencyError, out rule, out error);
                if (f.Ms is not { } ms)
                    return Refuse("latency rules need ms (the delay in milliseconds).", out rule, out error);
                if (ms < 0 || ms > MaxLatencyMs)
                    return Refuse($"ms must be from 0 to {MaxLatencyMs} (got {ms}).", out rule, out error);
                built = new FaultRule(kind) { DelayMs = ms };
                break;

            case FaultKind.Status:
                if (NotFor(("ms", f.Ms), ("when", f.When)) is { } statusError)
                    return Refuse(statusError, out rule, out error);
                if (f.Status is not { } status)
                    return Refuse("status rules need status (" + string.Join(", ", ErrorStatuses) + ").", out rule, out error);
                if (!ErrorStatuses.Contains(status))
                    return Refuse($"status must be one of {string.Join(", ", ErrorStatuses)} (got {status}).", out rule, out error);
                if (f.RetryAfter is not null && status is not (429 or 503))
                    return Refuse("retry_after applies only to status 429 and 503.", out rule, out error);
                if (f.RetryAfter is { } retryAfter && (retryAfter < 0 || retryAfter > MaxRetryAfterSeconds))
                    return Refuse($"retry_after must be from 0 to {MaxRetryAfterSeconds} seconds (got {retryAfter}).", out rule, out error);
                built = new FaultRule(kind)
                {
                    Status = status,
                    RetryAfterSeconds = f.RetryAfter ?? (status == 429 ? DefaultRetryAfterSeconds : null),
                };
                break;

            case FaultKind.Drop:
                if (NotFor(("status", f.Status), ("retry_after", f.RetryAfter), ("ms", f.Ms)) is { } dropError)
                    return Refuse(dropError, out rule, out error);
                var whenText = f.When?.Trim() ?? "before";
                if (!Enum.TryParse<DropTiming>(whenText, ignoreCase: true, out var when) || !Enum.IsDefined(when) || whenText.Any(char.IsDigit))
                    return Refuse($"when must be before or after (got '{f.When}').", out rule, out error);
                built = new FaultRule(kind) { When = when };
                break;

            case FaultKind.Malformed:
                if (NotFor(("status", f.Status), ("retry_after", f.RetryAfter), ("ms", f.Ms), ("when", f.When)) is { } malformedError)
                    return Refuse(malformedError, out rule, out error);
                built = new FaultRule(kind);
                break;

            case FaultKind.Html:
                if (NotFor(("retry_after", f.RetryAfter), ("ms", f.Ms), ("when", f.When)) is { } htmlError)
                    return Refuse(htmlError, out rule, out error);
                var htmlStatus = f.Status ?? DefaultHtmlStatus;
                if (htmlStatus < 400 || htmlStatus > 599)
                    return Refuse($"status of an html rule must be from 400 to 599 (got {htmlStatus}).", out rule, out error);
                built = new FaultRule(kind) { Status = htmlStatus };
                break;

            default:
                return Refuse($"kind must be latency, status, drop, malformed or html (got '{kindText}').", out rule, out error);
        }

        rule = built with { Endpoint = endpoint, Count = f.Count };
        error = null;
        return true;
    }

    /// <summary>Ends a validation with <paramref name="message"/> as the error.</summary>
    private static bool Refuse(string message, [NotNullWhen(true)] out FaultRule? rule, [NotNullWhen(false)] out string? error)
    {
        rule = null;
        error = message;
        return false;
    }

    /// <summary>"get  /tasks/{taskId} " -> "GET /tasks/{taskId}"; null when it is not "METHOD /path" or "METHOD (unmatched)".</summary>
    private static string? NormalizeEndpoint(string text)
    {
        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length != 2)
            return null;
        var method = parts[0].ToUpperInvariant();
        if (!HttpMethods.Contains(method))
            return null;
        var path = parts[1];
        if (path != "(unmatched)" && (!path.StartsWith('/') || path.Contains('?')))
            return null;
        return $"{method} {path}";
    }
}

/// <summary>
/// The fields of a fault rule as given (command-line text or control JSON), before validation by
/// <see cref="FaultRule.TryCreate"/>. Null means "not given".
/// </summary>
public sealed class FaultRuleFields
{
    public string? Kind { get; set; }
    public int? Status { get; set; }
    public int? Count { get; set; }
    public string? Endpoint { get; set; }
    public int? RetryAfter { get; set; }
    public int? Ms { get; set; }
    public string? When { get; set; }
}

/// <summary>When a drop fault aborts the connection.</summary>
public enum DropTiming
{
    /// <summary>Before the request is handled: nothing changes.</summary>
    Before = 1,

    /// <summary>After the request is handled: its effect happened, but the client gets no response.</summary>
    After,
}
