using System.Text.Json.Serialization;

namespace Srm.Simulator.Json;

/// <summary>The body of POST /simulator/faults.</summary>
public sealed class FaultRuleRequestJson
{
    [JsonPropertyName("kind")] public string? Kind { get; set; }
    [JsonPropertyName("status")] public int? Status { get; set; }
    [JsonPropertyName("count")] public int? Count { get; set; }
    [JsonPropertyName("endpoint")] public string? Endpoint { get; set; }
    [JsonPropertyName("retry_after")] public int? RetryAfter { get; set; }
    [JsonPropertyName("ms")] public int? Ms { get; set; }
    [JsonPropertyName("when")] public string? When { get; set; }
}

/// <summary>One active fault rule, as POST and GET /simulator/faults show it.</summary>
public sealed class FaultRuleJson
{
    [JsonPropertyName("id")] public int Id { get; set; }
    [JsonPropertyName("kind")] public string Kind { get; set; } = "";
    [JsonPropertyName("endpoint")] public string? Endpoint { get; set; }
    [JsonPropertyName("status")] public int? Status { get; set; }
    [JsonPropertyName("retry_after")] public int? RetryAfter { get; set; }
    [JsonPropertyName("ms")] public int? Ms { get; set; }
    [JsonPropertyName("when")] public string? When { get; set; }
    [JsonPropertyName("count")] public int? Count { get; set; }
    [JsonPropertyName("remaining")] public int? Remaining { get; set; }
    [JsonPropertyName("spec")] public string Spec { get; set; } = "";
}

/// <summary>The body of GET /simulator/faults.</summary>
public sealed class FaultListJson
{
    [JsonPropertyName("faults")] public IReadOnlyList<FaultRuleJson> Faults { get; set; } = [];
}
