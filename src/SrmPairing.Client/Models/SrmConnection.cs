using System;
using SrmPairing.Http;

namespace SrmPairing.Models
{
    /// <summary>
    /// An open session with one SRM server. It holds no secret in any public member: the session id and the
    /// credential live inside the HTTP client, which PowerShell never sees.
    /// </summary>
    public sealed class SrmConnection
    {
        internal SrmConnection(SrmEndpoint endpoint, string user, SrmClient client)
        {
            Server = endpoint.Host;
            Port = endpoint.Port;
            BaseUri = endpoint.BaseUri;
            User = user;
            Client = client;
            client.Owner = this;
        }

        /// <summary>The SRM server's host name or address, as given to Connect-SrmServer.</summary>
        public string Server { get; }

        public int Port { get; }

        /// <summary>The REST API's base address, e.g. https://srm-a.example.com/api/rest/srm/v2.</summary>
        public Uri BaseUri { get; }

        /// <summary>The user the session was opened for.</summary>
        public string User { get; }

        /// <summary>The SRM server's own name (from /server/info).</summary>
        public string Name { get; internal set; }

        /// <summary>The SRM version (from /server/info).</summary>
        public string Version { get; internal set; }

        public string SrmId { get; internal set; }

        /// <summary>The name of the vCenter Server this SRM site belongs to.</summary>
        public string VcName { get; internal set; }

        /// <summary>The instance GUID of the vCenter Server this SRM site belongs to.</summary>
        public string VcGuid { get; internal set; }

        public string ExtensionKey { get; internal set; }

        /// <summary>True until Disconnect-SrmServer closes the session.</summary>
        public bool IsConnected { get; internal set; }

        internal SrmClient Client { get; }

        public override string ToString() => Port == 443 ? Server : Server + ":" + Port;
    }
}
