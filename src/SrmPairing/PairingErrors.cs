using System;
using System.Management.Automation;
using Srm.Client.Http;
using Srm.Client.Models;

namespace Srm.PowerShell.Commands
{
    /// <summary>The error records of the cmdlets that work on an existing pairing (remote login, remove, repair).</summary>
    internal static class PairingErrors
    {
        /// <summary>
        /// A failed call on a pairing: SrmPairingNotFound for a 404, SrmRemoteLoginFailed when the remote site refused
        /// the credential, SrmRemoteSiteNotLoggedIn when a remote login is missing; anything else as SrmErrors.FromApi.
        /// </summary>
        internal static ErrorRecord FromApi(SrmApiException exception, object target)
        {
            switch (exception.Kind)
            {
                case SrmErrorKind.NotFound:
                    return new ErrorRecord(exception, "SrmPairingNotFound", ErrorCategory.ObjectNotFound, target);
                case SrmErrorKind.RemoteLoginRefused:
                    return new ErrorRecord(exception, "SrmRemoteLoginFailed", ErrorCategory.AuthenticationError, target);
                case SrmErrorKind.RemoteSiteNotLoggedIn:
                    return new ErrorRecord(exception, "SrmRemoteSiteNotLoggedIn", ErrorCategory.AuthenticationError, target);
                default:
                    return SrmErrors.FromApi(exception, target);
            }
        }

        /// <summary>A remote login of Connect-SrmServer -RemoteCredential that failed, naming the pairing and the remote vCenter Server.</summary>
        internal static ErrorRecord RemoteLoginFailed(SrmPairing pairing, SrmApiException exception)
        {
            var message = $"Logging in to the remote site of pairing {pairing.PairingId} ({DescribeRemote(pairing)}) failed: {exception.Message}";
            var wrapped = new SrmApiException(exception.Kind, exception.Method, exception.Path, message, exception.StatusCode,
                exception.ErrorCode, exception.ServerMessage, exception.OpId, exception);
            return FromApi(wrapped, pairing);
        }

        internal static ErrorRecord SelfPairing(SrmPairing pairing, string pairingId, SrmConnection connection, string action)
        {
            return new ErrorRecord(
                new InvalidOperationException($"Pairing {pairing?.PairingId ?? pairingId} is the site's own entry (vCenter Server {connection.VcName}, " +
                                              $"{connection.VcGuid}), not a pairing with another site; it cannot be {action}."),
                "SrmSelfPairing", ErrorCategory.InvalidOperation, (object)pairing ?? pairingId);
        }

        /// <summary>"vCenter Server vc-b.example.com, 7d3c..." or what is known of it.</summary>
        internal static string DescribeRemote(SrmPairing pairing)
        {
            var vc = pairing?.RemoteVcServer;
            if (vc == null)
            {
                return "remote vCenter Server unknown";
            }

            return string.IsNullOrEmpty(vc.Name) ? $"vCenter Server {vc.Id}" : $"vCenter Server {vc.Name}, {vc.Id}";
        }
    }
}
