using System.Text.Json.Serialization;

namespace Srm.Simulator.Json;

/// <summary>The body of GET /simulator/stats.</summary>
public sealed class StatsJson
{
    [JsonPropertyName("requests")] public long Requests { get; set; }
    [JsonPropertyName("by_endpoint")] public IReadOnlyDictionary<string, long> ByEndpoint { get; set; } = new Dictionary<string, long>();
    [JsonPropertyName("sessions")] public int Sessions { get; set; }
    [JsonPropertyName("tasks")] public int Tasks { get; set; }
    [JsonPropertyName("pairings")] public int Pairings { get; set; }
    [JsonPropertyName("rate_limited")] public long RateLimited { get; set; }
    [JsonPropertyName("faults_injected")] public long FaultsInjected { get; set; }
}

/// <summary>The optional body of POST /simulator/tasks/{taskId}/fail.</summary>
public sealed class FailTaskRequestJson
{
    [JsonPropertyName("message")] public string? Message { get; set; }
    [JsonPropertyName("details")] public string? Details { get; set; }
}
