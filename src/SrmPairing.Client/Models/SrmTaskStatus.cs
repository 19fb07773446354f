namespace Srm.Client.Models
{
    /// <summary>
    /// The status of an SRM task, named exactly as the API spells it so that
    /// <c>$task.Status -eq 'SUCCESS'</c> reads naturally in PowerShell. No member is 0, so a status is never falsy.
    /// </summary>
    public enum SrmTaskStatus
    {
        /// <summary>Waiting to run.</summary>
        QUEUED = 1,
        /// <summary>Running.</summary>
        RUNNING = 2,
        /// <summary>Ended successfully.</summary>
        SUCCESS = 3,
        /// <summary>Ended with an error (<see cref="SrmTask.Error"/>).</summary>
        ERROR = 4,
        /// <summary>Cancelled before it ended.</summary>
        CANCELLED = 5,

        /// <summary>A status this module does not know; the server's own word is in <see cref="SrmTask.RawStatus"/>.</summary>
        UNKNOWN = 99,
    }
}
