using System;

namespace SrmPairing.Models
{
    /// <summary>A pairing between the connected SRM site and another site (or, with IsSelf, the site's own entry).</summary>
    public sealed class SrmPairing
    {
        public SrmPairing(string pairingId, SrmServerInfo localVcServer, SrmServerInfo remoteVcServer, SrmServerInfo localSrmServer, SrmServerInfo remoteSrmServer)
        {
            PairingId = pairingId;
            LocalVcServer = localVcServer;
            RemoteVcServer = remoteVcServer;
            LocalSrmServer = localSrmServer;
            RemoteSrmServer = remoteSrmServer;
        }

        public string PairingId { get; }

        public SrmServerInfo LocalVcServer { get; }

        public SrmServerInfo RemoteVcServer { get; }

        public SrmServerInfo LocalSrmServer { get; }

        public SrmServerInfo RemoteSrmServer { get; }

        /// <summary>The site's own entry in GET /pairings: local and remote vCenter are the same. Not a pairing to another site.</summary>
        public bool IsSelf =>
            LocalVcServer?.Id != null && RemoteVcServer?.Id != null &&
            string.Equals(LocalVcServer.Id, RemoteVcServer.Id, StringComparison.OrdinalIgnoreCase);

        /// <summary>The remote vCenter Server's instance GUID (what a PairingSpec calls pair_vc_guid).</summary>
        public string RemoteVcGuid => RemoteVcServer?.Id;

        /// <summary>The connection the pairing was read from.</summary>
        public SrmConnection Connection { get; internal set; }

        public override string ToString() => PairingId ?? string.Empty;
    }
}
