using System.Text.Json.Serialization;

namespace Srm.Simulator.Json;

/// <summary>The body of POST /simulator/rate-limit (fields left out keep their value) and of its answer.</summary>
public sealed class RateLimitJson
{
    [JsonPropertyName("enabled")] public bool? Enabled { get; set; }
    [JsonPropertyName("per_session")] public int? PerSession { get; set; }
    [JsonPropertyName("per_address")] public int? PerAddress { get; set; }
    [JsonPropertyName("window_seconds")] public double? WindowSeconds { get; set; }
}

/// <summary>The body of POST /simulator/sessions/lifetime and of its answer: seconds, or null for no limit.</summary>
public sealed class SessionLifetimeJson
{
    [JsonPropertyName("seconds")] public int? Seconds { get; set; }
}

/// <summary>The body of POST /simulator/stall-tasks and of its answer.</summary>
public sealed class StallTasksJson
{
    [JsonPropertyName("enabled")] public bool? Enabled { get; set; }
}

/// <summary>The body of POST /simulator/task-filters and its answer: the filter_property names GET /tasks refuses.</summary>
public sealed class TaskFiltersJson
{
    [JsonPropertyName("refused")] public List<string>? Refused { get; set; }
}

/// <summary>The body of GET /simulator/settings: every misbehaviour switch in force.</summary>
public sealed class SettingsJson
{
    [JsonPropertyName("session_lifetime_seconds")] public int? SessionLifetimeSeconds { get; set; }
    [JsonPropertyName("stall_tasks")] public bool StallTasks { get; set; }
    [JsonPropertyName("rate_limit")] public RateLimitJson RateLimit { get; set; } = new();
    [JsonPropertyName("faults")] public IReadOnlyList<FaultRuleJson> Faults { get; set; } = [];
    [JsonPropertyName("task_result")] public string TaskResult { get; set; } = "none";
    [JsonPropertyName("remote_session_not_logged_in")] public int RemoteSessionNotLoggedIn { get; set; } = 404;
    [JsonPropertyName("task_meta")] public string TaskMeta { get; set; } = "omit";
    [JsonPropertyName("login_refused")] public int LoginRefused { get; set; } = 401;
}

/// <summary>
/// The body of POST /simulator/alternatives (fields left out keep their value) and the answer of GET and POST: how the
/// simulator answers where the spec allows more than one answer.
/// </summary>
public sealed class AlternativesJson
{
    [JsonPropertyName("remote_session_not_logged_in")] public int? RemoteSessionNotLoggedIn { get; set; }
    [JsonPropertyName("task_meta")] public string? TaskMeta { get; set; }
    [JsonPropertyName("task_result")] public string? TaskResult { get; set; }
    [JsonPropertyName("login_refused")] public int? LoginRefused { get; set; }
}

/// <summary>The body of POST /simulator/task-result and of its answer: "none", "pairing-id" or "pairing-id-string".</summary>
public sealed class TaskResultJson
{
    [JsonPropertyName("mode")] public string? Mode { get; set; }
}

/// <summary>The answer of POST /simulator/sites/{vc_guid}/rotate-certificates: the remote site's new thumbprints.</summary>
public sealed class RotatedCertificatesJson
{
    [JsonPropertyName("vc_guid")] public string VcGuid { get; set; } = "";
    [JsonPropertyName("psc_thumbprint")] public string PscThumbprint { get; set; } = "";
    [JsonPropertyName("psc_thumbprint_sha256")] public string? PscThumbprintSha256 { get; set; }
    [JsonPropertyName("srm_thumbprint")] public string SrmThumbprint { get; set; } = "";
    [JsonPropertyName("srm_thumbprint_sha256")] public string? SrmThumbprintSha256 { get; set; }
}
