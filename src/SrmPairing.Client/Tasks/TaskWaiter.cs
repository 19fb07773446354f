using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Srm.Client.Http;
using Srm.Client.Models;
using Srm.Client.Pairings;

namespace Srm.Client.Tasks
{
    /// <summary>
    /// Waits for many tasks of one connection together: each round is one GET /tasks list request for all tasks
    /// still pending (GET /tasks/{id} for a single task, or for a task the list lacks), then a pause. Completion is
    /// decided by status alone (SUCCESS, ERROR, CANCELLED), never by progress.
    /// </summary>
    internal sealed class TaskWaiter
    {
        private readonly SrmClient _client;
        private readonly TaskFetcher _fetcher;

        internal TaskWaiter(SrmClient client, TimeSpan pollInterval)
        {
            _client = client ?? throw new ArgumentNullException(nameof(client));
            _fetcher = new TaskFetcher(client);
            PollInterval = pollInterval > TimeSpan.Zero ? pollInterval : SrmClientOptions.DefaultTaskPollInterval;
        }

        internal TimeSpan PollInterval { get; }

        private readonly Dictionary<string, string?> _pairingVcGuids = new Dictionary<string, string?>(StringComparer.Ordinal);

        /// <summary>Says which remote vCenter a pairing task was started for, so that the pairing can be found when it succeeds.</summary>
        internal void ExpectPairing(string taskId, string? vcGuid)
        {
            if (!string.IsNullOrEmpty(taskId) && !string.IsNullOrEmpty(vcGuid))
            {
                _pairingVcGuids[taskId] = vcGuid;
            }
        }

        /// <summary>
        /// Waits until every task is final, the timeout passes, or the token is cancelled, reporting to
        /// <paramref name="observer"/> (may be null) as it goes; returns the latest snapshot of each task read.
        /// </summary>
        internal async Task<IReadOnlyDictionary<string, SrmTask>> WaitAsync(IEnumerable<string> taskIds, TimeSpan? timeout,
            IProgress<SrmTaskWaitEvent>? observer, CancellationToken cancellationToken)
        {
            var pending = new List<string>(taskIds.Distinct(StringComparer.Ordinal));
            var lastSeen = new Dictionary<string, SrmTask>(StringComparer.Ordinal);
            var clock = Stopwatch.StartNew();

            // The timeout bounds everything, a poll stuck in retries or rate-limit waits included.
            using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                // A timer cannot be set beyond int.MaxValue ms (about 24.8 days); a longer timeout is left to the
                // check between rounds.
                if (timeout.HasValue && timeout.Value.TotalMilliseconds <= int.MaxValue)
                {
                    deadline.CancelAfter(timeout.Value);
                }

                try
                {
                    await PollAsync(pending, lastSeen, timeout, clock, observer, deadline.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && deadline.IsCancellationRequested)
                {
                    ReportTimedOut(pending, lastSeen, observer);
                }
            }

            return lastSeen;
        }

        private static void Report(IProgress<SrmTaskWaitEvent>? observer, SrmTaskWaitEventKind kind, string? taskId, SrmTask? task, SrmApiException? error)
        {
            observer?.Report(new SrmTaskWaitEvent(kind, taskId, task, error));
        }

        private static void ReportTimedOut(List<string> pending, Dictionary<string, SrmTask> lastSeen, IProgress<SrmTaskWaitEvent>? observer)
        {
            foreach (var id in pending)
            {
                lastSeen.TryGetValue(id, out var task);
                Report(observer, SrmTaskWaitEventKind.TimedOut, id, task, null);
            }
        }

        private async Task PollAsync(List<string> pending, Dictionary<string, SrmTask> lastSeen, TimeSpan? timeout, Stopwatch clock,
            IProgress<SrmTaskWaitEvent>? observer, CancellationToken cancellationToken)
        {
            while (pending.Count > 0)
            {
                IReadOnlyDictionary<string, SrmTask?> snapshot;
                try
                {
                    snapshot = await _fetcher.FetchAsync(pending, (id, error) => Report(observer, SrmTaskWaitEventKind.NotFound, id, null, error), cancellationToken).ConfigureAwait(false);
                }
                catch (SrmApiException ex) when (ex.IsTransient || ex.Kind == SrmErrorKind.ServerError || ex.Kind == SrmErrorKind.InvalidResponse)
                {
                    Report(observer, SrmTaskWaitEventKind.PollFailed, null, null, ex);
                    snapshot = new Dictionary<string, SrmTask?>();
                }

                var finished = new List<SrmTask>();
                foreach (var id in pending.ToList())
                {
                    if (!snapshot.TryGetValue(id, out var task))
                    {
                        continue;
                    }

                    if (task == null)
                    {
                        pending.Remove(id);
                        continue;
                    }

                    lastSeen[id] = task;
                    if (task.IsFinal)
                    {
                        pending.Remove(id);
                        finished.Add(task);
                    }
                    else
                    {
                        Report(observer, SrmTaskWaitEventKind.Progress, id, task, null);
                    }
                }

                await LinkPairingsAsync(finished, cancellationToken).ConfigureAwait(false);
                foreach (var task in finished)
                {
                    Report(observer, SrmTaskWaitEventKind.Finished, task.Id, task, null);
                }

                if (pending.Count == 0)
                {
                    return;
                }

                var pause = PollInterval;
                if (timeout.HasValue)
                {
                    var left = timeout.Value - clock.Elapsed;
                    if (left <= TimeSpan.Zero)
                    {
                        ReportTimedOut(pending, lastSeen, observer);
                        pending.Clear();
                        return;
                    }

                    if (left < pause)
                    {
                        pause = left;
                    }
                }

                await Task.Delay(pause, cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>
        /// Pairing tasks that succeeded in this round get their pairing, with one GET /pairings for all of them. A
        /// failure to look leaves Pairing empty; the task itself succeeded.
        /// </summary>
        private async Task LinkPairingsAsync(IReadOnlyList<SrmTask> finished, CancellationToken cancellationToken)
        {
            foreach (var task in finished)
            {
                if (_pairingVcGuids.TryGetValue(task.Id, out var vcGuid))
                {
                    task.PairingVcGuid = vcGuid;
                }
            }

            try
            {
                await PairingLinker.LinkAsync(_client, finished, cancellationToken).ConfigureAwait(false);
            }
            catch (SrmApiException ex)
            {
                _client.Trace($"Looking up the pairings of finished tasks failed: {ex.Message}");
            }
        }
    }
}
