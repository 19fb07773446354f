using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using Srm.Client.Models;
using Srm.PowerShell.Commands;
using Srm.Client.Text;

namespace Srm.PowerShell.Completion
{
    /// <summary>
    /// Completes -RemoteVcGuid (Get-, New-, Test- and Repair-SrmPairing) with the remote vCenter Servers of the
    /// pairings this session has listed on the connection in use (-Connection, else the default one), each once,
    /// with the vCenter Server's name and its pairing as tooltip: New-SrmPairing refuses a vCenter Server that is
    /// already paired, and the tooltip says so before the command is run. The site's own entry is not offered. Never
    /// asks the server; a GUID holding control characters is not offered.
    /// </summary>
    public sealed class RemoteVcGuidCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            return CompletionText.Remembered(fakeBoundParameters, wordToComplete,
                connection => SrmRecentPairings.For(connection).Where(p => !p.IsSelf), p => p.RemoteVcGuid, ToolTip);
        }

        private static string ToolTip(SrmPairing pairing) =>
            DisplayText.OneLine($"vCenter Server {PairingCompletionText.VcName(pairing)}, already paired (pairing {pairing.PairingId})");
    }
}
