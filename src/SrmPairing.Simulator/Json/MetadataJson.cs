using System.Text.Json.Serialization;

namespace Srm.Simulator.Json;

/// <summary>Metadata: "_meta" of a single entity.</summary>
public sealed class MetadataJson
{
    [JsonPropertyName("errors")] public List<MetaErrorJson> Errors { get; set; } = [];
}

/// <summary>MetadataList: "_meta" of a list, with paging values.</summary>
public sealed class MetadataListJson
{
    [JsonPropertyName("errors")] public List<MetaErrorJson> Errors { get; set; } = [];
    [JsonPropertyName("total")] public long Total { get; set; }
    [JsonPropertyName("offset")] public long Offset { get; set; }
    [JsonPropertyName("limit")] public long Limit { get; set; }
}

/// <summary>MetaError (field is required by the spec).</summary>
public sealed class MetaErrorJson
{
    [JsonPropertyName("code")] public string? Code { get; set; }
    [JsonPropertyName("message")] public string? Message { get; set; }
    [JsonPropertyName("field")] public string Field { get; set; } = "";
}
