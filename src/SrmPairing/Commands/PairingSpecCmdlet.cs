using System.Management.Automation;
using SrmPairing.Completion;
using SrmPairing.Http;
using SrmPairing.Models;
using SrmPairing.Pairings;

namespace SrmPairing.Commands
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

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateRange(1, 65535)]
        [Alias("port", "PscPort")]
        public int RemotePscPort { get; set; } = PairingSpec.DefaultPscPort;

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("thumbprint", "PscThumbprint")]
        public string RemotePscThumbprint { get; set; }

        /// <summary>The remote vCenter Server's instance GUID.</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = SpecSet)]
        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = RemoteConnectionSet)]
        [ValidateNotBlank]
        [Alias("pair_vc_guid", "VcGuid")]
        public string RemoteVcGuid { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("pair_srm_url", "SrmUrl")]
        public string RemoteSrmUrl { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("pair_srm_thumbprint", "SrmThumbprint")]
        public string RemoteSrmThumbprint { get; set; }

        /// <summary>The bound spec values (blank ones as not given), the remote connection and the credential.</summary>
        protected PairingInputs ReadInputs(SrmCredential credential, int? pscPort)
        {
            return new PairingInputs
            {
                PscUrl = Blank(RemotePscUrl),
                PscPort = pscPort,
                PscThumbprint = Blank(RemotePscThumbprint),
                Credential = credential,
                VcGuid = Blank(RemoteVcGuid),
                SrmUrl = Blank(RemoteSrmUrl),
                SrmThumbprint = Blank(RemoteSrmThumbprint),
                RemoteConnection = RemoteConnection,
            };
        }

        /// <summary>True when -RemotePscPort was given (its default is not a choice).</summary>
        protected bool PscPortGiven => MyInvocation.BoundParameters.ContainsKey(nameof(RemotePscPort));

        protected static string Blank(string value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }
}
