using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using Srm.Client.Models;
using Srm.Client.Wire;

namespace Srm.Client.Http
{
    /// <summary>
    /// The calls on one pairing: read it, log in to its remote site, ask about that login, remove it and reconnect it.
    /// </summary>
    internal sealed partial class SrmClient
    {
        /// <summary>The error_code SRM sends when a call needs a remote login that this session has not made.</summary>
        internal const string RemoteSiteNotAuthenticatedCode = "REMOTE_SITE_NOT_AUTHENTICATED";

        private const string RemoteSessionSuffix = "/remote-session";

        /// <summary>/pairings/{id}; an id that cannot address one pairing ('.', '..', blank, control characters) is refused
        /// with <see cref="SrmErrorKind.InvalidId"/> before anything is sent.</summary>
        internal static string PairingPath(string pairingId) => "/pairings/" + SrmIds.Segment(pairingId, "pairing id", "/pairings/{id}");

        /// <summary>
        /// POST and GET /pairings/{id}/remote-session. A 401 there is not proof that the local session ended (the remote
        /// site refused the credential, or this session is not logged in to it), so it never triggers the generic
        /// re-login: <see cref="LoginRemoteSiteAsync"/> and <see cref="GetRemoteSessionUserAsync"/> tell the cases apart
        /// with GET /session.
        /// </summary>
        private static bool IsRemoteSessionCall(HttpMethod method, string path) =>
            (method == HttpMethod.Post || method == HttpMethod.Get) && path.StartsWith("/pairings/", StringComparison.Ordinal) &&
            path.EndsWith(RemoteSessionSuffix, StringComparison.Ordinal);

        /// <summary>GET /pairings/{id}. An unknown id is <see cref="SrmErrorKind.NotFound"/>, with a message naming it.</summary>
        internal async Task<SrmPairing> GetPairingAsync(string pairingId, CancellationToken cancellationToken)
        {
            var path = PairingPath(pairingId);
            string body;
            try
            {
                body = await SendAsync(HttpMethod.Get, path, null, idempotent: true, cancellationToken).ConfigureAwait(false);
            }
            catch (SrmApiException ex) when (ex.Kind == SrmErrorKind.NotFound)
            {
                throw PairingNotFound(pairingId, ex);
            }

            var data = Parse<PairingData>(body, "GET", path);
            if (data == null || string.IsNullOrEmpty(data.PairingId))
            {
                throw new SrmApiException(SrmErrorKind.InvalidResponse, "GET", path,
                    $"GET {path} on {_serverLabel} returned a pairing without a pairing_id.");
            }

            RequireUsableId(data.PairingId, "pairing", "pairing_id", "GET", path);

            return WireMapper.ToPairing(data, Owner);
        }

        /// <summary>
        /// POST /pairings/{id}/remote-session: logs this local session in to the pairing's remote site. A 401 is checked
        /// with GET /session: when the local session is fine, the remote site refused the credential
        /// (<see cref="SrmErrorKind.RemoteLoginRefused"/>); when the local session had expired (and was renewed by that
        /// check), the login is sent once more.
        /// </summary>
        internal async Task LoginRemoteSiteAsync(string pairingId, SrmCredential remoteCredential, CancellationToken cancellationToken)
        {
            if (remoteCredential == null)
            {
                throw new ArgumentNullException(nameof(remoteCredential));
            }

            var path = PairingPath(pairingId) + RemoteSessionSuffix;
            for (var attempt = 1; ; attempt++)
            {
                var session = _sessionId;
                try
                {
                    await SendAsync(HttpMethod.Post, path, null, idempotent: false, cancellationToken,
                        request => request.Headers.Authorization = new AuthenticationHeaderValue("Basic", remoteCredential.ToBasicAuthorizationParameter()))
                        .ConfigureAwait(false);
                    return;
                }
                catch (SrmApiException ex) when (ex.Kind == SrmErrorKind.NotFound)
                {
                    throw PairingNotFound(pairingId, ex);
                }
                catch (SrmApiException ex) when (ex.StatusCode == 401)
                {
                    // Which 401 was it? GET /session answers with the local session (and renews an expired one).
                    await SendAsync(HttpMethod.Get, "/session", null, idempotent: true, cancellationToken).ConfigureAwait(false);
                    if (attempt == 1 && session != null && _sessionId != session)
                    {
                        Trace($"POST {path}: the local session had expired and was renewed; logging in to the remote site again.");
                        continue;
                    }

                    throw new SrmApiException(SrmErrorKind.RemoteLoginRefused, "POST", path,
                        $"The remote site of pairing {pairingId} refused the credentials of '{remoteCredential.UserName}': the user name or password " +
                        "is incorrect for the remote site (its SSO domain). The local session on " + _serverLabel + " is still valid.",
                        401, ex.ErrorCode, ex.ServerMessage, ex.OpId);
                }
            }
        }

        /// <summary>
        /// GET /pairings/{id}/remote-session: the remote user this local session is logged in as, or null when it is
        /// not logged in to the remote site. The spec leaves open how a server says "not logged in": 404, or 401. A 404
        /// is taken as such; a 401 is checked with GET /session: when the local session is fine it means "not logged
        /// in"; when the local session had expired (and was renewed by that check) the state is read once more. An
        /// answer without a user name gives an empty string.
        /// </summary>
        internal async Task<string?> GetRemoteSessionUserAsync(string pairingId, CancellationToken cancellationToken)
        {
            var path = PairingPath(pairingId) + RemoteSessionSuffix;
            for (var attempt = 1; ; attempt++)
            {
                var session = _sessionId;
                string body;
                try
                {
                    body = await SendAsync(HttpMethod.Get, path, null, idempotent: true, cancellationToken).ConfigureAwait(false);
                }
                catch (SrmApiException ex) when (ex.Kind == SrmErrorKind.NotFound)
                {
                    return null;
                }
                catch (SrmApiException ex) when (ex.StatusCode == 401)
                {
                    // Which 401 was it? GET /session answers with the local session (and renews an expired one).
                    await SendAsync(HttpMethod.Get, "/session", null, idempotent: true, cancellationToken).ConfigureAwait(false);
                    if (attempt == 1 && session != null && _sessionId != session)
                    {
                        Trace($"GET {path}: the local session had expired and was renewed; reading the remote login state again.");
                        continue;
                    }

                    Trace($"GET {path} -> 401 with a valid local session: not logged in to the remote site.");
                    return null;
                }

                return string.IsNullOrWhiteSpace(body) ? string.Empty : Parse<RemoteSessionData>(body, "GET", path)?.Username ?? string.Empty;
            }
        }

        /// <summary>
        /// DELETE /pairings/{id}: starts the unpairing task. Never repeated automatically. Without a remote login the
        /// server's 400 REMOTE_SITE_NOT_AUTHENTICATED becomes <see cref="SrmErrorKind.RemoteSiteNotLoggedIn"/>.
        /// </summary>
        internal Task<SrmTask> DeletePairingAsync(string pairingId, CancellationToken cancellationToken)
        {
            return StartPairingTaskAsync(HttpMethod.Delete, pairingId, PairingPath(pairingId), null, cancellationToken);
        }

        /// <summary>POST /pairings/{id}/actions/reconnect with a PairingSpec: starts the reconnect task. Never repeated automatically.</summary>
        internal Task<SrmTask> ReconnectPairingAsync(string pairingId, PairingSpec spec, CancellationToken cancellationToken)
        {
            return StartPairingTaskAsync(HttpMethod.Post, pairingId, PairingPath(pairingId) + "/actions/reconnect", spec.ToJsonBytes, cancellationToken);
        }

        /// <summary>
        /// Sends a request that starts a task on one pairing (never repeated automatically) and reads the task; an
        /// unknown pairing and a remote site not logged in to are told apart from other failures.
        /// </summary>
        private async Task<SrmTask> StartPairingTaskAsync(HttpMethod method, string pairingId, string path, Func<byte[]>? body,
            CancellationToken cancellationToken)
        {
            string answer;
            try
            {
                answer = await SendAsync(method, path, body, idempotent: false, cancellationToken).ConfigureAwait(false);
            }
            catch (SrmApiException ex) when (ex.Kind == SrmErrorKind.NotFound)
            {
                throw PairingNotFound(pairingId, ex);
            }
            catch (SrmApiException ex) when (ex.Kind == SrmErrorKind.BadRequest &&
                                             string.Equals(ex.ErrorCode, RemoteSiteNotAuthenticatedCode, StringComparison.OrdinalIgnoreCase))
            {
                throw RemoteSiteNotLoggedIn(pairingId, method.Method, path, ex);
            }

            return ToTask(Parse<TaskData>(answer, method.Method, path), method.Method, path);
        }

        private SrmApiException PairingNotFound(string pairingId, SrmApiException cause)
        {
            return new SrmApiException(SrmErrorKind.NotFound, cause.Method, cause.Path,
                $"There is no pairing {pairingId} on {_serverLabel} ({cause.Method} {cause.Path} -> 404). Get-SrmPairing lists the pairings.",
                cause.StatusCode, cause.ErrorCode, cause.ServerMessage, cause.OpId, cause);
        }

        internal SrmApiException RemoteSiteNotLoggedIn(string pairingId, string method, string path, SrmApiException? cause = null)
        {
            return new SrmApiException(SrmErrorKind.RemoteSiteNotLoggedIn, method, path,
                $"The remote site of pairing {pairingId} is not logged in with this session to {_serverLabel}. Log in first with " +
                "Connect-SrmRemoteSite (on the same connection), or give -RemoteCredential." +
                (cause?.OpId != null ? " (op_id " + cause.OpId + ")" : string.Empty),
                cause?.StatusCode, cause?.ErrorCode, cause?.ServerMessage, cause?.OpId, cause);
        }
    }
}
