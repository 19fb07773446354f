using System.Management.Automation;
using Srm.PowerShell.Completion;
using Srm.Client.Models;

namespace Srm.PowerShell.Commands
{
    /// <summary>
    /// The base of the cmdlets that act on one existing pairing: it is given as a pairing object (-Pairing, also from
    /// the pipeline) or by its id (-PairingId, also by property name as pairing_id), on -Connection or the pairing's own.
    /// </summary>
    public abstract class PairingTargetCmdlet : SrmCmdlet
    {
        protected const string PairingSet = "Pairing";
        protected const string PairingIdSet = "PairingId";

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = PairingSet)]
        [ValidateNotNull]
        public SrmPairing? Pairing { get; set; }

        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = PairingIdSet)]
        [ValidateNotBlank]
        [Alias("pairing_id")]
        [ArgumentCompleter(typeof(RemotePairingIdCompleter))]
        public string? PairingId { get; set; }

        /// <summary>An explicit connection wins over the one the pairing object was read from.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [SrmConnectionArgument]
        [ArgumentCompleter(typeof(ConnectionCompleter))]
        public SrmConnection? Connection { get; set; }

        /// <summary>The pairing's id, from -Pairing or -PairingId.</summary>
        /// <remarks>Each of the two is mandatory in its parameter set, so without -Pairing there is a -PairingId.</remarks>
        protected string TargetId => Pairing != null ? Pairing.PairingId : PairingId!.Trim();

        /// <summary>-Connection, else the pairing's connection, else the default one.</summary>
        protected SrmConnection ResolveTargetConnection() => ResolveConnection(Connection ?? Pairing?.Connection);

        /// <summary>What ShouldProcess and messages call the pairing; from the object when there is one, with no request.</summary>
        protected string DescribeTarget() => Describe(Pairing, TargetId);

        /// <summary>What ShouldProcess and messages call a pairing given as an object or by its id.</summary>
        internal static string Describe(SrmPairing? pairing, string id)
        {
            return pairing == null
                ? $"pairing {id}"
                : $"pairing {id} ({SrmErrors.DescribeRemote(pairing)})";
        }
    }
}
