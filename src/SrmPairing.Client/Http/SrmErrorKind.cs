namespace Srm.Client.Http
{
    /// <summary>What went wrong with a call, so that the cmdlets can pick an error id and category.</summary>
    public enum SrmErrorKind
    {
        /// <summary>400: the server refused the request's content.</summary>
        BadRequest = 1,

        /// <summary>401: wrong credentials, or the session is not (or no longer) valid.</summary>
        Unauthorized,

        /// <summary>403: the user lacks the privilege.</summary>
        Forbidden,

        /// <summary>404: no such task, pairing or path.</summary>
        NotFound,

        /// <summary>429: the appliance's rate limiter refused the request.</summary>
        RateLimited,

        /// <summary>5xx: the server failed.</summary>
        ServerError,

        /// <summary>Another HTTP status this module does not expect.</summary>
        UnexpectedStatus,

        /// <summary>The request took longer than the per-request timeout, or the server answered 408 (its own request timeout).</summary>
        Timeout,

        /// <summary>No connection: name resolution, refused or dropped connection.</summary>
        ConnectionFailed,

        /// <summary>The server's TLS certificate was refused.</summary>
        CertificateNotTrusted,

        /// <summary>The server answered with something that is not the JSON the API describes.</summary>
        InvalidResponse,

        /// <summary>401 on POST /pairings/{id}/remote-session: the remote site refused the remote credential.</summary>
        RemoteLoginRefused,

        /// <summary>The call needs a login to the pairing's remote site that this local session has not made.</summary>
        RemoteSiteNotLoggedIn,

        /// <summary>
        /// An id given to the module (a pairing id, a task id) that cannot address one resource: empty, '.' or '..', or
        /// holding a control character. Nothing was sent.
        /// </summary>
        InvalidId,
    }
}
