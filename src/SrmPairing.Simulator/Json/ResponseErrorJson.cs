using System.Text.Json.Serialization;

namespace Srm.Simulator.Json;

/// <summary>ResponseError: the body of 400 and 500 responses.</summary>
public sealed class ResponseErrorJson
{
    [JsonPropertyName("error_code")] public string ErrorCode { get; set; } = "";
    [JsonPropertyName("message")] public string Message { get; set; } = "";
    [JsonPropertyName("op_id")] public string OpId { get; set; } = "";
}
