using System;
using System.Collections.Generic;
using System.Management.Automation;
using Srm.PowerShell.Completion;
using Srm.Client.Http;
using Srm.Client.Models;
using Srm.Client.Pairings;

namespace Srm.PowerShell.Commands
{
    /// <summary>
    /// Repair-SrmPairing: reconnects an existing pairing with fresh remote site details
    /// (POST /pairings/{id}/actions/reconnect), e.g. after the remote certificates changed, and emits the task. The spec
    /// parameters are New-SrmPairing's, with the same names, aliases, pipeline binding and validation, and go through
    /// the same mapping (<see cref="PairingSpecInput"/>) and builder (<see cref="PairingResolver"/>). They are declared
    /// here rather than inherited from <see cref="PairingSpecCmdlet"/>: this cmdlet's base is
    /// <see cref="PairingTargetCmdlet"/> (-Pairing, -PairingId), -RemotePscUrl and -RemoteVcGuid belong to other
    /// parameter sets than New-SrmPairing's, and the syntax lists the parameters in the order they are declared.
    /// RepairPairing.Tests.ps1 checks that the two declarations stay the same.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Repair, "SrmPairing", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(SrmTask))]
    public sealed class RepairSrmPairingCommand : PairingTargetCmdlet
    {
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotBlank]
        [Alias("url", "PscUrl")]
        public string RemotePscUrl { get; set; }

        /// <summary>The PSC port, 1 to 65535 (443 when not given); text, so that a CSV cell that is not a number is refused.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("port", "PscPort")]
        public string RemotePscPort { get; set; }

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
        [ArgumentCompleter(typeof(RemoteVcGuidCompleter))]
        public string RemoteVcGuid { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("pair_srm_url", "SrmUrl")]
        public string RemoteSrmUrl { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("pair_srm_thumbprint", "SrmThumbprint")]
        public string RemoteSrmThumbprint { get; set; }

        private readonly PairingSpecInput _input = new PairingSpecInput();

        protected override void ProcessRecord()
        {
            _input.NextRecord(this);
            var connection = ResolveTargetConnection();
            var id = TargetId;
            var problems = new List<string>();
            var resolved = PairingResolver.Resolve(PairingSpecInput.ToInputs(RemotePscUrl, RemotePscPort, RemotePscThumbprint,
                RemoteCredential.ToSrmCredential(),
                string.IsNullOrWhiteSpace(RemoteVcGuid) ? Pairing?.RemoteVcGuid : RemoteVcGuid, RemoteSrmUrl, RemoteSrmThumbprint, null, problems));
            var spec = resolved.Spec;
            problems.AddRange(PairingResolver.Validate(resolved));
            if (problems.Count > 0)
            {
                WriteError(_input.Invalid(problems, spec));
                return;
            }

            if ((Pairing != null && Pairing.IsSelf) || PairingSpecValidator.SameGuid(spec.VcGuid, connection.VcGuid))
            {
                WriteError(SrmErrors.SelfPairing(Pairing, id, connection, "repaired"));
                return;
            }

            if (!ShouldProcess($"{DescribeTarget()} on {connection} with {spec}", "Reconnect SRM pairing"))
            {
                return;
            }

            try
            {
                WriteVerbose($"POST /pairings/{id}/actions/reconnect on {connection}: {spec}.");
                var task = Call(connection, token => connection.Pairings.ReconnectAsync(id, spec, token));
                WriteMetaWarnings(task);
                SrmRecentTasks.Remember(task);
                WriteObject(task);
            }
            catch (SrmApiException ex)
            {
                WriteError(SrmErrors.PairingFromApi(ex, spec));
            }
        }
    }
}
