using Srm.Client.Http;
using Srm.Client.Models;

namespace Srm.Client.Pairings
{
    /// <summary>
    /// What New-SrmPairing, Repair-SrmPairing and Test-SrmPairing were given: the explicit spec values (null when not
    /// given) and, optionally, a connection to the remote SRM server that the missing values are derived from.
    /// <see cref="PairingResolver"/> turns them into a <see cref="PairingSpec"/>.
    /// </summary>
    public sealed class PairingInputs
    {
        /// <summary>The remote PSC address, as given; null when not given.</summary>
        public string? PscUrl { get; set; }

        /// <summary>The PSC port; null when not given (443).</summary>
        public int? PscPort { get; set; }

        /// <summary>The remote PSC thumbprint, as given; null when not given.</summary>
        public string? PscThumbprint { get; set; }

        /// <summary>The remote site's SSO credential.</summary>
        public SrmCredential? Credential { get; set; }

        /// <summary>The remote vCenter Server's instance GUID, as given; null when not given.</summary>
        public string? VcGuid { get; set; }

        /// <summary>The remote SRM address, as given; null when not given.</summary>
        public string? SrmUrl { get; set; }

        /// <summary>The remote SRM thumbprint, as given; null when not given.</summary>
        public string? SrmThumbprint { get; set; }

        /// <summary>A connection to the remote site's SRM server, or null.</summary>
        public SrmConnection? RemoteConnection { get; set; }
    }
}
