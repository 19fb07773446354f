using Srm.Client.Http;
using Srm.Client.Models;
using Srm.Client.Tasks;

namespace Srm.Client.Tests
{
    /// <summary>Takes the events of a wait (<see cref="SrmTaskOperations"/>.WaitAsync) one method per kind.</summary>
    internal abstract class WaitObserver : IProgress<SrmTaskWaitEvent>
    {
        public abstract void OnProgress(SrmTask task);

        public abstract void OnFinished(SrmTask task);

        public abstract void OnTimedOut(string taskId, SrmTask? lastSeen);

        public abstract void OnNotFound(string taskId, SrmApiException error);

        public abstract void OnPollFailed(SrmApiException error);

        public void Report(SrmTaskWaitEvent value)
        {
            switch (value.Kind)
            {
                // Each kind carries what it names: a task for Progress and Finished, an id for TimedOut and
                // NotFound, an error for NotFound and PollFailed.
                case SrmTaskWaitEventKind.Progress:
                    OnProgress(value.Task!);
                    break;
                case SrmTaskWaitEventKind.Finished:
                    OnFinished(value.Task!);
                    break;
                case SrmTaskWaitEventKind.TimedOut:
                    OnTimedOut(value.TaskId!, value.Task);
                    break;
                case SrmTaskWaitEventKind.NotFound:
                    OnNotFound(value.TaskId!, value.Error!);
                    break;
                case SrmTaskWaitEventKind.PollFailed:
                    OnPollFailed(value.Error!);
                    break;
                default:
                    throw new InvalidOperationException("Unknown event " + value.Kind);
            }
        }
    }
}
