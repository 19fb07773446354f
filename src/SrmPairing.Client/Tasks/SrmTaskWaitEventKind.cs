namespace Srm.Client.Tasks
{
    /// <summary>What a <see cref="SrmTaskWaitEvent"/> reports. No value is zero.</summary>
    public enum SrmTaskWaitEventKind
    {
        /// <summary>A fresh snapshot of a task that is not final yet.</summary>
        Progress = 1,

        /// <summary>The task reached SUCCESS, ERROR or CANCELLED; <see cref="SrmTaskWaitEvent.Task"/> is its final snapshot.</summary>
        Finished = 2,

        /// <summary>The wait's time ran out before the task was final; <see cref="SrmTaskWaitEvent.Task"/> is the latest snapshot, or null if none arrived.</summary>
        TimedOut = 3,

        /// <summary>The server does not know the task (404); <see cref="SrmTaskWaitEvent.Error"/> says so. The wait goes on for the others.</summary>
        NotFound = 4,

        /// <summary>A round of polling failed even after its retries (<see cref="SrmTaskWaitEvent.Error"/>); the wait goes on with the next round.</summary>
        PollFailed = 5,
    }
}
