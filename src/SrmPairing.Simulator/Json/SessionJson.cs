using System.Text.Json.Serialization;

namespace Srm.Simulator.Json;

/// <summary>SessionIdData: the body of POST /session.</summary>
public sealed class SessionIdDataJson
{
    [JsonPropertyName("session_id")] public string SessionId { get; set; } = "";
}

/// <summary>SessionInfo: the body of GET /session.</summary>
public sealed class SessionInfoJson
{
    [JsonPropertyName("username")] public string UserName { get; set; } = "";
}
