using System;
using System.Management.Automation;
using Srm.Client.Http;
using Srm.Client.Models;
using Srm.Client.Pairings;
using Srm.Client.Text;

namespace Srm.PowerShell.Commands
{
    /// <summary>
    /// The errors of pairings: creating one, and working on an existing one (remote login, remove, repair). Names and
    /// ids from the server in a message are made safe to show (<see cref="DisplayText"/>).
    /// </summary>
    internal static partial class SrmErrors
    {
        private const string LogInToRemoteSite =
            "Give -RemoteCredential (an SSO user of the remote site), or log in first with Connect-SrmRemoteSite on the same connection.";

        /// <summary>
        /// A failed call on a pairing: SrmPairingNotFound for a 404, SrmRemoteLoginFailed when the remote site refused
        /// the credential, SrmRemoteSiteNotLoggedIn when a remote login is missing; anything else as <see cref="FromApi"/>.
        /// </summary>
        internal static ErrorRecord PairingFromApi(SrmApiException exception, object? target)
        {
            switch (exception.Kind)
            {
                case SrmErrorKind.NotFound:
                    return Record(exception, "SrmPairingNotFound", ErrorCategory.ObjectNotFound, target);
                case SrmErrorKind.RemoteLoginRefused:
                    return Record(exception, "SrmRemoteLoginFailed", ErrorCategory.AuthenticationError, target);
                case SrmErrorKind.RemoteSiteNotLoggedIn:
                    return Record(exception, "SrmRemoteSiteNotLoggedIn", ErrorCategory.AuthenticationError, target, LogInToRemoteSite);
                default:
                    return FromApi(exception, target);
            }
        }

        /// <summary>A remote login of Connect-SrmServer -RemoteCredential that failed, naming the pairing and the remote vCenter Server.</summary>
        internal static ErrorRecord RemoteLoginFailed(SrmPairing pairing, SrmApiException exception)
        {
            return PairingFromApi(
                exception.WithMessage($"Logging in to the remote site of pairing {pairing.PairingId} ({DescribeRemote(pairing)}) failed: {exception.Message}"),
                pairing);
        }

        /// <summary>
        /// Remove-SrmPairing without a remote login: what is missing and how to give it, then the server's message and
        /// op_id when it sent them.
        /// </summary>
        internal static ErrorRecord RemovalNotLoggedIn(SrmApiException exception, string pairing, object? target)
        {
            return PairingFromApi(exception.WithMessage(WithServerWords(
                $"The remote site of {pairing} is not logged in with this session, so the pairing cannot be removed; nothing was removed. " +
                "Give -RemoteCredential (an SSO user of the remote site), or log in first with Connect-SrmRemoteSite on the same connection.",
                exception)), target);
        }

        /// <summary>The site's own entry (IsSelf) given to a cmdlet that acts on a pairing with another site.</summary>
        internal static ErrorRecord SelfPairing(SrmPairing? pairing, string pairingId, SrmConnection connection, string action)
        {
            return Record(
                new InvalidOperationException(DisplayText.OneLine($"Pairing {pairing?.PairingId ?? pairingId} is the site's own entry (vCenter Server {connection.VcName}, " +
                                                                  $"{connection.VcGuid}), not a pairing with another site; it cannot be {action}.")),
                "SrmSelfPairing", ErrorCategory.InvalidOperation, (object?)pairing ?? pairingId);
        }

        /// <summary>New-SrmPairing with the vCenter Server of the connection itself.</summary>
        internal static ErrorRecord CannotPairWithSelf(PairingSpec spec, SrmConnection connection)
        {
            return InvalidArgument("SrmCannotPairWithSelf",
                DisplayText.OneLine($"{spec.VcGuid} is the vCenter Server of {connection} itself ({connection.VcName}); a site cannot pair with itself."), spec);
        }

        /// <summary>New-SrmPairing with a vCenter Server the site is already paired with.</summary>
        internal static ErrorRecord AlreadyPaired(PairingSpec spec, SrmConnection connection, string pairingId)
        {
            return Record(
                new InvalidOperationException(DisplayText.OneLine($"{connection} is already paired with vCenter Server {spec.VcGuid}: pairing {pairingId}.")),
                "SrmAlreadyPaired", ErrorCategory.ResourceExists, spec);
        }

        /// <summary>
        /// New-SrmPairing with a vCenter Server an earlier input object of the same pipeline started a pairing with
        /// (task <paramref name="taskId"/>), or would have with -WhatIf (<paramref name="taskId"/> null).
        /// </summary>
        internal static ErrorRecord PairingAlreadyStarted(PairingSpec spec, string? taskId)
        {
            var message = taskId == null
                ? $"A pairing with vCenter Server {spec.VcGuid} would already be started by an earlier input object of this pipeline."
                : $"A pairing with vCenter Server {spec.VcGuid} was already started by task {taskId} earlier in this pipeline.";
            return Record(new InvalidOperationException(DisplayText.OneLine(message)), "SrmPairingAlreadyStarted", ErrorCategory.ResourceExists, spec);
        }

        /// <summary>
        /// "vCenter Server vc-b.example.com, 7d3c..." or what is known of it, as messages name a pairing's remote site:
        /// the server may leave out the entry, its name or its id.
        /// </summary>
        internal static string DescribeRemote(SrmPairing pairing)
        {
            var name = pairing.RemoteVcServer?.Name;
            var id = pairing.RemoteVcServer?.Id;
            if (SrmText.IsBlank(name))
            {
                return SrmText.IsBlank(id) ? "remote vCenter Server unknown" : $"vCenter Server {id}";
            }

            return SrmText.IsBlank(id) ? $"vCenter Server {name}" : $"vCenter Server {name}, {id}";
        }
    }
}
