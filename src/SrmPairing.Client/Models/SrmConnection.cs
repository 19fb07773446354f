using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Srm.Client.Http;
using Srm.Client.Pairings;
using Srm.Client.Tasks;

namespace Srm.Client.Models
{
    /// <summary>
    /// An open session with one SRM server: <see cref="ConnectAsync(SrmEndpoint, SrmCredential, SrmClientOptions, CancellationToken)"/>
    /// opens it, <see cref="Pairings"/> and <see cref="Tasks"/> act through it, <see cref="CloseAsync"/> ends it. It holds
    /// no secret in any public member: the session id and the credential live inside its HTTP core. Its calls may run
    /// concurrently from several threads.
    /// </summary>
    public sealed class SrmConnection : IDisposable
    {
        /// <summary>What follows the address in the text form of a connection whose <see cref="Ordinal"/> is 2 or more: "srm-a#2".</summary>
        public const char OrdinalSeparator = '#';

        private int _ordinal = 1;

        internal SrmConnection(SrmEndpoint endpoint, string user, SrmClient client)
        {
            Server = endpoint.Host;
            Port = endpoint.Port;
            BaseUri = endpoint.BaseUri;
            User = user;
            Client = client;
            client.Owner = this;
            Pairings = new SrmPairingOperations(client);
            Tasks = new SrmTaskOperations(client);
        }

        /// <summary>
        /// Logs in (POST /session with HTTP Basic) and reads the server's details (GET /server/info) into a new, open
        /// connection. Nothing is left open when it fails: a session opened before a later step failed (or was
        /// cancelled) is closed again. Failures are <see cref="SrmApiException"/>s.
        /// </summary>
        /// <param name="endpoint">The server, e.g. <c>SrmEndpoint.Parse("srm-a.example.com")</c>.</param>
        /// <param name="credential">The SSO user and password of the SRM site.</param>
        /// <param name="options">How to talk to the server (certificate checks, time limits, retries, tracing); null for the defaults.</param>
        /// <param name="cancellationToken">Cancels the login.</param>
        /// <returns>The open connection; close it with <see cref="CloseAsync"/>.</returns>
        public static Task<SrmConnection> ConnectAsync(SrmEndpoint endpoint, SrmCredential credential, SrmClientOptions? options,
            CancellationToken cancellationToken = default(CancellationToken))
        {
            return ConnectAsync(endpoint, credential, options, null, cancellationToken);
        }

        /// <summary>As the public overload, over a given message handler (an in-process stand-in for a server).</summary>
        internal static async Task<SrmConnection> ConnectAsync(SrmEndpoint endpoint, SrmCredential credential, SrmClientOptions? options,
            HttpMessageHandler? handler, CancellationToken cancellationToken)
        {
            if (endpoint == null)
            {
                throw new ArgumentNullException(nameof(endpoint));
            }

            if (credential == null)
            {
                throw new ArgumentNullException(nameof(credential));
            }

            var client = new SrmClient(endpoint, options, handler);
            var connection = new SrmConnection(endpoint, credential.UserName, client);
            try
            {
                await client.LoginAsync(credential, cancellationToken).ConfigureAwait(false);
                try
                {
                    var info = await client.GetServerInfoAsync(cancellationToken).ConfigureAwait(false);
                    if (info == null)
                    {
                        throw new SrmApiException(SrmErrorKind.InvalidResponse, "GET", "/server/info",
                            $"GET /server/info on {connection} answered without the server's details.");
                    }

                    // GetServerInfoAsync has refused an answer without a name, version, vc_name or vc_guid.
                    connection.Name = info.Name!;
                    connection.Version = info.Version!;
                    connection.SrmId = info.Id;
                    connection.VcName = info.VcName!;
                    connection.VcGuid = info.VcGuid!;
                    connection.ExtensionKey = info.ExtensionKey;
                }
                catch
                {
                    // Whatever failed (an error, an answer that makes no sense, a cancellation), nobody could reach
                    // this session any more: close it, with a token of its own, since the caller's may be the cancelled one.
                    await client.LogoutQuietlyAsync().ConfigureAwait(false);
                    throw;
                }

                connection.IsConnected = true;
                return connection;
            }
            catch
            {
                client.Dispose();
                throw;
            }
        }

        /// <summary>The SRM server's host name or address, as given to connect.</summary>
        public string Server { get; }

        /// <summary>The server's HTTPS port (443 unless given).</summary>
        public int Port { get; }

        /// <summary>The REST API's base address, e.g. https://srm-a.example.com/api/rest/srm/v2.</summary>
        public Uri BaseUri { get; }

        /// <summary>The user the session was opened for.</summary>
        public string User { get; }

        /// <summary>The SRM server's own name (from /server/info).</summary>
        public string Name { get; internal set; } = string.Empty;

        /// <summary>The SRM version (from /server/info).</summary>
        public string Version { get; internal set; } = string.Empty;

        /// <summary>The SRM server's id (from /server/info).</summary>
        public string? SrmId { get; internal set; }

        /// <summary>The name of the vCenter Server this SRM site belongs to.</summary>
        public string VcName { get; internal set; } = string.Empty;

        /// <summary>The instance GUID of the vCenter Server this SRM site belongs to.</summary>
        public string VcGuid { get; internal set; } = string.Empty;

        /// <summary>The SRM extension key registered with vCenter Server (from /server/info).</summary>
        public string? ExtensionKey { get; internal set; }

        /// <summary>True from a successful connect until <see cref="CloseAsync"/> or <see cref="Dispose"/>.</summary>
        public bool IsConnected { get; internal set; }

        /// <summary>The pairings of this SRM site: list, read, create, remove, reconnect, and log in to their remote sites.</summary>
        public SrmPairingOperations Pairings { get; }

        /// <summary>The tasks of this SRM server: read, list and wait for them.</summary>
        public SrmTaskOperations Tasks { get; }

        /// <summary>
        /// Tells apart several open connections to the same server in the text form (<see cref="ToString"/>): 1 (the
        /// default) shows the address alone, 2 and up add "#2", "#3"... An application that keeps several connections
        /// to one server numbers them (the PowerShell module does, per runspace, when it registers a connection).
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
        public int Ordinal
        {
            get => _ordinal;
            set
            {
                if (value < 1)
                {
                    throw new ArgumentOutOfRangeException(nameof(value), "An ordinal is 1 or more.");
                }

                _ordinal = value;
            }
        }

        /// <summary>The server as an address: "host" (port 443) or "host:port", never with the "#2" of the text form.</summary>
        public string Address => Port == 443 ? Server : Server + ":" + Port;

        internal SrmClient Client { get; }

        /// <summary>
        /// Ends the session (DELETE /session), then releases the connection's HTTP resources whatever the server
        /// said; <see cref="IsConnected"/> is false from the start. A session the server had already ended fails with
        /// an <see cref="SrmApiException"/> of kind <see cref="SrmErrorKind.Unauthorized"/>; the connection is closed all
        /// the same. Closing a closed connection sends nothing.
        /// </summary>
        /// <param name="cancellationToken">Cancels the DELETE; the resources are released anyway.</param>
        public async Task CloseAsync(CancellationToken cancellationToken = default(CancellationToken))
        {
            IsConnected = false;
            try
            {
                if (Client.HasSession)
                {
                    await Client.LogoutAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                Client.Dispose();
            }
        }

        /// <summary>
        /// Releases the connection's HTTP resources at once, without telling the server: the session expires there
        /// on its own. Use <see cref="CloseAsync"/> to end it.
        /// </summary>
        public void Dispose()
        {
            IsConnected = false;
            Client.Dispose();
        }

        /// <summary>
        /// "host" (port 443) or "host:port", with "#2", "#3"... for a second or later connection to the same server
        /// (<see cref="Ordinal"/>): the text the PowerShell module's -Connection accepts and its tab completion offers.
        /// </summary>
        public override string ToString() => Ordinal > 1 ? Address + OrdinalSeparator + Ordinal : Address;
    }
}
