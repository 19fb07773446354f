using System.Text.Json.Serialization;

namespace Srm.Simulator.Json;

/// <summary>Pairing: one entry of GET /pairings.</summary>
public class PairingJson
{
    [JsonPropertyName("pairing_id")] public string PairingId { get; set; } = "";
    [JsonPropertyName("local_vc_server")] public ServerInfoJson LocalVcServer { get; set; } = new();
    [JsonPropertyName("remote_vc_server")] public ServerInfoJson RemoteVcServer { get; set; } = new();
    [JsonPropertyName("local_srm_server")] public ServerInfoJson LocalSrmServer { get; set; } = new();
    [JsonPropertyName("remote_srm_server")] public ServerInfoJson RemoteSrmServer { get; set; } = new();
}

/// <summary>PairingDrResponseEntity: the body of GET /pairings/{pairing_id} (Pairing plus "_meta").</summary>
public sealed class PairingEntityJson : PairingJson
{
    [JsonPropertyName("_meta"), JsonPropertyOrder(100)] public MetadataJson Meta { get; set; } = new();
}

/// <summary>PairingDrResponseList: the body of GET /pairings.</summary>
public sealed class PairingListJson
{
    [JsonPropertyName("list")] public List<PairingJson> List { get; set; } = [];
    [JsonPropertyName("_meta")] public MetadataListJson Meta { get; set; } = new();
}
