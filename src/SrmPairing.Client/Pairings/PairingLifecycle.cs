using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Srm.Client.Http;
using Srm.Client.Models;

namespace Srm.Client.Pairings
{
    /// <summary>
    /// What the pairing cmdlets do with an existing pairing: log in to its remote site, read that login's state,
    /// remove it and reconnect it. A remote login belongs to the local session that made it, so every call here uses
    /// the one connection it is given.
    /// </summary>
    public static class PairingLifecycle
    {
        /// <summary>GET /pairings/{id}; an unknown id is an <see cref="SrmApiException"/> of kind NotFound.</summary>
        public static Task<SrmPairing> GetAsync(SrmConnection connection, string pairingId, CancellationToken cancellationToken)
        {
            return connection.Client.GetPairingAsync(pairingId, cancellationToken);
        }

        /// <summary>
        /// Fills <see cref="SrmPairing.RemoteSessionUser"/> and <see cref="SrmPairing.IsRemoteLoggedIn"/> of
        /// each pairing but the self entry: one GET /pairings/{id}/remote-session per pairing. This optional state never
        /// fails the listing: a pairing whose state cannot be read is left unknown and comes back as a failure (for a
        /// warning). A failure that is not about one pairing (no answer, the local session refused) stops the reading:
        /// the pairings after it stay unknown, without a failure of their own.
        /// </summary>
        public static async Task<IReadOnlyList<RemoteSessionReadFailure>> ReadRemoteSessionsAsync(SrmConnection connection,
            IEnumerable<SrmPairing> pairings, CancellationToken cancellationToken)
        {
            var failures = new List<RemoteSessionReadFailure>();
            var stopped = false;
            foreach (var pairing in pairings.Where(p => p != null && !p.IsSelf && !string.IsNullOrEmpty(p.PairingId)))
            {
                pairing.SetRemoteSessionUnknown();
                if (stopped)
                {
                    continue;
                }

                try
                {
                    pairing.SetRemoteSession(await connection.Client.GetRemoteSessionUserAsync(pairing.PairingId, cancellationToken).ConfigureAwait(false));
                }
                catch (SrmApiException ex)
                {
                    failures.Add(new RemoteSessionReadFailure(pairing, ex));
                    stopped = ex.StatusCode == null || ex.StatusCode == 401 || ex.Kind == SrmErrorKind.RateLimited;
                }
            }

            return failures;
        }

        /// <summary>
        /// Logs the connection's session in to the pairing's remote site, then reads the pairing again
        /// (GET /pairings/{id}) and returns it, logged in.
        /// </summary>
        public static async Task<SrmPairing> ConnectRemoteSiteAsync(SrmConnection connection, string pairingId, SrmCredential remoteCredential,
            CancellationToken cancellationToken)
        {
            await connection.Client.LoginRemoteSiteAsync(pairingId, remoteCredential, cancellationToken).ConfigureAwait(false);
            var pairing = await connection.Client.GetPairingAsync(pairingId, cancellationToken).ConfigureAwait(false);
            pairing.SetRemoteSession(remoteCredential.UserName);
            return pairing;
        }

        /// <summary>
        /// Logs in to the remote site of every pairing but the self entry (GET /pairings, then one login each). A
        /// failed login does not stop the others: each outcome carries its pairing and, when it failed, the error.
        /// </summary>
        public static async Task<IReadOnlyList<RemoteLoginOutcome>> ConnectAllRemoteSitesAsync(SrmConnection connection, SrmCredential remoteCredential,
            CancellationToken cancellationToken)
        {
            var outcomes = new List<RemoteLoginOutcome>();
            var pairings = await connection.Client.GetPairingsAsync(cancellationToken).ConfigureAwait(false);
            foreach (var pairing in pairings.Where(p => !p.IsSelf && !string.IsNullOrEmpty(p.PairingId)))
            {
                try
                {
                    await connection.Client.LoginRemoteSiteAsync(pairing.PairingId, remoteCredential, cancellationToken).ConfigureAwait(false);
                    pairing.SetRemoteSession(remoteCredential.UserName);
                    outcomes.Add(new RemoteLoginOutcome(pairing, null));
                }
                catch (SrmApiException ex)
                {
                    pairing.SetRemoteSession(null);
                    outcomes.Add(new RemoteLoginOutcome(pairing, ex));
                }
            }

            return outcomes;
        }

        /// <summary>
        /// Removes a pairing (DELETE /pairings/{id}) and returns its task. With a remote credential it logs in to the
        /// remote site first; without one it checks the remote login (GET .../remote-session) and, when the server says
        /// there is none, throws <see cref="SrmErrorKind.RemoteSiteNotLoggedIn"/> without sending the DELETE. When that
        /// state cannot be read, the DELETE is sent anyway: the server refuses it if the remote login is missing.
        /// </summary>
        public static async Task<SrmTask> RemoveAsync(SrmConnection connection, string pairingId, SrmCredential remoteCredential,
            CancellationToken cancellationToken)
        {
            var client = connection.Client;
            if (remoteCredential != null)
            {
                await client.LoginRemoteSiteAsync(pairingId, remoteCredential, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                string remoteUser;
                try
                {
                    remoteUser = await client.GetRemoteSessionUserAsync(pairingId, cancellationToken).ConfigureAwait(false);
                }
                catch (SrmApiException ex)
                {
                    SrmTrace.Write($"The remote login of pairing {pairingId} could not be checked ({ex.Message}); sending the DELETE, which the server refuses without one.");
                    remoteUser = string.Empty;
                }

                if (remoteUser == null)
                {
                    throw client.RemoteSiteNotLoggedIn(pairingId, "GET", SrmClient.PairingPath(pairingId) + "/remote-session");
                }
            }

            return await client.DeletePairingAsync(pairingId, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Reconnects a pairing with a fresh spec (POST /pairings/{id}/actions/reconnect) and returns its task.</summary>
        public static Task<SrmTask> RepairAsync(SrmConnection connection, string pairingId, PairingSpec spec, CancellationToken cancellationToken)
        {
            if (spec == null)
            {
                throw new ArgumentNullException(nameof(spec));
            }

            return connection.Client.ReconnectPairingAsync(pairingId, spec, cancellationToken);
        }
    }

    /// <summary>One remote login of <see cref="PairingLifecycle.ConnectAllRemoteSitesAsync"/>: the pairing, and the error when it failed.</summary>
    public sealed class RemoteLoginOutcome
    {
        internal RemoteLoginOutcome(SrmPairing pairing, SrmApiException error)
        {
            Pairing = pairing;
            Error = error;
        }

        public SrmPairing Pairing { get; }

        /// <summary>Null when the login succeeded.</summary>
        public SrmApiException Error { get; }
    }

    /// <summary>A remote login state that <see cref="PairingLifecycle.ReadRemoteSessionsAsync"/> could not read: the pairing (left unknown) and why.</summary>
    public sealed class RemoteSessionReadFailure
    {
        internal RemoteSessionReadFailure(SrmPairing pairing, SrmApiException error)
        {
            Pairing = pairing;
            Error = error;
        }

        public SrmPairing Pairing { get; }

        public SrmApiException Error { get; }
    }
}
