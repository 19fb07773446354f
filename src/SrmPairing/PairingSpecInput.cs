using System.Management.Automation;
using SrmPairing.Http;
using SrmPairing.Models;

namespace SrmPairing.Commands
{
    /// <summary>
    /// Turns the pairing parameters that New-SrmPairing and Repair-SrmPairing share into a PairingSpec: trimmed, with
    /// blank optional values (empty CSV cells) taken as not given. PairingSpec.Validate then says what is wrong.
    /// </summary>
    internal static class PairingSpecInput
    {
        internal static PairingSpec Build(string pscUrl, int pscPort, string pscThumbprint, PSCredential credential, string vcGuid,
            string srmUrl, string srmThumbprint)
        {
            return new PairingSpec
            {
                PscUrl = pscUrl?.Trim(),
                PscPort = pscPort,
                PscThumbprint = Blank(pscThumbprint),
                PscCredential = credential == null ? null : new SrmCredential(credential.UserName, credential.Password),
                VcGuid = vcGuid?.Trim(),
                SrmUrl = Blank(srmUrl),
                SrmThumbprint = Blank(srmThumbprint),
            };
        }

        internal static string Blank(string value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }
}
