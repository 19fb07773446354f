using System;
using System.Management.Automation;
using Srm.Client.Http;
using Srm.Client.Text;

namespace Srm.PowerShell.Commands
{
    /// <summary>
    /// Every ErrorRecord the module writes, and nowhere else is one made: a specific error id (Srm...), a category, a
    /// target object and, where there is a next step to suggest, a RecommendedAction (ErrorDetails without a message of
    /// its own, so the exception's message is the one shown). Messages carry the server's message and op_id; none carries
    /// a password, Basic header or session id. Server text in a message or recommendation is made safe to show
    /// (<see cref="DisplayText"/>); the target object keeps the raw values.
    /// </summary>
    /// <remarks>
    /// One class in files by concern: this one (REST failures and arguments), SrmErrors.Connection.cs,
    /// SrmErrors.Pairing.cs and SrmErrors.Task.cs.
    /// </remarks>
    internal static partial class SrmErrors
    {
        private const string TrustCertificate =
            "If the certificate is the server's own, connect with Connect-SrmServer -CertificateThumbprint (Get-SrmCertificateThumbprint " +
            "reads it from the server), or with -SkipCertificateCheck for a test appliance.";

        /// <summary>A failed REST call, its error id and category chosen by its kind (and, for 5xx, its status).</summary>
        internal static ErrorRecord FromApi(SrmApiException exception, object? target)
        {
            switch (exception.Kind)
            {
                case SrmErrorKind.BadRequest:
                    return Record(exception, "SrmBadRequest", ErrorCategory.InvalidArgument, target);
                case SrmErrorKind.Unauthorized:
                    return Record(exception, "SrmAuthenticationFailed", ErrorCategory.AuthenticationError, target);
                case SrmErrorKind.Forbidden:
                    return Record(exception, "SrmPermissionDenied", ErrorCategory.PermissionDenied, target);
                case SrmErrorKind.NotFound:
                    return Record(exception, "SrmNotFound", ErrorCategory.ObjectNotFound, target);
                case SrmErrorKind.RateLimited:
                    return Record(exception, "SrmRateLimited", ErrorCategory.LimitsExceeded, target);
                case SrmErrorKind.ServerError:
                    var unavailable = exception.StatusCode == 502 || exception.StatusCode == 503 || exception.StatusCode == 504;
                    return unavailable
                        ? Record(exception, "SrmServiceUnavailable", ErrorCategory.ResourceUnavailable, target)
                        : Record(exception, "SrmServerError", ErrorCategory.InvalidResult, target);
                case SrmErrorKind.Timeout:
                    return Record(exception, "SrmRequestTimeout", ErrorCategory.OperationTimeout, target);
                case SrmErrorKind.ConnectionFailed:
                    return Record(exception, "SrmConnectionFailed", ErrorCategory.ConnectionError, target);
                case SrmErrorKind.CertificateNotTrusted:
                    return Record(exception, "SrmCertificateNotTrusted", ErrorCategory.SecurityError, target, TrustCertificate);
                case SrmErrorKind.InvalidResponse:
                    return Record(exception, "SrmInvalidResponse", ErrorCategory.InvalidData, target);
                case SrmErrorKind.InvalidId:
                    return Record(exception, "SrmInvalidId", ErrorCategory.InvalidArgument, target);
                default:
                    return Record(exception, "SrmUnexpectedResponse", ErrorCategory.InvalidResult, target);
            }
        }

        /// <summary>An argument refused before anything is sent (ArgumentException, InvalidArgument).</summary>
        internal static ErrorRecord InvalidArgument(string id, string message, object? target)
        {
            return Record(new ArgumentException(message), id, ErrorCategory.InvalidArgument, target);
        }

        /// <summary>
        /// <paramref name="message"/> followed by what the server said of <paramref name="cause"/>: its message (as a
        /// sentence) and its op_id, when it sent them. The SrmApiException that takes it makes it safe to show.
        /// </summary>
        private static string WithServerWords(string message, SrmApiException cause)
        {
            if (!SrmText.IsBlank(cause.ServerMessage))
            {
                message += " " + cause.ServerMessage.Trim();
                if (!message.EndsWith(".", StringComparison.Ordinal))
                {
                    message += ".";
                }
            }

            if (!string.IsNullOrEmpty(cause.OpId))
            {
                message += $" (op_id {cause.OpId})";
            }

            return message;
        }

        /// <summary>The one place an ErrorRecord is constructed.</summary>
        private static ErrorRecord Record(Exception exception, string id, ErrorCategory category, object? target, string? recommendedAction = null)
        {
            var record = new ErrorRecord(exception, id, category, target);
            if (recommendedAction != null)
            {
                // An empty ErrorDetails message: ToString and the error views keep showing the exception's message.
                record.ErrorDetails = new ErrorDetails(string.Empty) { RecommendedAction = DisplayText.OneLine(recommendedAction) };
            }

            return record;
        }
    }
}
