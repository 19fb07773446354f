using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using SrmPairing.Certificates;
using SrmPairing.Completion;
using SrmPairing.Http;
using SrmPairing.Models;
using SrmPairing.Pairings;

namespace SrmPairing.Commands
{
    /// <summary>
    /// New-SrmPairing: asks the connected SRM site to pair with a remote site (POST /pairings) and emits the task.
    /// Every spec parameter binds by property name (also under the API's own names), so a CSV of sites pipes in. With
    /// -RemoteConnection (its own parameter set) the values not given are derived from a connection to the remote SRM.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "SrmPairing", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = SpecSet)]
    [OutputType(typeof(SrmTask))]
    public sealed class NewSrmPairingCommand : PairingSpecCmdlet
    {
        // What this invocation knows per connection: the vCenter GUIDs already paired (GET /pairings, read once)
        // and those a task was started for by an earlier row.
        private readonly Dictionary<SrmConnection, Dictionary<string, string>> _pairedByConnection = new Dictionary<SrmConnection, Dictionary<string, string>>();
        private readonly Dictionary<string, string> _startedTasks = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        /// <summary>The remote site's SSO credential.</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [Credential]
        [ValidateNotNull]
        [ValidateCredential]
        public PSCredential RemoteCredential { get; set; }

        protected override void ProcessRecord()
        {
            if (RemoteConnection != null)
            {
                ProcessRemoteConnection();
                return;
            }

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

            Pair(spec, null);
        }

        /// <summary>The RemoteConnection set: explicit values win, the others come from the remote connection.</summary>
        private void ProcessRemoteConnection()
        {
            if (!RemoteConnection.IsConnected)
            {
                ThrowTerminatingError(SrmErrors.ConnectionClosed(RemoteConnection));
            }

            var resolved = PairingResolver.Resolve(ReadInputs(
                new SrmCredential(RemoteCredential.UserName, RemoteCredential.Password), PscPortGiven ? RemotePscPort : (int?)null));
            WriteResolution(resolved, 0, 0);
            var problems = PairingResolver.Validate(resolved);
            if (problems.Count > 0)
            {
                WriteError(SrmErrors.InvalidArgument("SrmInvalidPairingSpec", string.Join(" ", problems), resolved.Spec));
                return;
            }

            Pair(resolved.Spec, resolved);
        }

        private void WriteResolution(ResolvedPairing resolved, int notesWritten, int warningsWritten)
        {
            for (var i = notesWritten; i < resolved.Notes.Count; i++)
            {
                WriteVerbose(SrmText.EndSentence(resolved.Notes[i]));
            }

            for (var i = warningsWritten; i < resolved.Warnings.Count; i++)
            {
                WriteWarning(resolved.Warnings[i]);
            }
        }

        /// <summary>
        /// The checks that need the connection, then POST /pairings. With <paramref name="resolved"/>, the thumbprints
        /// still to be read are read after -WhatIf/-Confirm and the existing-pairing check, just before the request.
        /// </summary>
        private void Pair(PairingSpec spec, ResolvedPairing resolved)
        {
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

                if (resolved != null && (resolved.DeriveSrmThumbprint || resolved.DerivePscThumbprint))
                {
                    var notes = resolved.Notes.Count;
                    var warnings = resolved.Warnings.Count;
                    try
                    {
                        Run(token => PairingResolver.AddThumbprintsAsync(resolved, null, token));
                    }
                    finally
                    {
                        WriteResolution(resolved, notes, warnings);
                    }

                    var problems = spec.Validate();
                    if (problems.Count > 0)
                    {
                        WriteError(SrmErrors.InvalidArgument("SrmInvalidPairingSpec", string.Join(" ", problems), spec));
                        return;
                    }
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

                result.Task.PairingVcGuid = spec.VcGuid;
                _startedTasks[Key(connection, spec.VcGuid)] = result.Task.Id;
                WriteMetaWarnings(result.Task);
                SrmRecentTasks.Remember(result.Task);
                WriteObject(result.Task);
            }
            catch (SrmApiException ex)
            {
                WriteError(SrmErrors.FromApi(ex, spec));
            }
            catch (SrmTlsHandshakeException ex)
            {
                WriteError(SrmProbeErrors.NotTls(ex, spec));
            }
            catch (ArgumentException ex) when (resolved != null)
            {
                // The remote SRM address to read the certificate from is not usable.
                WriteError(SrmErrors.InvalidArgument("SrmInvalidPairingSpec", ex.Message, spec));
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
    }
}
