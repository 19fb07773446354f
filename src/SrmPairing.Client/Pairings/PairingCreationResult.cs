using Srm.Client.Models;

namespace Srm.Client.Pairings
{
    /// <summary>What POST /pairings led to, including after a connection that failed once the request was sent.</summary>
    public sealed class PairingCreationResult
    {
        internal PairingCreationResult(SrmTask? task, SrmPairing? existingPairing, string? recoveryNote)
        {
            Task = task;
            ExistingPairing = existingPairing;
            RecoveryNote = recoveryNote;
        }

        /// <summary>The pairing task; null when only the finished pairing could be found.</summary>
        public SrmTask? Task { get; }

        /// <summary>The pairing found after the answer was lost and no task could be identified.</summary>
        public SrmPairing? ExistingPairing { get; }

        /// <summary>Set when the answer was lost and the outcome was found by looking: what happened and what was found.</summary>
        public string? RecoveryNote { get; }
    }
}
