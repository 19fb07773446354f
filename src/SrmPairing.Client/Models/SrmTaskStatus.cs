namespace Srm.Client.Models
{
    /// <summary>
    /// The status of an SRM task, named exactly as the API spells it so that
    /// <c>$task.Status -eq 'SUCCESS'</c> reads naturally in PowerShell. No member is 0, so a status is never falsy.
    /// </summary>
    public enum SrmTaskStatus
    {
        QUEUED = 1,
        RUNNING = 2,
        SUCCESS = 3,
        ERROR = 4,
        CANCELLED = 5,

        /// <summary>A status this module does not know; the server's own word is in <see cref="SrmTask.RawStatus"/>.</summary>
        UNKNOWN = 99,
    }
}
