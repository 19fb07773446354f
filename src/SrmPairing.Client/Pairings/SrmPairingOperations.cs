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
    /// The pairings of one connection's SRM site (<see cref="SrmConnection.Pairings"/>): list and read them, create,
    /// remove and reconnect them, and log the connection's session in to their remote sites. A remote login belongs to
    /// the local session that made it, so removing and reconnecting need it on this same connection. Failures are
    /// <see cref="SrmApiException"/>s; every call may run concurrently with others.
    /// </summary>
    public sealed class SrmPairingOperations
    {
        private readonly SrmClient _client;

        internal SrmPairingOperations(SrmClient client)
        {
            _client = client;
        }

        /// <summary>
        /// GET /pairings, every page, in the server's order. The site's own entry (<see cref="SrmPairing.IsSelf"/>) is
        /// included. A server whose paging cannot be followed is an error, never a partial list.
        /// </summary>
        /// <param name="cancellationToken">Cancels the listing.</param>
        /// <returns>The pairings; their remote login state is unknown (see <see cref="ReadRemoteSessionsAsync"/>).</returns>
        public Task<IReadOnlyList<SrmPairing>> ListAsync(CancellationToken cancellationToken = default(CancellationToken))
        {
            return _client.GetPairingsAsync(cancellationToken);
        }

        /// <summary>GET /pairings/{id}; an unknown id is an <see cref="SrmApiException"/> of kind <see cref="SrmErrorKind.NotFound"/>.</summary>
        /// <param name="pairingId">The pairing's id.</param>
        /// <param name="cancellationToken">Cancels the request.</param>
        /// <returns>The pairing; its remote login state is unknown.</returns>
        public Task<SrmPairing> GetAsync(string pairingId, CancellationToken cancellationToken = default(CancellationToken))
        {
            return _client.GetPairingAsync(pairingId, cancellationToken);
        }

        /// <summary>
        /// POST /pairings: asks the site to pair with the remote site <paramref name="spec"/> describes. It is sent
        /// exactly once: when the answer is lost after the request may have reached the server, it looks for the task
        /// (GET /tasks) and then for the pairing (GET /pairings) instead of sending it again, and says so in
        /// <see cref="PairingCreationResult.RecoveryNote"/>. When neither is found the failure is thrown, saying it is
        /// safe to try again.
        /// </summary>
        /// <param name="spec">The remote site: PSC address, port, thumbprint and credential, vCenter GUID, SRM address and thumbprint.</param>
        /// <param name="cancellationToken">Cancels the request.</param>
        /// <returns>The pairing task (to wait for with <see cref="SrmConnection.Tasks"/>), or the pairing found after a lost answer.</returns>
        public Task<PairingCreationResult> CreateAsync(PairingSpec spec, CancellationToken cancellationToken = default(CancellationToken))
        {
            if (spec == null)
            {
                throw new ArgumentNullException(nameof(spec));
            }

            return PairingCreator.CreateAsync(_client, spec, cancellationToken);
        }

        /// <summary>
        /// Removes a pairing (DELETE /pairings/{id}) and returns its task. With a remote credential it logs in to the
        /// remote site first; without one it checks the remote login (GET .../remote-session) and, when the server says
        /// there is none, throws <see cref="SrmErrorKind.RemoteSiteNotLoggedIn"/> without sending the DELETE. When that
        /// state cannot be read, the DELETE is sent anyway: the server refuses it if the remote login is missing.
        /// </summary>
        /// <param name="pairingId">The pairing's id.</param>
        /// <param name="remoteCredential">An SSO user of the remote site, or null when this session is already logged in to it.</param>
        /// <param name="cancellationToken">Cancels the requests.</param>
        /// <returns>The unpairing task.</returns>
        public async Task<SrmTask> RemoveAsync(string pairingId, SrmCredential? remoteCredential,
            CancellationToken cancellationToken = default(CancellationToken))
        {
            if (remoteCredential != null)
            {
                await _client.LoginRemoteSiteAsync(pairingId, remoteCredential, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                string? remoteUser;
                try
                {
                    remoteUser = await _client.GetRemoteSessionUserAsync(pairingId, cancellationToken).ConfigureAwait(false);
                }
                catch (SrmApiException ex)
                {
                    _client.Trace($"The remote login of pairing {pairingId} could not be checked ({ex.Message}); sending the DELETE, which the server refuses without one.");
                    remoteUser = string.Empty;
                }

                if (remoteUser == null)
                {
                    throw _client.RemoteSiteNotLoggedIn(pairingId, "GET", SrmClient.PairingPath(pairingId) + "/remote-session");
                }
            }

            return await _client.DeletePairingAsync(pairingId, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// Reconnects a pairing with fresh remote site details (POST /pairings/{id}/actions/reconnect), e.g. after the
        /// remote certificates changed, and returns its task. The session must be logged in to the remote site.
        /// </summary>
        /// <param name="pairingId">The pairing's id.</param>
        /// <param name="spec">The remote site's current details.</param>
        /// <param name="cancellationToken">Cancels the request.</param>
        /// <returns>The reconnect task.</returns>
        public Task<SrmTask> ReconnectAsync(string pairingId, PairingSpec spec, CancellationToken cancellationToken = default(CancellationToken))
        {
            if (spec == null)
            {
                throw new ArgumentNullException(nameof(spec));
            }

            return _client.ReconnectPairingAsync(pairingId, spec, cancellationToken);
        }

        /// <summary>
        /// Logs this connection's session in to the pairing's remote site (POST /pairings/{id}/remote-session), then
        /// reads the pairing again (GET /pairings/{id}). A refused credential is
        /// <see cref="SrmErrorKind.RemoteLoginRefused"/>; the local session stays valid.
        /// </summary>
        /// <param name="pairingId">The pairing's id.</param>
        /// <param name="remoteCredential">An SSO user of the remote site.</param>
        /// <param name="cancellationToken">Cancels the requests.</param>
        /// <returns>The pairing, logged in as the remote user.</returns>
        public async Task<SrmPairing> LoginRemoteAsync(string pairingId, SrmCredential remoteCredential,
            CancellationToken cancellationToken = default(CancellationToken))
        {
            if (remoteCredential == null)
            {
                throw new ArgumentNullException(nameof(remoteCredential));
            }

            await _client.LoginRemoteSiteAsync(pairingId, remoteCredential, cancellationToken).ConfigureAwait(false);
            var pairing = await _client.GetPairingAsync(pairingId, cancellationToken).ConfigureAwait(false);
            pairing.SetRemoteSession(remoteCredential.UserName);
            return pairing;
        }

        /// <summary>
        /// Logs in to the remote site of every pairing but the site's own entry (GET /pairings, then one login each).
        /// A failed login does not stop the others: each outcome carries its pairing and, when it failed, the error.
        /// Only a failure to list the pairings is thrown.
        /// </summary>
        /// <param name="remoteCredential">An SSO user of the paired sites.</param>
        /// <param name="cancellationToken">Cancels the requests.</param>
        /// <returns>One outcome per pairing, in the server's order.</returns>
        public async Task<IReadOnlyList<RemoteSiteOutcome>> LoginRemoteAllAsync(SrmCredential remoteCredential,
            CancellationToken cancellationToken = default(CancellationToken))
        {
            if (remoteCredential == null)
            {
                throw new ArgumentNullException(nameof(remoteCredential));
            }

            var outcomes = new List<RemoteSiteOutcome>();
            var pairings = await _client.GetPairingsAsync(cancellationToken).ConfigureAwait(false);
            foreach (var pairing in pairings.Where(p => !p.IsSelf && !string.IsNullOrEmpty(p.PairingId)))
            {
                try
                {
                    await _client.LoginRemoteSiteAsync(pairing.PairingId, remoteCredential, cancellationToken).ConfigureAwait(false);
                    pairing.SetRemoteSession(remoteCredential.UserName);
                    outcomes.Add(new RemoteSiteOutcome(pairing, null));
                }
                catch (SrmApiException ex)
                {
                    pairing.SetRemoteSession(null);
                    outcomes.Add(new RemoteSiteOutcome(pairing, ex));
                }
            }

            return outcomes;
        }

        /// <summary>
        /// GET /pairings/{id}/remote-session: the remote user this session is logged in to the pairing's remote site
        /// as, or null when it is not logged in. An answer without a user name gives an empty string.
        /// </summary>
        /// <param name="pairingId">The pairing's id.</param>
        /// <param name="cancellationToken">Cancels the request.</param>
        /// <returns>The remote user; null when not logged in.</returns>
        public Task<string?> GetRemoteSessionAsync(string pairingId, CancellationToken cancellationToken = default(CancellationToken))
        {
            return _client.GetRemoteSessionUserAsync(pairingId, cancellationToken);
        }

        /// <summary>
        /// Fills <see cref="SrmPairing.RemoteSessionUser"/> and <see cref="SrmPairing.IsRemoteLoggedIn"/> of each
        /// pairing but the site's own entry: one GET /pairings/{id}/remote-session per pairing. This optional state
        /// never fails the listing: a pairing whose state cannot be read is left unknown and comes back as a failure. A
        /// failure that is not about one pairing (no answer, the local session refused, the rate limit) stops the
        /// reading: the pairings after it stay unknown, without a failure of their own.
        /// </summary>
        /// <param name="pairings">Pairings read from this connection.</param>
        /// <param name="cancellationToken">Cancels the requests.</param>
        /// <returns>The states that could not be read; empty when all were.</returns>
        public async Task<IReadOnlyList<RemoteSiteOutcome>> ReadRemoteSessionsAsync(IEnumerable<SrmPairing> pairings,
            CancellationToken cancellationToken = default(CancellationToken))
        {
            if (pairings == null)
            {
                throw new ArgumentNullException(nameof(pairings));
            }

            var failures = new List<RemoteSiteOutcome>();
            var stopped = false;
            foreach (var pairing in pairings.Where(p => p != null && !p.IsSelf && !string.IsNullOrEmpty(p.PairingId)).ToList())
            {
                pairing.SetRemoteSessionUnknown();
                if (stopped)
                {
                    continue;
                }

                try
                {
                    pairing.SetRemoteSession(await _client.GetRemoteSessionUserAsync(pairing.PairingId, cancellationToken).ConfigureAwait(false));
                }
                catch (SrmApiException ex)
                {
                    failures.Add(new RemoteSiteOutcome(pairing, ex));
                    stopped = ex.StatusCode == null || ex.StatusCode == 401 || ex.Kind == SrmErrorKind.RateLimited;
                }
            }

            return failures;
        }
    }
}
