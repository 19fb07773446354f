using Srm.Client.Http;
using Srm.Client.Models;

namespace Srm.Client.Tasks
{
    /// <summary>
    /// What a wait reports as it goes. Calls come from a background thread: a cmdlet queues them and writes the
    /// records from its pipeline thread.
    /// </summary>
    public interface ISrmTaskWaitObserver
    {
        /// <summary>A fresh snapshot of a task that is not final yet.</summary>
        void OnProgress(SrmTask task);

        /// <summary>The task reached SUCCESS, ERROR or CANCELLED; this is its final snapshot.</summary>
        void OnFinished(SrmTask task);

        /// <summary>The wait's time ran out; <paramref name="lastSeen"/> is the latest snapshot (null if none arrived).</summary>
        void OnTimedOut(string taskId, SrmTask lastSeen);

        /// <summary>The server does not know the task (404).</summary>
        void OnNotFound(string taskId, SrmApiException error);

        /// <summary>A poll failed even after its retries; the wait goes on with the next round.</summary>
        void OnPollFailed(SrmApiException error);
    }
}
