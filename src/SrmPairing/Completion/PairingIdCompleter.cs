using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using Srm.Client.Http;
using Srm.Client.Models;
using Srm.PowerShell.Commands;
using Srm.Client.Text;

namespace Srm.PowerShell.Completion
{
    /// <summary>
    /// Completes -PairingId of Get-SrmPairing with the pairings this session has listed on the connection in use
    /// (-Connection, else the default one), the site's own entry included, with the remote vCenter Server as tooltip.
    /// Never asks the server: a tab press does not spend the appliance's request budget. The tooltip shows the
    /// server's text safely (<see cref="DisplayText"/>); an id holding control characters is not offered.
    /// </summary>
    public class PairingIdCompleter : IArgumentCompleter
    {
        /// <summary>Whether the site's own entry is offered.</summary>
        protected virtual bool OffersSelf => true;

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            return CompletionText.Remembered(fakeBoundParameters, wordToComplete,
                connection => SrmRecentPairings.For(connection).Where(p => OffersSelf || !p.IsSelf), p => p.PairingId, ToolTip);
        }

        private static string ToolTip(SrmPairing pairing)
        {
            var vcenter = $"vCenter Server {PairingCompletionText.VcName(pairing)}";
            if (pairing.IsSelf)
            {
                return DisplayText.OneLine($"This site's own entry ({vcenter})");
            }

            // The server may leave out the remote vCenter Server's id: then there is no GUID to add.
            return DisplayText.OneLine(SrmText.IsBlank(pairing.RemoteVcGuid) ? $"Pairing with {vcenter}" : $"Pairing with {vcenter} ({pairing.RemoteVcGuid})");
        }
    }

    /// <summary>
    /// Completes -PairingId of the cmdlets that act on a pairing to another site (Connect-SrmRemoteSite,
    /// Remove-SrmPairing, Repair-SrmPairing): as <see cref="PairingIdCompleter"/>, without the site's own entry,
    /// which they refuse.
    /// </summary>
    public sealed class RemotePairingIdCompleter : PairingIdCompleter
    {
        protected override bool OffersSelf => false;
    }
}
