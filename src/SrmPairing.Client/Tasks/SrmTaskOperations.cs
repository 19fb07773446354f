using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Srm.Client.Http;
using Srm.Client.Models;

namespace Srm.Client.Tasks
{
    /// <summary>
    /// The tasks of one connection's SRM server (<see cref="SrmConnection.Tasks"/>): read them by id, list the recent
    /// ones, and wait for them. Failures are <see cref="SrmApiException"/>s; every call may run concurrently with others.
    /// </summary>
    public sealed class SrmTaskOperations
    {
        private readonly SrmClient _client;

        internal SrmTaskOperations(SrmClient client)
        {
            _client = client;
        }

        /// <summary>
        /// The current snapshot of each task: GET /tasks/{id} for one, one GET /tasks?filter_property=id for several
        /// (split when the ids would make the address too long; each task the list lacks is asked for on its own). A
        /// task the server does not know is an <see cref="SrmApiException"/> of kind <see cref="SrmErrorKind.NotFound"/>;
        /// <see cref="FindAsync"/> reports such ids instead.
        /// </summary>
        /// <param name="taskIds">The ids; blank ones are skipped, repeated ones read once.</param>
        /// <param name="cancellationToken">Cancels the requests.</param>
        /// <returns>The tasks, in the order their ids were given (each once).</returns>
        public async Task<IReadOnlyList<SrmTask>> GetAsync(IEnumerable<string> taskIds, CancellationToken cancellationToken = default(CancellationToken))
        {
            var lookup = await FindAsync(taskIds, cancellationToken).ConfigureAwait(false);
            if (lookup.NotFound.Count > 0)
            {
                throw lookup.NotFound[0].Error;
            }

            return lookup.Found;
        }

        /// <summary>
        /// As <see cref="GetAsync"/>, but a task the server does not know (404) is reported in
        /// <see cref="SrmTaskLookup.NotFound"/> instead of failing the call.
        /// </summary>
        /// <param name="taskIds">The ids; blank ones are skipped, repeated ones read once.</param>
        /// <param name="cancellationToken">Cancels the requests.</param>
        /// <returns>The tasks found and the ids not found, each in the order given.</returns>
        public async Task<SrmTaskLookup> FindAsync(IEnumerable<string> taskIds, CancellationToken cancellationToken = default(CancellationToken))
        {
            var ids = Distinct(taskIds);
            var notFound = new List<SrmTaskNotFound>();
            var fetched = await new TaskFetcher(_client)
                .FetchAsync(ids, (id, error) => notFound.Add(new SrmTaskNotFound(id, error)), cancellationToken).ConfigureAwait(false);
            var found = new List<SrmTask>();
            foreach (var id in ids)
            {
                if (fetched.TryGetValue(id, out var task) && task != null)
                {
                    found.Add(task);
                }
            }

            // The fetch asks for the ids in the order given, so the ids not found are in that order too.
            return new SrmTaskLookup(found, notFound);
        }

        /// <summary>
        /// GET /tasks: the server's recent tasks that pass <paramref name="query"/>, in the server's order, every page
        /// (at most <see cref="SrmTaskQuery.MaxFirst"/> tasks read). When the server refuses the filter (400), the tasks
        /// are listed unfiltered and filtered here.
        /// </summary>
        /// <param name="query">Which tasks; null for all.</param>
        /// <param name="cancellationToken">Cancels the requests.</param>
        /// <returns>The tasks listed.</returns>
        public Task<IReadOnlyList<SrmTask>> ListAsync(SrmTaskQuery? query, CancellationToken cancellationToken = default(CancellationToken))
        {
            return ListAsync(query, null, cancellationToken);
        }

        /// <summary>
        /// As <see cref="ListAsync(SrmTaskQuery, CancellationToken)"/>, telling <paramref name="note"/> how the listing
        /// was filtered: where the client filters too, and when the server refused the filter.
        /// </summary>
        /// <param name="query">Which tasks; null for all.</param>
        /// <param name="note">Takes a sentence about how the tasks were filtered; called from any thread; may be null.</param>
        /// <param name="cancellationToken">Cancels the requests.</param>
        /// <returns>The tasks listed.</returns>
        public Task<IReadOnlyList<SrmTask>> ListAsync(SrmTaskQuery? query, Action<string>? note, CancellationToken cancellationToken = default(CancellationToken))
        {
            return _client.ListTasksAsync((query ?? new SrmTaskQuery()).Snapshot(), note, cancellationToken);
        }

        /// <summary>
        /// Waits for tasks until each is SUCCESS, ERROR or CANCELLED (by status alone, never by progress), the
        /// timeout passes or the token is cancelled. Each round is one GET /tasks for every task still pending (GET
        /// /tasks/{id} for a single one), then a pause of <see cref="SrmClientOptions.TaskPollInterval"/>. A pairing
        /// task that succeeds gets its <see cref="SrmTask.Pairing"/> when it came from
        /// <see cref="Pairings.SrmPairingOperations.CreateAsync"/> or the server names the pairing in its result. A
        /// task the server does not know, a timed-out task and a failed round are reported to <paramref name="progress"/>,
        /// not thrown; a cancelled token throws <see cref="OperationCanceledException"/>.
        /// </summary>
        /// <param name="tasks">The tasks, e.g. <see cref="Pairings.PairingCreationResult.Task"/>.</param>
        /// <param name="progress">Takes each event as it happens, on the thread the wait runs on; may be null.</param>
        /// <param name="timeout">The longest the whole wait may take; null for no limit.</param>
        /// <param name="cancellationToken">Ends the wait.</param>
        /// <returns>
        /// The latest snapshot of each task, in the order given: final ones for the tasks that finished, the last one read
        /// (or the one given, when none was read) for those that timed out or are not known to the server.
        /// </returns>
        public async Task<IReadOnlyList<SrmTask>> WaitAsync(IEnumerable<SrmTask> tasks, IProgress<SrmTaskWaitEvent>? progress, TimeSpan? timeout,
            CancellationToken cancellationToken = default(CancellationToken))
        {
            if (tasks == null)
            {
                throw new ArgumentNullException(nameof(tasks));
            }

            var given = tasks.ToList();
            if (given.Any(t => t == null))
            {
                throw new ArgumentException("A task is null.", nameof(tasks));
            }

            var waiter = new TaskWaiter(_client, _client.Options.TaskPollInterval);
            foreach (var task in given)
            {
                waiter.ExpectPairing(task.Id, task.PairingVcGuid);
            }

            var latest = await waiter.WaitAsync(given.Select(t => t.Id), timeout, progress, cancellationToken).ConfigureAwait(false);
            return given.Select(t => latest.TryGetValue(t.Id, out var seen) ? seen : t).ToList();
        }

        /// <summary>
        /// As <see cref="WaitAsync(IEnumerable{SrmTask}, IProgress{SrmTaskWaitEvent}, TimeSpan?, CancellationToken)"/>, by task id.
        /// </summary>
        /// <param name="taskIds">The ids of the tasks.</param>
        /// <param name="progress">Takes each event as it happens, on the thread the wait runs on; may be null.</param>
        /// <param name="timeout">The longest the whole wait may take; null for no limit.</param>
        /// <param name="cancellationToken">Ends the wait.</param>
        /// <returns>
        /// The latest snapshot of each task, in the order given; null for a task of which no snapshot was read (not known
        /// to the server, or timed out before its first answer).
        /// </returns>
        public async Task<IReadOnlyList<SrmTask?>> WaitAsync(IEnumerable<string> taskIds, IProgress<SrmTaskWaitEvent>? progress, TimeSpan? timeout,
            CancellationToken cancellationToken = default(CancellationToken))
        {
            if (taskIds == null)
            {
                throw new ArgumentNullException(nameof(taskIds));
            }

            var given = taskIds.ToList();
            if (given.Any(string.IsNullOrWhiteSpace))
            {
                throw new ArgumentException("A task id is blank.", nameof(taskIds));
            }

            var latest = await new TaskWaiter(_client, _client.Options.TaskPollInterval)
                .WaitAsync(given, timeout, progress, cancellationToken).ConfigureAwait(false);
            return given.Select(id => latest.TryGetValue(id, out var seen) ? seen : null).ToList();
        }

        private static List<string> Distinct(IEnumerable<string> taskIds)
        {
            if (taskIds == null)
            {
                throw new ArgumentNullException(nameof(taskIds));
            }

            return taskIds.Where(id => !string.IsNullOrWhiteSpace(id)).Select(id => id.Trim()).Distinct(StringComparer.Ordinal).ToList();
        }
    }
}
