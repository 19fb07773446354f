using System;
using Srm.Client.Http;

namespace Srm.Client.Models
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

        /// <summary>What follows the server in the text form of a second or later connection to it: "srm-a#2".</summary>
        internal const char OrdinalSeparator = '#';

        /// <summary>
        /// 1 for the first open connection to this server in the runspace that opened it, 2 for a second one open at
        /// the same time, and so on; set once, when the connection is registered, so that its text form never changes.
        /// </summary>
        internal int Ordinal { get; set; } = 1;

        /// <summary>
        /// "host" (port 443) or "host:port", with "#2", "#3"... for a second or later connection to the same server:
        /// the text -Connection accepts and tab completion offers, one for each open connection.
        /// </summary>
        public override string ToString() => Ordinal > 1 ? Address + OrdinalSeparator + Ordinal : Address;

        /// <summary>The server as an address: "host" (port 443) or "host:port", never with the "#2" of the text form.</summary>
        internal string Address => Port == 443 ? Server : Server + ":" + Port;
    }
}
