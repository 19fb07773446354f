using System;
using System.Management.Automation;
using Srm.Client.Http;
using Srm.Client.Models;
using Srm.Client.Text;

namespace Srm.PowerShell.Commands
{
    /// <summary>The errors of tasks: failed or cancelled, not found, not finished in time.</summary>
    internal static partial class SrmErrors
    {
        internal static ErrorRecord TaskFailed(SrmTask task)
        {
            var what = string.IsNullOrEmpty(task.Description) ? $"Task {task.Id}" : $"Task {task.Id} ({task.Description})";
            if (task.Status == SrmTaskStatus.CANCELLED)
            {
                return Record(new SrmTaskFailedException(DisplayText.OneLine($"{what} was cancelled."), task),
                    "SrmTaskCancelled", ErrorCategory.OperationStopped, task);
            }

            var reason = task.Error?.ToString();
            var message = string.IsNullOrWhiteSpace(reason) ? $"{what} failed; the server gave no reason." : $"{what} failed: {reason}";
            return Record(new SrmTaskFailedException(DisplayText.OneLine(message), task), "SrmTaskFailed", ErrorCategory.InvalidResult, task);
        }

        /// <summary>
        /// A task id the server does not know (404), worded the same by Get-SrmTask and Wait-SrmTask: SrmNotFound,
        /// "Task ID was not found on CONNECTION (404).", then the server's message and op_id when it sent them.
        /// <paramref name="cause"/> is the client's NotFound failure of GET /tasks/{id}.
        /// </summary>
        internal static ErrorRecord TaskNotFound(string taskId, SrmConnection connection, SrmApiException cause)
        {
            return FromApi(cause.WithMessage(WithServerWords($"Task {taskId} was not found on {connection} (404).", cause)), taskId);
        }

        /// <summary>Wait-SrmTask -Timeout ran out: the task goes on running on the server.</summary>
        internal static ErrorRecord TaskTimedOut(string taskId, SrmTask? lastSeen, TimeSpan timeout)
        {
            var state = lastSeen == null ? "no status was read" : $"it was {lastSeen.StatusWord} at {lastSeen.Progress}%";
            return Record(
                new TimeoutException(DisplayText.OneLine($"Task {taskId} did not finish within {timeout.TotalSeconds:0.#} s; {state}. It goes on running on the server: wait again with Wait-SrmTask -Id {taskId}.")),
                "SrmTaskWaitTimeout", ErrorCategory.OperationTimeout, (object?)lastSeen ?? taskId,
                $"Wait again with Wait-SrmTask -Id {taskId} (with a longer -Timeout), or follow it with Get-SrmTask -Id {taskId}.");
        }
    }
}
