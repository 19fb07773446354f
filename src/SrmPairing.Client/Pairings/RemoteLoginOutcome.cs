using Srm.Client.Http;
using Srm.Client.Models;

namespace Srm.Client.Pairings
{
    /// <summary>One remote login of <see cref="SrmPairingOperations.LoginRemoteAllAsync"/>: the pairing, and the error when it failed.</summary>
    public sealed class RemoteLoginOutcome
    {
        internal RemoteLoginOutcome(SrmPairing pairing, SrmApiException error)
        {
            Pairing = pairing;
            Error = error;
        }

        /// <summary>The pairing whose remote site the login was for.</summary>
        public SrmPairing Pairing { get; }

        /// <summary>Why the login failed; null when it succeeded.</summary>
        public SrmApiException Error { get; }
    }
}
