using System.Text.Json.Serialization;

namespace Srm.Simulator.Json;

/// <summary>ServerInfo: a vCenter Server or SRM in a pairing. certificates and certificate_warnings are left out (the spec allows it).</summary>
public class ServerInfoJson
{
    [JsonPropertyName("id")] public string Id { get; set; } = "";
    [JsonPropertyName("url")] public string Url { get; set; } = "";
    [JsonPropertyName("name")] public string Name { get; set; } = "";
    [JsonPropertyName("server_status")] public string ServerStatus { get; set; } = "OK";
    [JsonPropertyName("version")] public string Version { get; set; } = "";
}

/// <summary>SrmInfoDrResponseEntity: the body of GET /server/info (SrmInfo plus "_meta").</summary>
public sealed class SrmInfoEntityJson : ServerInfoJson
{
    [JsonPropertyName("vc_guid"), JsonPropertyOrder(10)] public string VcGuid { get; set; } = "";
    [JsonPropertyName("vc_name"), JsonPropertyOrder(10)] public string VcName { get; set; } = "";
    [JsonPropertyName("extension_key"), JsonPropertyOrder(10)] public string ExtensionKey { get; set; } = "";
    [JsonPropertyName("_meta"), JsonPropertyOrder(100)] public MetadataJson Meta { get; set; } = new();
}
