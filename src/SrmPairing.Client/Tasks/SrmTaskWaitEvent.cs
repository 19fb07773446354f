using Srm.Client.Http;
using Srm.Client.Models;

namespace Srm.Client.Tasks
{
    /// <summary>
    /// One thing a wait (<see cref="SrmTaskOperations"/>.WaitAsync) reports as it goes. Events come from the thread
    /// the wait runs on, one at a time, in the order they happened.
    /// </summary>
    public sealed class SrmTaskWaitEvent
    {
        internal SrmTaskWaitEvent(SrmTaskWaitEventKind kind, string? taskId, SrmTask? task, SrmApiException? error)
        {
            Kind = kind;
            TaskId = taskId;
            Task = task;
            Error = error;
        }

        /// <summary>What happened.</summary>
        public SrmTaskWaitEventKind Kind { get; }

        /// <summary>The task it is about; null for <see cref="SrmTaskWaitEventKind.PollFailed"/>, which is about a whole round.</summary>
        public string? TaskId { get; }

        /// <summary>The task's snapshot: the latest for Progress and TimedOut (null when none was read), the final one for Finished.</summary>
        public SrmTask? Task { get; }

        /// <summary>The error of <see cref="SrmTaskWaitEventKind.NotFound"/> and <see cref="SrmTaskWaitEventKind.PollFailed"/>; null otherwise.</summary>
        public SrmApiException? Error { get; }

        /// <summary>The kind and the task id, e.g. "Finished 12345".</summary>
        public override string ToString() => TaskId == null ? Kind.ToString() : Kind + " " + TaskId;
    }
}
