using Newtonsoft.Json;

namespace Srm.Client.Wire
{
    /// <summary>GET /pairings/{pairing_id}/remote-session: the remote user this local session is logged in as.</summary>
    internal sealed class RemoteSessionData
    {
        [JsonProperty("username")] public string? Username { get; set; }
    }
}
