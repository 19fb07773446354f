using System.Collections.Generic;
using System.Management.Automation;
using Srm.Client.Http;
using Srm.Client.Models;
using Srm.Client.Pairings;

namespace Srm.PowerShell.Commands
{
    /// <summary>
    /// What New-SrmPairing, Repair-SrmPairing and Test-SrmPairing share in reading their pairing parameters: the one
    /// mapping of the parameters to <see cref="PairingInputs"/> (blank values as not given, the port as given: a
    /// number, or the text of a CSV cell), the number of the pipeline input object (a CSV row) being processed, and
    /// the SrmInvalidPairingSpec error. The spec itself is built and checked in the client library
    /// (<see cref="PairingResolver"/>).
    /// </summary>
    internal sealed class PairingSpecInput
    {
        private int _row;

        /// <summary>
        /// Counts the input object; call once per ProcessRecord. Zero while the cmdlet has no pipeline input, so
        /// that a message names a row only for rows.
        /// </summary>
        internal void NextRecord(PSCmdlet cmdlet)
        {
            if (cmdlet.MyInvocation.ExpectingInput)
            {
                _row++;
            }
        }

        /// <summary>The number (from 1) of the pipeline input object being processed, or 0 without pipeline input.</summary>
        internal int Row => _row;

        /// <summary>
        /// The bound spec parameters as <see cref="PairingInputs"/>: blank values as not given, the others as given
        /// for the client library to check; a port that is not a number goes to <paramref name="problems"/>.
        /// </summary>
        internal static PairingInputs ToInputs(string? pscUrl, string? pscPort, string? pscThumbprint, SrmCredential? credential,
            string? vcGuid, string? srmUrl, string? srmThumbprint, SrmConnection? remoteConnection, List<string> problems)
        {
            return new PairingInputs
            {
                PscUrl = Given(pscUrl),
                PscPort = Port(pscPort, problems),
                PscThumbprint = Given(pscThumbprint),
                Credential = credential,
                VcGuid = Given(vcGuid),
                SrmUrl = Given(srmUrl),
                SrmThumbprint = Given(srmThumbprint),
                RemoteConnection = remoteConnection,
            };
        }

        /// <summary>-RemotePscPort as given: null when blank; a problem (naming the parameter and column) when it is not a port.</summary>
        private static int? Port(string? text, List<string> problems)
        {
            var problem = PairingSpecValidator.CheckPort(text, out var port);
            if (problem != null)
            {
                problems.Add(problem);
            }

            return port;
        }

        /// <summary>SrmInvalidPairingSpec: every problem, after "Row N of the input: " when the values came from the pipeline.</summary>
        internal ErrorRecord Invalid(IEnumerable<string> problems, object target)
        {
            var prefix = _row > 0 ? $"Row {_row} of the input: " : string.Empty;
            return SrmErrors.InvalidArgument("SrmInvalidPairingSpec", prefix + string.Join(" ", problems), target);
        }

        /// <summary>Null for a blank value (an empty CSV cell); otherwise the value as given, for the validator to check.</summary>
        private static string? Given(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
    }
}
