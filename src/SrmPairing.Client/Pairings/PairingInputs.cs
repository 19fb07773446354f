using Srm.Client.Http;
using Srm.Client.Models;

namespace Srm.Client.Pairings
{
    /// <summary>
    /// What New-SrmPairing and Test-SrmPairing were given: the explicit spec values (null when not given) and,
    /// optionally, a connection to the remote SRM server that the missing values are derived from.
    /// </summary>
    public sealed class PairingInputs
    {
        public string PscUrl { get; set; }

        /// <summary>The PSC port; null when not given (443).</summary>
        public int? PscPort { get; set; }

        public string PscThumbprint { get; set; }

        public SrmCredential Credential { get; set; }

        public string VcGuid { get; set; }

        public string SrmUrl { get; set; }

        public string SrmThumbprint { get; set; }

        /// <summary>A connection to the remote site's SRM server, or null.</summary>
        public SrmConnection RemoteConnection { get; set; }
    }
}
