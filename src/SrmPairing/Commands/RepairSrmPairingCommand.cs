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
    /// (POST /pairings/{id}/actions/reconnect), e.g. after the remote certificates changed, and emits the task. The
    /// optional spec parameters and -Connection are New-SrmPairing's (<see cref="PairingSpecCmdlet"/>) and go through
    /// the same mapping and builder (<see cref="PairingResolver"/>); -RemotePscUrl and -RemoteVcGuid are its own, since
    /// their parameter sets differ from New-SrmPairing's. The pairing is given as with Remove-SrmPairing, as an object
    /// (-Pairing) or by its id (-PairingId).
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Repair, "SrmPairing", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(SrmTask))]
    public sealed class RepairSrmPairingCommand : PairingSpecCmdlet
    {
        private const string PairingSet = "Pairing";
        private const string PairingIdSet = "PairingId";

        // -Pairing and -PairingId are declared as Remove-SrmPairing's and Connect-SrmRemoteSite's (PairingTargetCmdlet):
        // a class has one base, and the spec parameters, which are the longer list, come from New-SrmPairing's.

        /// <summary>The pairing to repair, as Get-SrmPairing wrote it.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = PairingSet)]
        [ValidateNotNull]
        public SrmPairing? Pairing { get; set; }

        /// <summary>The id of the pairing to repair.</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = PairingIdSet)]
        [ValidateNotBlank]
        [Alias("pairing_id")]
        [ArgumentCompleter(typeof(RemotePairingIdCompleter))]
        public string? PairingId { get; set; }

        /// <summary>The remote Platform Services Controller: usually the remote vCenter Server's name.</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotBlank]
        [Alias("url", "PscUrl")]
        public string RemotePscUrl { get; set; } = null!;

        /// <summary>The remote site's SSO credential.</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [Credential]
        [ValidateNotNull]
        [ValidateCredential]
        public PSCredential RemoteCredential { get; set; } = null!;

        /// <summary>The remote vCenter Server's instance GUID; with -Pairing it defaults to the pairing's own.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = PairingSet)]
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = PairingIdSet)]
        [ValidateNotBlank]
        [Alias("pair_vc_guid", "VcGuid")]
        [ArgumentCompleter(typeof(RemoteVcGuidCompleter))]
        public string? RemoteVcGuid { get; set; }

        /// <summary>The pairing's id, from -Pairing or -PairingId.</summary>
        /// <remarks>Each of the two is mandatory in its parameter set, so without -Pairing there is a -PairingId.</remarks>
        private string TargetId => Pairing != null ? Pairing.PairingId : PairingId!.Trim();

        /// <summary>-Connection, else the pairing's connection, else the default one.</summary>
        private SrmConnection ResolveTargetConnection() => ResolveConnection(Connection ?? Pairing?.Connection);

        private string DescribeTarget() => PairingTargetCmdlet.Describe(Pairing, TargetId);

        protected override void ProcessRecord()
        {
            Input.NextRecord(this);
            var connection = ResolveTargetConnection();
            var id = TargetId;
            var problems = new List<string>();
            var resolved = PairingResolver.Resolve(ReadInputs(RemotePscUrl, string.IsNullOrWhiteSpace(RemoteVcGuid) ? Pairing?.RemoteVcGuid : RemoteVcGuid,
                null, RemoteCredential.ToSrmCredential(), problems));
            var spec = resolved.Spec;
            problems.AddRange(PairingResolver.Validate(resolved));
            if (problems.Count > 0)
            {
                WriteError(Input.Invalid(problems, spec));
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
