using Srm.Client.Http;
using Srm.Client.Models;

namespace Srm.Client.Pairings
{
    /// <summary>
    /// What one call to a pairing's remote site came to: the pairing, and the error when it failed. Returned by
    /// <see cref="SrmPairingOperations.LoginRemoteAllAsync"/> (one per pairing) and
    /// <see cref="SrmPairingOperations.ReadRemoteSessionsAsync"/> (the failures only).
    /// </summary>
    public sealed class RemoteSiteOutcome
    {
        internal RemoteSiteOutcome(SrmPairing pairing, SrmApiException? error)
        {
            Pairing = pairing;
            Error = error;
        }

        /// <summary>The pairing whose remote site the call was for.</summary>
        public SrmPairing Pairing { get; }

        /// <summary>Why the call failed; null when it succeeded.</summary>
        public SrmApiException? Error { get; }
    }
}
