using Srm.Client.Http;

namespace Srm.Client.Tasks
{
    /// <summary>A task id that <see cref="SrmTaskOperations.FindAsync"/> asked for and the server does not know.</summary>
    public sealed class SrmTaskNotFound
    {
        internal SrmTaskNotFound(string taskId, SrmApiException error)
        {
            TaskId = taskId;
            Error = error;
        }

        /// <summary>The id asked for.</summary>
        public string TaskId { get; }

        /// <summary>The server's answer (kind <see cref="SrmErrorKind.NotFound"/>).</summary>
        public SrmApiException Error { get; }
    }
}
