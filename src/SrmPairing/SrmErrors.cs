using System;
using System.Management.Automation;
using Srm.Client.Http;
using Srm.Client.Models;
using Srm.Client.Text;

namespace Srm.PowerShell.Commands
{
    /// <summary>
    /// Every ErrorRecord the module writes: a specific error id, a category and a target object. Messages carry the
    /// server's message and op_id; none carries a password, Basic header or session id. Server text in a message is
    /// made safe to show (<see cref="DisplayText"/>); the target object keeps the raw values.
    /// </summary>
    internal static class SrmErrors
    {
        internal static ErrorRecord FromApi(SrmApiException exception, object target)
        {
            string id;
            ErrorCategory category;
            switch (exception.Kind)
            {
                case SrmErrorKind.BadRequest:
                    id = "SrmBadRequest";
                    category = ErrorCategory.InvalidArgument;
                    break;
                case SrmErrorKind.Unauthorized:
                    id = "SrmAuthenticationFailed";
                    category = ErrorCategory.AuthenticationError;
                    break;
                case SrmErrorKind.Forbidden:
                    id = "SrmPermissionDenied";
                    category = ErrorCategory.PermissionDenied;
                    break;
                case SrmErrorKind.NotFound:
                    id = "SrmNotFound";
                    category = ErrorCategory.ObjectNotFound;
                    break;
                case SrmErrorKind.RateLimited:
                    id = "SrmRateLimited";
                    category = ErrorCategory.LimitsExceeded;
                    break;
                case SrmErrorKind.ServerError:
                    var unavailable = exception.StatusCode == 502 || exception.StatusCode == 503 || exception.StatusCode == 504;
                    id = unavailable ? "SrmServiceUnavailable" : "SrmServerError";
                    category = unavailable ? ErrorCategory.ResourceUnavailable : ErrorCategory.InvalidResult;
                    break;
                case SrmErrorKind.Timeout:
                    id = "SrmRequestTimeout";
                    category = ErrorCategory.OperationTimeout;
                    break;
                case SrmErrorKind.ConnectionFailed:
                    id = "SrmConnectionFailed";
                    category = ErrorCategory.ConnectionError;
                    break;
                case SrmErrorKind.CertificateNotTrusted:
                    id = "SrmCertificateNotTrusted";
                    category = ErrorCategory.SecurityError;
                    break;
                case SrmErrorKind.InvalidResponse:
                    id = "SrmInvalidResponse";
                    category = ErrorCategory.InvalidData;
                    break;
                case SrmErrorKind.InvalidId:
                    id = "SrmInvalidId";
                    category = ErrorCategory.InvalidArgument;
                    break;
                default:
                    id = "SrmUnexpectedResponse";
                    category = ErrorCategory.InvalidResult;
                    break;
            }

            return new ErrorRecord(exception, id, category, target);
        }

        internal static ErrorRecord NotConnected()
        {
            return new ErrorRecord(
                new InvalidOperationException("There is no SRM connection. Connect first with Connect-SrmServer, or pass one with -Connection."),
                "SrmNotConnected", ErrorCategory.ConnectionError, null);
        }

        internal static ErrorRecord ConnectionClosed(SrmConnection connection)
        {
            return new ErrorRecord(
                new InvalidOperationException($"The connection to {connection} is closed. Connect again with Connect-SrmServer."),
                "SrmConnectionClosed", ErrorCategory.ConnectionError, connection);
        }

        /// <summary>Get-SrmConnection -Server with a text (no wildcard) that names no open connection of this runspace.</summary>
        internal static ErrorRecord ConnectionNotFound(string text)
        {
            return new ErrorRecord(
                new ItemNotFoundException($"There is no open connection {text} in this runspace. Get-SrmConnection without -Server lists the open ones."),
                "SrmConnectionNotFound", ErrorCategory.ObjectNotFound, text);
        }

        internal static ErrorRecord InvalidArgument(string id, string message, object target)
        {
            return new ErrorRecord(new ArgumentException(message), id, ErrorCategory.InvalidArgument, target);
        }

        internal static ErrorRecord TaskFailed(SrmTask task)
        {
            var what = string.IsNullOrEmpty(task.Description) ? $"Task {task.Id}" : $"Task {task.Id} ({task.Description})";
            if (task.Status == SrmTaskStatus.CANCELLED)
            {
                return new ErrorRecord(new SrmTaskFailedException(DisplayText.OneLine($"{what} was cancelled."), task),
                    "SrmTaskCancelled", ErrorCategory.OperationStopped, task);
            }

            var reason = task.Error?.ToString();
            var message = string.IsNullOrWhiteSpace(reason) ? $"{what} failed; the server gave no reason." : $"{what} failed: {reason}";
            return new ErrorRecord(new SrmTaskFailedException(DisplayText.OneLine(message), task), "SrmTaskFailed", ErrorCategory.InvalidResult, task);
        }

        /// <summary>
        /// A task id the server does not know (404), worded the same by Get-SrmTask and Wait-SrmTask: SrmNotFound,
        /// "Task ID was not found on CONNECTION (404).", then the server's message and op_id when it sent them.
        /// </summary>
        internal static ErrorRecord TaskNotFound(string taskId, SrmConnection connection, SrmApiException cause)
        {
            var message = $"Task {taskId} was not found on {connection} (404).";
            if (!string.IsNullOrWhiteSpace(cause?.ServerMessage))
            {
                message += " " + cause.ServerMessage.Trim();
                if (!message.EndsWith(".", StringComparison.Ordinal))
                {
                    message += ".";
                }
            }

            if (!string.IsNullOrEmpty(cause?.OpId))
            {
                message += $" (op_id {cause.OpId})";
            }

            return FromApi(new SrmApiException(SrmErrorKind.NotFound, cause?.Method ?? "GET", cause?.Path ?? "/tasks/" + taskId, message,
                404, cause?.ErrorCode, cause?.ServerMessage, cause?.OpId, cause), taskId);
        }

        internal static ErrorRecord TaskTimedOut(string taskId, SrmTask lastSeen, TimeSpan timeout)
        {
            var state = lastSeen == null ? "no status was read" : $"it was {lastSeen.StatusWord} at {lastSeen.Progress}%";
            return new ErrorRecord(
                new TimeoutException(DisplayText.OneLine($"Task {taskId} did not finish within {timeout.TotalSeconds:0.#} s; {state}. It goes on running on the server: wait again with Wait-SrmTask -Id {taskId}.")),
                "SrmTaskWaitTimeout", ErrorCategory.OperationTimeout, (object)lastSeen ?? taskId);
        }
    }

    /// <summary>A task that ended in ERROR or CANCELLED; <see cref="Task"/> is its final snapshot.</summary>
    public sealed class SrmTaskFailedException : Exception
    {
        public SrmTaskFailedException(string message, SrmTask task)
            : base(message)
        {
            Task = task;
        }

        public SrmTask Task { get; }
    }
}
