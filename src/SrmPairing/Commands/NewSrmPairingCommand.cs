using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Srm.Client.Certificates;
using Srm.PowerShell.Completion;
using Srm.Client.Http;
using Srm.Client.Models;
using Srm.Client.Pairings;

namespace Srm.PowerShell.Commands
{
    /// <summary>
    /// New-SrmPairing: asks the connected SRM site to pair with a remote site (POST /pairings) and emits the task.
    /// Every spec parameter binds by property name (also under the API's own names), so a CSV of sites pipes in. With
    /// -RemoteConnection (its own parameter set) the values not given are derived from a connection to the remote SRM.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "SrmPairing", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = SpecSet)]
    [OutputType(typeof(SrmTask))]
    public sealed class NewSrmPairingCommand : PairingSpecSetsCmdlet
    {
        // What this invocation knows per connection: the vCenter GUIDs already paired (GET /pairings, read once, with
        // -WhatIf too) and those a task was started for by an earlier row.
        private readonly Dictionary<SrmConnection, Dictionary<string, string>> _pairedByConnection = new Dictionary<SrmConnection, Dictionary<string, string>>();
        private readonly Dictionary<string, string> _startedTasks = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        // With -WhatIf: the vCenter GUIDs an earlier input object would have started a pairing with.
        private readonly HashSet<string> _wouldStart = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        /// <summary>The remote site's SSO credential.</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [Credential]
        [ValidateNotNull]
        [ValidateCredential]
        public PSCredential RemoteCredential { get; set; } = null!;

        protected override void ProcessRecord()
        {
            Input.NextRecord(this);
            if (RemoteConnection != null && !RemoteConnection.IsConnected)
            {
                ThrowTerminatingError(SrmErrors.ConnectionClosed(RemoteConnection));
            }

            var problems = new List<string>();
            var resolved = PairingResolver.Resolve(ReadInputs(RemoteCredential.ToSrmCredential(), problems));
            WriteResolution(resolved, 0, 0);
            problems.AddRange(PairingResolver.Validate(resolved));
            if (problems.Count > 0)
            {
                WriteError(Input.Invalid(problems, resolved.Spec));
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
        /// The checks that need the connection (not the site itself, not paired already, not started earlier in this
        /// pipeline), then -WhatIf/-Confirm, then POST /pairings. A refused input is refused with -WhatIf too, and
        /// writes no "What if" line. The thumbprints still to be read are read after -WhatIf/-Confirm, just before
        /// the request.
        /// </summary>
        private void Pair(PairingSpec spec, ResolvedPairing resolved)
        {
            var connection = ResolveConnection(Connection);

            // Validated: a spec without a vCenter GUID was refused before it got here.
            var vcGuid = spec.VcGuid!;
            if (PairingSpecValidator.SameGuid(vcGuid, connection.VcGuid))
            {
                WriteError(SrmErrors.CannotPairWithSelf(spec, connection));
                return;
            }

            var key = Key(connection, vcGuid);
            if (_startedTasks.TryGetValue(key, out var startedTask))
            {
                WriteError(SrmErrors.PairingAlreadyStarted(spec, startedTask));
                return;
            }

            if (_wouldStart.Contains(key))
            {
                WriteError(SrmErrors.PairingAlreadyStarted(spec, null));
                return;
            }

            try
            {
                var paired = PairedVcGuids(connection);
                if (paired.TryGetValue(vcGuid, out var pairingId))
                {
                    WriteError(SrmErrors.AlreadyPaired(spec, connection, pairingId));
                    return;
                }

                var action = $"Pair SRM site {connection.Name ?? connection.Server} with";
                var target = $"vCenter Server {spec.VcGuid} ({spec.PscUrl}:{spec.PscPort})";
                var description = $"Performing the operation \"{action}\" on target \"{target}\".";
                if (!ShouldProcess(description, "Are you sure you want to perform this action?\n" + description, "Confirm", out var reason))
                {
                    if (reason == ShouldProcessReason.WhatIf)
                    {
                        _wouldStart.Add(key);
                    }

                    return;
                }

                if (resolved.DeriveSrmThumbprint || resolved.DerivePscThumbprint)
                {
                    var notes = resolved.Notes.Count;
                    var warnings = resolved.Warnings.Count;
                    try
                    {
                        Call(token => PairingResolver.AddThumbprintsAsync(resolved, null, token));
                    }
                    finally
                    {
                        WriteResolution(resolved, notes, warnings);
                    }

                    var problems = spec.Validate();
                    if (problems.Count > 0)
                    {
                        WriteError(Input.Invalid(problems, spec));
                        return;
                    }
                }

                WriteVerbose($"POST /pairings on {connection}: {spec}.");
                var result = Call(connection, token => connection.Pairings.CreateAsync(spec, token));
                if (result.RecoveryNote != null)
                {
                    WriteWarning(result.RecoveryNote);
                }

                if (result.Task == null)
                {
                    // The answer was lost and the pairing itself was found (RecoveryNote): a later input object with
                    // the same vCenter Server is refused as already paired.
                    if (result.ExistingPairing != null)
                    {
                        paired[vcGuid] = result.ExistingPairing.PairingId;
                    }

                    return;
                }

                _startedTasks[key] = result.Task.Id;
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
                WriteError(SrmErrors.TlsHandshakeFailed(ex, spec));
            }
            catch (ArgumentException ex) when (resolved.RemoteConnection != null)
            {
                // The remote SRM address to read the certificate from is not usable.
                WriteError(Input.Invalid(new[] { ex.Message }, spec));
            }
        }

        private Dictionary<string, string> PairedVcGuids(SrmConnection connection)
        {
            if (!_pairedByConnection.TryGetValue(connection, out var paired))
            {
                var pairings = Call(connection, token => connection.Pairings.ListAsync(token));
                paired = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                foreach (var pairing in pairings)
                {
                    if (pairing.IsSelf || pairing.RemoteVcGuid == null)
                    {
                        continue;
                    }

                    // The first pairing listed with a vCenter Server is the one named.
                    var guid = PairingSpecValidator.NormalizeGuid(pairing.RemoteVcGuid) ?? pairing.RemoteVcGuid;
                    if (!paired.ContainsKey(guid))
                    {
                        paired[guid] = pairing.PairingId;
                    }
                }

                _pairedByConnection[connection] = paired;
            }

            return paired;
        }

        private static string Key(SrmConnection connection, string vcGuid) =>
            connection.BaseUri + "|" + vcGuid;
    }
}
