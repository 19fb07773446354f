using System.Management.Automation;
using Srm.Client.Http;
using Srm.Client.Models;

namespace Srm.PowerShell.Commands
{
    /// <summary>
    /// Remove-SrmPairing: unpairs the connected site from a remote site (DELETE /pairings/{id}) and emits the task.
    /// The session must be logged in to the remote site: by -RemoteCredential here, or earlier by Connect-SrmRemoteSite.
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "SrmPairing", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(SrmTask))]
    public sealed class RemoveSrmPairingCommand : PairingTargetCmdlet
    {
        /// <summary>An SSO user of the remote site; when given, the remote login is made first.</summary>
        [Parameter]
        [Credential]
        [ValidateNotNull]
        [ValidateCredential]
        public PSCredential? RemoteCredential { get; set; }

        /// <summary>Removes without asking; never overrides -WhatIf.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            var connection = ResolveTargetConnection();
            var id = TargetId;
            if (Pairing != null && Pairing.IsSelf)
            {
                WriteError(SrmErrors.SelfPairing(Pairing, id, connection, "removed"));
                return;
            }

            // Asked before anything is sent, the remote login included. -Force answers as -Confirm:$false does; -WhatIf
            // ($WhatIfPreference) and an explicit -Confirm are ShouldProcess's to decide.
            if (Force)
            {
                ForceWithoutPrompt.Apply(CommandRuntime, MyInvocation.BoundParameters);
            }

            if (!ShouldProcess(DescribeTarget() + " on " + connection, "Remove SRM pairing"))
            {
                return;
            }

            var credential = RemoteCredential.ToSrmCredential();
            try
            {
                if (Pairing == null)
                {
                    var found = Call(connection, token => connection.Pairings.GetAsync(id, token));
                    if (found.IsSelf)
                    {
                        WriteError(SrmErrors.SelfPairing(found, id, connection, "removed"));
                        return;
                    }
                }

                WriteVerbose($"DELETE /pairings/{id} on {connection}" + (credential == null ? "." : $", after logging in to the remote site as {credential.UserName}."));
                var task = Call(connection, token => connection.Pairings.RemoveAsync(id, credential, token));
                WriteMetaWarnings(task);
                SrmRecentPairings.RemovalStarted(task, id);
                SrmRecentTasks.Remember(task);
                WriteObject(task);
            }
            catch (SrmApiException ex)
            {
                WriteError(ex.Kind == SrmErrorKind.RemoteSiteNotLoggedIn
                    ? SrmErrors.RemovalNotLoggedIn(ex, DescribeTarget(), (object?)Pairing ?? id)
                    : SrmErrors.PairingFromApi(ex, (object?)Pairing ?? id));
            }
        }
    }
}
