using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Srm.Client.Models;

namespace Srm.Client.Http
{
    /// <summary>Opens and closes sessions: POST /session, GET /server/info, DELETE /session.</summary>
    public static class SrmConnector
    {
        /// <summary>Logs in and reads /server/info into a new connection. Nothing is left open when it fails.</summary>
        public static Task<SrmConnection> ConnectAsync(SrmEndpoint endpoint, SrmCredential credential, SrmClientOptions options, CancellationToken cancellationToken)
        {
            return ConnectAsync(endpoint, credential, options, null, cancellationToken);
        }

        internal static async Task<SrmConnection> ConnectAsync(SrmEndpoint endpoint, SrmCredential credential, SrmClientOptions options,
            HttpMessageHandler handler, CancellationToken cancellationToken)
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

                    connection.Name = info.Name;
                    connection.Version = info.Version;
                    connection.SrmId = info.Id;
                    connection.VcName = info.VcName;
                    connection.VcGuid = info.VcGuid;
                    connection.ExtensionKey = info.ExtensionKey;
                }
                catch
                {
                    // Whatever failed (an error, an answer that makes no sense, Ctrl+C), nobody could reach this
                    // session any more: close it, with a token of its own, since the caller's may be the cancelled one.
                    await CloseQuietlyAsync(client).ConfigureAwait(false);
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

        /// <summary>DELETE /session, then releases the connection's HTTP resources whatever the server said.</summary>
        public static async Task DisconnectAsync(SrmConnection connection, CancellationToken cancellationToken)
        {
            if (connection == null)
            {
                throw new ArgumentNullException(nameof(connection));
            }

            connection.IsConnected = false;
            try
            {
                if (connection.Client.HasSession)
                {
                    await connection.Client.LogoutAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                connection.Client.Dispose();
            }
        }

        /// <summary>
        /// Closes a connection that a later step of connecting failed on, so that no session is left open that
        /// nobody can reach: a best-effort DELETE /session with a short time limit of its own (never a cancelled
        /// token), then the connection's HTTP resources are released. It never throws.
        /// </summary>
        public static async Task AbandonAsync(SrmConnection connection)
        {
            if (connection == null)
            {
                throw new ArgumentNullException(nameof(connection));
            }

            connection.IsConnected = false;
            try
            {
                if (connection.Client.HasSession)
                {
                    await CloseQuietlyAsync(connection.Client).ConfigureAwait(false);
                }
            }
            finally
            {
                connection.Client.Dispose();
            }
        }

        private static async Task CloseQuietlyAsync(SrmClient client)
        {
            try
            {
                using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
                {
                    await client.LogoutAsync(cts.Token).ConfigureAwait(false);
                }
            }
            catch (Exception)
            {
                // The session could not be closed; it expires on the server.
            }
        }
    }
}
