using System;

namespace Srm.Client.Models
{
    /// <summary>A pairing between the connected SRM site and another site (or, with IsSelf, the site's own entry).</summary>
    public sealed class SrmPairing
    {
        /// <summary>A pairing as the server describes it.</summary>
        public SrmPairing(string pairingId, SrmServerInfo? localVcServer, SrmServerInfo? remoteVcServer, SrmServerInfo? localSrmServer, SrmServerInfo? remoteSrmServer)
        {
            PairingId = pairingId;
            LocalVcServer = localVcServer;
            RemoteVcServer = remoteVcServer;
            LocalSrmServer = localSrmServer;
            RemoteSrmServer = remoteSrmServer;
        }

        /// <summary>The pairing's id (pairing_id).</summary>
        public string PairingId { get; }

        /// <summary>The local site's vCenter Server.</summary>
        public SrmServerInfo? LocalVcServer { get; }

        /// <summary>The remote site's vCenter Server.</summary>
        public SrmServerInfo? RemoteVcServer { get; }

        /// <summary>The local site's SRM server.</summary>
        public SrmServerInfo? LocalSrmServer { get; }

        /// <summary>The remote site's SRM server.</summary>
        public SrmServerInfo? RemoteSrmServer { get; }

        /// <summary>The site's own entry in GET /pairings: local and remote vCenter are the same. Not a pairing to another site.</summary>
        public bool IsSelf =>
            LocalVcServer?.Id != null && RemoteVcServer?.Id != null &&
            string.Equals(LocalVcServer.Id, RemoteVcServer.Id, StringComparison.OrdinalIgnoreCase);

        /// <summary>The remote vCenter Server's instance GUID (what a PairingSpec calls pair_vc_guid).</summary>
        public string? RemoteVcGuid => RemoteVcServer?.Id;

        /// <summary>
        /// The remote site's user that the connection's session is logged in to the remote site as (Connect-SrmRemoteSite).
        /// Null when it is not logged in, and also when the state was not read (see <see cref="IsRemoteLoggedIn"/>, which
        /// tells the two apart). Read by Get-SrmPairing -IncludeRemoteSession and set by Connect-SrmRemoteSite.
        /// </summary>
        public string? RemoteSessionUser { get; private set; }

        /// <summary>
        /// True when the connection's session is logged in to the remote site (remove and repair need that), False when
        /// it is not, null when unknown: read without asking (Get-SrmPairing without -IncludeRemoteSession, New-SrmPairing,
        /// Wait-SrmTask), or the server could not say.
        /// </summary>
        public bool? IsRemoteLoggedIn { get; private set; }

        /// <summary>Records the remote login: the remote user, or null for "not logged in".</summary>
        internal void SetRemoteSession(string? remoteUser)
        {
            RemoteSessionUser = remoteUser;
            IsRemoteLoggedIn = remoteUser != null;
        }

        /// <summary>Forgets the remote login state: unknown again.</summary>
        internal void SetRemoteSessionUnknown()
        {
            RemoteSessionUser = null;
            IsRemoteLoggedIn = null;
        }

        /// <summary>The connection the pairing was read from.</summary>
        public SrmConnection? Connection { get; internal set; }

        /// <summary>The pairing id.</summary>
        public override string ToString() => PairingId ?? string.Empty;
    }
}
