using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using SrmPairing.Completion;
using SrmPairing.Http;
using SrmPairing.Models;
using SrmPairing.Pairings;

namespace SrmPairing.Commands
{
    /// <summary>
    /// New-SrmPairing: asks the connected SRM site to pair with a remote site (POST /pairings) and emits the task.
    /// Every spec parameter binds by property name (also under the API's own names), so a CSV of sites pipes in.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "SrmPairing", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(SrmTask))]
    public sealed class NewSrmPairingCommand : SrmCmdlet
    {
        // What this invocation knows per connection: the vCenter GUIDs already paired (GET /pairings, read once)
        // and those a task was started for by an earlier row.
        private readonly Dictionary<SrmConnection, Dictionary<string, string>> _pairedByConnection = new Dictionary<SrmConnection, Dictionary<string, string>>();
        private readonly Dictionary<string, string> _startedTasks = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [SrmConnectionArgument]
        [ArgumentCompleter(typeof(ConnectionCompleter))]
        public SrmConnection Connection { get; set; }

        /// <summary>The remote Platform Services Controller: usually the remote vCenter Server's name.</summary>
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

        /// <summary>The remote site's SSO credential.</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [Credential]
        [ValidateNotNull]
        public PSCredential RemoteCredential { get; set; }

        /// <summary>The remote vCenter Server's instance GUID.</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
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
            var spec = new PairingSpec
            {
                PscUrl = RemotePscUrl?.Trim(),
                PscPort = RemotePscPort,
                PscThumbprint = Blank(RemotePscThumbprint),
                PscCredential = new SrmCredential(RemoteCredential.UserName, RemoteCredential.Password),
                VcGuid = RemoteVcGuid?.Trim(),
                SrmUrl = Blank(RemoteSrmUrl),
                SrmThumbprint = Blank(RemoteSrmThumbprint),
            };

            var problems = spec.Validate();
            if (problems.Count > 0)
            {
                WriteError(SrmErrors.InvalidArgument("SrmInvalidPairingSpec", string.Join(" ", problems), spec));
                return;
            }

            var connection = ResolveConnection(Connection);
            if (string.Equals(spec.VcGuid, connection.VcGuid, StringComparison.OrdinalIgnoreCase))
            {
                WriteError(SrmErrors.InvalidArgument("SrmCannotPairWithSelf",
                    $"{spec.VcGuid} is the vCenter Server of {connection} itself ({connection.VcName}); a site cannot pair with itself.", spec));
                return;
            }

            if (!ShouldProcess($"vCenter Server {spec.VcGuid} ({spec.PscUrl}:{spec.PscPort})", $"Pair SRM site {connection.Name ?? connection.Server} with"))
            {
                return;
            }

            if (_startedTasks.TryGetValue(Key(connection, spec.VcGuid), out var startedTask))
            {
                WriteError(new ErrorRecord(
                    new InvalidOperationException($"A pairing with vCenter Server {spec.VcGuid} was already started by task {startedTask} earlier in this pipeline."),
                    "SrmPairingAlreadyStarted", ErrorCategory.ResourceExists, spec));
                return;
            }

            try
            {
                var paired = PairedVcGuids(connection);
                if (paired.TryGetValue(spec.VcGuid, out var pairingId))
                {
                    WriteError(new ErrorRecord(
                        new InvalidOperationException($"{connection} is already paired with vCenter Server {spec.VcGuid}: pairing {pairingId}."),
                        "SrmAlreadyPaired", ErrorCategory.ResourceExists, spec));
                    return;
                }

                WriteVerbose($"POST /pairings on {connection}: {spec}.");
                var result = Run(token => PairingCreator.CreateAsync(connection, spec, token));
                if (result.RecoveryNote != null)
                {
                    WriteWarning(result.RecoveryNote);
                }

                if (result.Task == null)
                {
                    paired[spec.VcGuid] = result.ExistingPairing.PairingId;
                    return;
                }

                _startedTasks[Key(connection, spec.VcGuid)] = result.Task.Id;
                WriteMetaWarnings(result.Task);
                SrmRecentTasks.Remember(result.Task);
                WriteObject(result.Task);
            }
            catch (SrmApiException ex)
            {
                WriteError(SrmErrors.FromApi(ex, spec));
            }
        }

        private Dictionary<string, string> PairedVcGuids(SrmConnection connection)
        {
            if (!_pairedByConnection.TryGetValue(connection, out var paired))
            {
                var pairings = Run(token => connection.Client.GetPairingsAsync(token));
                paired = pairings
                    .Where(p => !p.IsSelf && p.RemoteVcGuid != null)
                    .GroupBy(p => p.RemoteVcGuid, StringComparer.OrdinalIgnoreCase)
                    .ToDictionary(g => g.Key, g => g.First().PairingId, StringComparer.OrdinalIgnoreCase);
                _pairedByConnection[connection] = paired;
            }

            return paired;
        }

        private static string Key(SrmConnection connection, string vcGuid) =>
            connection.BaseUri + "|" + vcGuid;

        private static string Blank(string value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }
}
