using System.Collections.Generic;
using System.Management.Automation;
using Srm.PowerShell.Completion;
using Srm.Client.Http;
using Srm.Client.Models;
using Srm.Client.Pairings;

namespace Srm.PowerShell.Commands
{
    /// <summary>
    /// The parameter sets of New-SrmPairing and Test-SrmPairing: the spec values in a 'Spec' set, where the remote
    /// PSC and vCenter GUID are mandatory, and -RemoteConnection in its own set, where the spec values become
    /// optional overrides of what is derived from that connection.
    /// </summary>
    public abstract class PairingSpecSetsCmdlet : PairingSpecCmdlet
    {
        /// <summary>The parameter set of explicit spec values.</summary>
        protected const string SpecSet = "Spec";

        /// <summary>The parameter set of a remote connection.</summary>
        protected const string RemoteConnectionSet = "RemoteConnection";

        /// <summary>A connection to the remote site's SRM server: the spec values not given are derived from it.</summary>
        [Parameter(Mandatory = true, ParameterSetName = RemoteConnectionSet)]
        [SrmConnectionArgument]
        [ArgumentCompleter(typeof(ConnectionCompleter))]
        public SrmConnection? RemoteConnection { get; set; }

        /// <summary>The remote Platform Services Controller: usually the remote vCenter Server's name.</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = SpecSet)]
        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = RemoteConnectionSet)]
        [ValidateNotBlank]
        [Alias("url", "PscUrl")]
        public string? RemotePscUrl { get; set; }

        /// <summary>The remote vCenter Server's instance GUID.</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = SpecSet)]
        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = RemoteConnectionSet)]
        [ValidateNotBlank]
        [Alias("pair_vc_guid", "VcGuid")]
        [ArgumentCompleter(typeof(RemoteVcGuidCompleter))]
        public string? RemoteVcGuid { get; set; }

        /// <summary>Every bound value, the remote connection and the credential, as the client library's input.</summary>
        private protected PairingInputs ReadInputs(SrmCredential? credential, List<string> problems) =>
            ReadInputs(RemotePscUrl, RemoteVcGuid, RemoteConnection, credential, problems);
    }
}
