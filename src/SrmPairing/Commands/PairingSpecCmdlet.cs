using System.Collections.Generic;
using System.Management.Automation;
using Srm.PowerShell.Completion;
using Srm.Client.Http;
using Srm.Client.Models;
using Srm.Client.Pairings;

namespace Srm.PowerShell.Commands
{
    /// <summary>
    /// The spec parameters New-SrmPairing, Test-SrmPairing and Repair-SrmPairing declare alike: -Connection and the
    /// optional PairingSpec values, bound by property name under their own names and the API's (so a CSV of sites
    /// pipes in), and the reading of every spec value into <see cref="PairingInputs"/> for the client library's
    /// <see cref="PairingResolver"/>. -RemotePscUrl and -RemoteVcGuid belong to each cmdlet's parameter sets
    /// (<see cref="PairingSpecSetsCmdlet"/> for New and Test; Repair's own), and -RemoteCredential is declared by
    /// each cmdlet, since one needs it and another does not.
    /// </summary>
    public abstract class PairingSpecCmdlet : SrmCmdlet
    {
        /// <summary>The local site's connection (default: the default connection).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [SrmConnectionArgument]
        [ArgumentCompleter(typeof(ConnectionCompleter))]
        public SrmConnection? Connection { get; set; }

        /// <summary>
        /// The PSC port, 1 to 65535 (443 when not given). Text, so that a CSV cell that is not a number is refused
        /// rather than left unbound; an empty cell is not given.
        /// </summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("port", "PscPort")]
        public string? RemotePscPort { get; set; }

        /// <summary>The remote PSC certificate's thumbprint.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("thumbprint", "PscThumbprint")]
        public string? RemotePscThumbprint { get; set; }

        /// <summary>The remote SRM server's address.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("pair_srm_url", "SrmUrl")]
        public string? RemoteSrmUrl { get; set; }

        /// <summary>The remote SRM certificate's thumbprint.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("pair_srm_thumbprint", "SrmThumbprint")]
        public string? RemoteSrmThumbprint { get; set; }

        /// <summary>The row count and error of this pipeline's input objects.</summary>
        private protected PairingSpecInput Input { get; } = new PairingSpecInput();

        /// <summary>
        /// The bound spec values (blank ones as not given, the others as given for the client library to check) with
        /// the PSC address and vCenter GUID each cmdlet declares itself, the remote connection and the credential; a
        /// port that is not a number goes to <paramref name="problems"/>.
        /// </summary>
        private protected PairingInputs ReadInputs(string? pscUrl, string? vcGuid, SrmConnection? remoteConnection, SrmCredential? credential,
            List<string> problems) =>
            PairingSpecInput.ToInputs(pscUrl, RemotePscPort, RemotePscThumbprint, credential, vcGuid, RemoteSrmUrl,
                RemoteSrmThumbprint, remoteConnection, problems);
    }
}
