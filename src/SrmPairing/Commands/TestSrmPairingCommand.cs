using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using SrmPairing.Completion;
using SrmPairing.Http;
using SrmPairing.Models;
using SrmPairing.Pairings;

namespace SrmPairing.Commands
{
    /// <summary>
    /// Test-SrmPairing: the preflight of New-SrmPairing with the same parameters. It creates nothing (no POST) and
    /// writes one SrmPairingCheck per check, or with -Quiet one [bool] for the whole pipeline. The checks live in
    /// the client library (PairingPreflight); this cmdlet only binds, runs and writes.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "SrmPairing", DefaultParameterSetName = SpecSet)]
    [OutputType(typeof(SrmPairingCheck), typeof(bool))]
    public sealed class TestSrmPairingCommand : SrmCmdlet
    {
        private const string SpecSet = "Spec";
        private const string RemoteConnectionSet = "RemoteConnection";

        // GET /pairings once per connection for the whole pipeline.
        private readonly Dictionary<SrmConnection, Task<IReadOnlyList<Models.SrmPairing>>> _pairings =
            new Dictionary<SrmConnection, Task<IReadOnlyList<Models.SrmPairing>>>();

        private bool _anyFailed;

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [SrmConnectionArgument]
        [ArgumentCompleter(typeof(ConnectionCompleter))]
        public SrmConnection Connection { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = RemoteConnectionSet)]
        [SrmConnectionArgument]
        [ArgumentCompleter(typeof(ConnectionCompleter))]
        public SrmConnection RemoteConnection { get; set; }

        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = SpecSet)]
        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = RemoteConnectionSet)]
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

        /// <summary>Accepted so that a New-SrmPairing line can be tested as it is; not used by the checks.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Credential]
        public PSCredential RemoteCredential { get; set; }

        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = SpecSet)]
        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = RemoteConnectionSet)]
        [ValidateNotBlank]
        [Alias("pair_vc_guid", "VcGuid")]
        public string RemoteVcGuid { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("pair_srm_url", "SrmUrl")]
        public string RemoteSrmUrl { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("pair_srm_thumbprint", "SrmThumbprint")]
        public string RemoteSrmThumbprint { get; set; }

        /// <summary>One [bool] for the whole pipeline: $true when no check failed.</summary>
        [Parameter]
        public SwitchParameter Quiet { get; set; }

        protected override void ProcessRecord()
        {
            var connection = ResolveConnection(Connection);
            if (RemoteConnection != null && !RemoteConnection.IsConnected)
            {
                ThrowTerminatingError(SrmErrors.ConnectionClosed(RemoteConnection));
            }

            var inputs = new PairingInputs
            {
                PscUrl = Blank(RemotePscUrl),
                PscPort = ParameterSetName == SpecSet || MyInvocation.BoundParameters.ContainsKey(nameof(RemotePscPort)) ? RemotePscPort : (int?)null,
                PscThumbprint = Blank(RemotePscThumbprint),
                Credential = RemoteCredential == null || RemoteCredential == PSCredential.Empty
                    ? null
                    : new SrmCredential(RemoteCredential.UserName, RemoteCredential.Password),
                VcGuid = Blank(RemoteVcGuid),
                SrmUrl = Blank(RemoteSrmUrl),
                SrmThumbprint = Blank(RemoteSrmThumbprint),
                RemoteConnection = RemoteConnection,
            };

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

        private Task<IReadOnlyList<Models.SrmPairing>> Pairings(SrmConnection connection, CancellationToken token)
        {
            // Called from the work of Run; ProcessRecord runs one Run at a time, so the dictionary needs no lock.
            if (!_pairings.TryGetValue(connection, out var pairings) || pairings.IsFaulted || pairings.IsCanceled)
            {
                pairings = connection.Client.GetPairingsAsync(token);
                _pairings[connection] = pairings;
            }

            return pairings;
        }

        private static string Blank(string value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }
}
