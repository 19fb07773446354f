using Srm.Client.Http;
using Srm.Client.Models;

namespace Srm.Client.Pairings
{
    /// <summary>A remote login state that <see cref="SrmPairingOperations.ReadRemoteSessionsAsync"/> could not read: the pairing (left unknown) and why.</summary>
    public sealed class RemoteSessionReadFailure
    {
        internal RemoteSessionReadFailure(SrmPairing pairing, SrmApiException error)
        {
            Pairing = pairing;
            Error = error;
        }

        /// <summary>The pairing whose state is left unknown.</summary>
        public SrmPairing Pairing { get; }

        /// <summary>Why the state could not be read.</summary>
        public SrmApiException Error { get; }
    }
}
