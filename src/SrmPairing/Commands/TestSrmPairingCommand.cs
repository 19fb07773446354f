using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
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
    public sealed class TestSrmPairingCommand : PairingSpecCmdlet
    {
        // GET /pairings once per connection for the whole pipeline.
        private readonly Dictionary<SrmConnection, Task<IReadOnlyList<SrmPairing>>> _pairings =
            new Dictionary<SrmConnection, Task<IReadOnlyList<SrmPairing>>>();

        private bool _anyFailed;

        /// <summary>Accepted so that a New-SrmPairing line can be tested as it is; not used by the checks.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Credential]
        [ValidateCredential]
        public PSCredential RemoteCredential { get; set; }

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

            var checks = Run(token => PairingPreflight.RunAsync(connection, inputs, t => Pairings(connection, t), null, token));
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

        private Task<IReadOnlyList<SrmPairing>> Pairings(SrmConnection connection, CancellationToken token)
        {
            // Called from the work of Run; ProcessRecord runs one Run at a time, so the dictionary needs no lock.
            if (!_pairings.TryGetValue(connection, out var pairings) || pairings.IsFaulted || pairings.IsCanceled)
            {
                pairings = connection.Client.GetPairingsAsync(token);
                _pairings[connection] = pairings;
            }

            return pairings;
        }
    }
}
