using System;
using System.Management.Automation;
using SrmPairing.Http;
using SrmPairing.Models;
using SrmPairing.Pairings;

namespace SrmPairing.Commands
{
    /// <summary>
    /// Repair-SrmPairing: reconnects an existing pairing with fresh remote site details
    /// (POST /pairings/{id}/actions/reconnect), e.g. after the remote certificates changed, and emits the task. The spec
    /// parameters are New-SrmPairing's, with the same names, aliases and pipeline binding.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Repair, "SrmPairing", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(SrmTask))]
    public sealed class RepairSrmPairingCommand : PairingTargetCmdlet
    {
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
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

        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [Credential]
        [ValidateNotNull]
        [ValidateCredential]
        public PSCredential RemoteCredential { get; set; }

        /// <summary>The remote vCenter Server's instance GUID; with -Pairing it defaults to the pairing's own.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = PairingSet)]
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = PairingIdSet)]
        [ValidateNotBlank]
        [Alias("pair_vc_guid", "VcGuid")]
        public string RemoteVcGuid { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("pair_srm_url", "SrmUrl")]
        public string RemoteSrmUrl { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("pair_srm_thumbprint", "SrmThumbprint")]
        public string RemoteSrmThumbprint { get; set; }

        protected override void ProcessRecord()
        {
            var connection = ResolveTargetConnection();
            var id = TargetId;
            var vcGuid = string.IsNullOrWhiteSpace(RemoteVcGuid) ? Pairing?.RemoteVcGuid : RemoteVcGuid;
            var spec = PairingSpecInput.Build(RemotePscUrl, RemotePscPort, RemotePscThumbprint, RemoteCredential, vcGuid,
                RemoteSrmUrl, RemoteSrmThumbprint);
            var problems = spec.Validate();
            if (problems.Count > 0)
            {
                WriteError(SrmErrors.InvalidArgument("SrmInvalidPairingSpec", string.Join(" ", problems), spec));
                return;
            }

            if ((Pairing != null && Pairing.IsSelf) || string.Equals(spec.VcGuid, connection.VcGuid, StringComparison.OrdinalIgnoreCase))
            {
                WriteError(PairingErrors.SelfPairing(Pairing, id, connection, "repaired"));
                return;
            }

            if (!ShouldProcess($"{DescribeTarget()} on {connection} with {spec}", "Reconnect SRM pairing"))
            {
                return;
            }

            try
            {
                WriteVerbose($"POST /pairings/{id}/actions/reconnect on {connection}: {spec}.");
                var task = Run(token => PairingLifecycle.RepairAsync(connection, id, spec, token));
                WriteMetaWarnings(task);
                SrmRecentTasks.Remember(task);
                WriteObject(task);
            }
            catch (SrmApiException ex)
            {
                WriteError(PairingErrors.FromApi(ex, spec));
            }
        }
    }
}
