using Srm.Client.Http;
using Srm.Client.Models;

namespace Srm.PowerShell.Completion
{
    /// <summary>What the pairing completers' tooltips share. Raw server text: pass the whole tooltip through DisplayText.</summary>
    internal static class PairingCompletionText
    {
        /// <summary>The remote vCenter Server's name, else its URL, else its GUID.</summary>
        internal static string VcName(SrmPairing pairing)
        {
            var vc = pairing.RemoteVcServer;
            var name = SrmText.IsBlank(vc?.Name) ? vc?.Url : vc.Name;
            return SrmText.IsBlank(name) ? pairing.RemoteVcGuid ?? "(unnamed)" : name.Trim();
        }
    }
}
