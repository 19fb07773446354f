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
        public PSCredential RemoteCredential { get; set; }

        /// <summary>Removes without asking; never overrides -WhatIf.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            var connection = ResolveTargetConnection();
            var id = TargetId;
            if (Pairing != null && Pairing.IsSelf)
            {
                WriteError(PairingErrors.SelfPairing(Pairing, id, connection, "removed"));
                return;
            }

            // Asked before anything is sent, the remote login included.
            if (!ShouldRemove(DescribeTarget() + " on " + connection))
            {
                return;
            }

            var credential = RemoteCredential == null ? null : new SrmCredential(RemoteCredential.UserName, RemoteCredential.Password);
            try
            {
                if (Pairing == null)
                {
                    var found = Call(connection, token => connection.Pairings.GetAsync(id, token));
                    if (found.IsSelf)
                    {
                        WriteError(PairingErrors.SelfPairing(found, id, connection, "removed"));
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
                if (ex.Kind == SrmErrorKind.RemoteSiteNotLoggedIn)
                {
                    ex = new SrmApiException(ex.Kind, ex.Method, ex.Path,
                        $"The remote site of {DescribeTarget()} is not logged in with this session, so the pairing cannot be removed; nothing was removed. " +
                        "Give -RemoteCredential (an SSO user of the remote site), or log in first with Connect-SrmRemoteSite on the same connection.",
                        ex.StatusCode, ex.ErrorCode, ex.ServerMessage, ex.OpId, ex);
                }

                WriteError(PairingErrors.FromApi(ex, (object)Pairing ?? id));
            }
        }

        /// <summary>
        /// ShouldProcess, except that -Force skips the confirmation prompt (unless -Confirm is given explicitly). -WhatIf
        /// always wins: the operation is described and nothing is done.
        /// </summary>
        private bool ShouldRemove(string target)
        {
            const string action = "Remove SRM pairing";
            var confirmAsked = MyInvocation.BoundParameters.TryGetValue("Confirm", out var confirm) && IsTrue(confirm);
            if (!Force || confirmAsked || WhatIfWanted())
            {
                return ShouldProcess(target, action);
            }

            WriteVerbose($"{action} {target} (-Force: not asking).");
            return true;
        }

        private bool WhatIfWanted()
        {
            return MyInvocation.BoundParameters.TryGetValue("WhatIf", out var bound)
                ? IsTrue(bound)
                : IsTrue(GetVariableValue("WhatIfPreference"));
        }

        private static bool IsTrue(object value)
        {
            if (value is PSObject wrapped)
            {
                value = wrapped.BaseObject;
            }

            return value is SwitchParameter sw ? sw.IsPresent : value is bool b && b;
        }
    }
}
