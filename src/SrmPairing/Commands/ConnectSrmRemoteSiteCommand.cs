using System.Management.Automation;
using Srm.Client.Models;
using Srm.Client.Http;

namespace Srm.PowerShell.Commands
{
    /// <summary>
    /// Connect-SrmRemoteSite: logs the connection's session in to a pairing's remote site
    /// (POST /pairings/{id}/remote-session), which removing or repairing the pairing needs, and emits the pairing.
    /// </summary>
    [Cmdlet(VerbsCommunications.Connect, "SrmRemoteSite")]
    [OutputType(typeof(SrmPairing))]
    public sealed class ConnectSrmRemoteSiteCommand : PairingTargetCmdlet
    {
        /// <summary>An SSO user of the remote site.</summary>
        [Parameter(Mandatory = true)]
        [Credential]
        [ValidateNotNull]
        [ValidateCredential]
        public PSCredential Credential { get; set; } = null!;

        protected override void ProcessRecord()
        {
            var connection = ResolveTargetConnection();
            var id = TargetId;
            if (Pairing != null && Pairing.IsSelf)
            {
                WriteError(SrmErrors.SelfPairing(Pairing, id, connection, "logged in to as a remote site"));
                return;
            }

            var credential = Credential.ToRequiredSrmCredential();
            try
            {
                if (Pairing == null)
                {
                    // Only an id: read the pairing first, so that the site's own entry is refused before any login.
                    var found = Call(connection, token => connection.Pairings.GetAsync(id, token));
                    if (found.IsSelf)
                    {
                        WriteError(SrmErrors.SelfPairing(found, id, connection, "logged in to as a remote site"));
                        return;
                    }
                }

                WriteVerbose($"Logging in to the remote site of {DescribeTarget()} on {connection} as {credential.UserName}.");
                var pairing = Call(connection, token => connection.Pairings.LoginRemoteAsync(id, credential, token));
                SrmRecentPairings.Remember(pairing);
                WriteObject(pairing);
            }
            catch (SrmApiException ex)
            {
                WriteError(SrmErrors.PairingFromApi(ex, (object?)Pairing ?? id));
            }
        }
    }
}
