using System.Collections.Generic;
using System.Management.Automation;
using Srm.PowerShell.Completion;
using Srm.Client.Http;
using Srm.Client.Models;
using Srm.Client.Pairings;

namespace Srm.PowerShell.Commands
{
    /// <summary>
    /// The parameters New-SrmPairing and Test-SrmPairing share: the PairingSpec values, bound by property name under
    /// their own names and the API's (so a CSV of sites pipes in), in a 'Spec' set, and -RemoteConnection in its own
    /// set, where the spec values become optional overrides. Each cmdlet declares -RemoteCredential itself, since
    /// one needs it and the other does not.
    /// </summary>
    public abstract class PairingSpecCmdlet : SrmCmdlet
    {
        protected const string SpecSet = "Spec";
        protected const string RemoteConnectionSet = "RemoteConnection";

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [SrmConnectionArgument]
        [ArgumentCompleter(typeof(ConnectionCompleter))]
        public SrmConnection Connection { get; set; }

        /// <summary>A connection to the remote site's SRM server: the spec values not given are derived from it.</summary>
        [Parameter(Mandatory = true, ParameterSetName = RemoteConnectionSet)]
        [SrmConnectionArgument]
        [ArgumentCompleter(typeof(ConnectionCompleter))]
        public SrmConnection RemoteConnection { get; set; }

        /// <summary>The remote Platform Services Controller: usually the remote vCenter Server's name.</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = SpecSet)]
        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = RemoteConnectionSet)]
        [ValidateNotBlank]
        [Alias("url", "PscUrl")]
        public string RemotePscUrl { get; set; }

        /// <summary>
        /// The PSC port, 1 to 65535 (443 when not given). Text, so that a CSV cell that is not a number is refused
        /// rather than left unbound; an empty cell is not given.
        /// </summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("port", "PscPort")]
        public string RemotePscPort { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("thumbprint", "PscThumbprint")]
        public string RemotePscThumbprint { get; set; }

        /// <summary>The remote vCenter Server's instance GUID.</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = SpecSet)]
        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = RemoteConnectionSet)]
        [ValidateNotBlank]
        [Alias("pair_vc_guid", "VcGuid")]
        [ArgumentCompleter(typeof(RemoteVcGuidCompleter))]
        public string RemoteVcGuid { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("pair_srm_url", "SrmUrl")]
        public string RemoteSrmUrl { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("pair_srm_thumbprint", "SrmThumbprint")]
        public string RemoteSrmThumbprint { get; set; }

        /// <summary>The row count and error of this pipeline's input objects.</summary>
        private protected PairingSpecInput Input { get; } = new PairingSpecInput();

        /// <summary>
        /// The bound spec values (blank ones as not given, the others as given for the client library to check), the
        /// remote connection and the credential; a port that is not a number goes to <paramref name="problems"/>.
        /// </summary>
        protected PairingInputs ReadInputs(SrmCredential credential, List<string> problems) =>
            PairingSpecInput.ToInputs(RemotePscUrl, RemotePscPort, RemotePscThumbprint, credential, RemoteVcGuid, RemoteSrmUrl,
                RemoteSrmThumbprint, RemoteConnection, problems);
    }
}
