using System;
using System.Collections.Generic;
using System.Management.Automation;
using Srm.Client.Http;
using Srm.Client.Models;
using Srm.Client.Pairings;

namespace Srm.PowerShell.Commands
{
    /// <summary>
    /// Test-SrmPairing: the preflight of New-SrmPairing with the same parameters. It creates nothing (no POST) and
    /// writes one SrmPairingCheck per check, or with -Quiet one [bool] for the whole pipeline. The checks live in
    /// the client library (PairingPreflight); this cmdlet only binds, runs and writes.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "SrmPairing", DefaultParameterSetName = SpecSet)]
    [OutputType(typeof(SrmPairingCheck), typeof(bool))]
    public sealed class TestSrmPairingCommand : PairingSpecSetsCmdlet
    {
        // One preflight per connection for the whole pipeline, so GET /pairings once per connection.
        private readonly Dictionary<SrmConnection, PairingPreflight> _preflights = new Dictionary<SrmConnection, PairingPreflight>();

        private bool _anyFailed;

        /// <summary>Accepted so that a New-SrmPairing line can be tested as it is; not used by the checks.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Credential]
        [ValidateCredential]
        public PSCredential? RemoteCredential { get; set; }

        /// <summary>One [bool] for the whole pipeline: $true when no check failed.</summary>
        [Parameter]
        public SwitchParameter Quiet { get; set; }

        protected override void ProcessRecord()
        {
            Input.NextRecord(this);
            var connection = ResolveConnection(Connection);
            if (RemoteConnection != null && !RemoteConnection.IsConnected)
            {
                ThrowTerminatingError(SrmErrors.ConnectionClosed(RemoteConnection));
            }

            var problems = new List<string>();
            var inputs = ReadInputs(
                RemoteCredential.ToSrmCredential(),
                problems);

            // A value New-SrmPairing would refuse as malformed is refused here too, before any check reads or probes
            // anything; what is only missing or inconsistent is the Input check's to report.
            var resolved = PairingResolver.Resolve(inputs);
            problems.AddRange(resolved.InputProblems);
            if (problems.Count > 0)
            {
                _anyFailed = true;
                WriteError(Input.Invalid(problems, resolved.Spec));
                return;
            }

            if (!_preflights.TryGetValue(connection, out var preflight))
            {
                preflight = new PairingPreflight(connection);
                _preflights[connection] = preflight;
            }

            var checks = Call(connection, token => preflight.RunAsync(inputs, token));
            foreach (var check in checks)
            {
                if (check.Result == SrmCheckResult.Failed)
                {
                    _anyFailed = true;
                }

                if (Quiet)
                {
                    WriteVerbose(check.ToString());
                }
                else
                {
                    WriteObject(check);
                }
            }
        }

        protected override void EndProcessing()
        {
            if (Quiet)
            {
                WriteObject(!_anyFailed);
            }
        }
    }
}
