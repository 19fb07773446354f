using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Srm.Client.Http;
using Srm.Client.Models;

namespace Srm.Client.Tasks
{
    /// <summary>
    /// Reads tasks by id: one GET /tasks?filter_property=id for several, GET /tasks/{id} for one and for each task the
    /// list lacks. A server that refuses the id filter (400) is asked for each task on its own from then on.
    /// </summary>
    internal sealed class TaskFetcher
    {
        private readonly SrmClient _client;
        private bool _listFilterUnsupported;

        internal TaskFetcher(SrmClient client)
        {
            _client = client ?? throw new ArgumentNullException(nameof(client));
        }

        /// <summary>
        /// The tasks by id, in as few requests as the server allows. A null value marks a task the server does not
        /// know, which has been reported to <paramref name="onNotFound"/>.
        /// </summary>
        internal async Task<IReadOnlyDictionary<string, SrmTask?>> FetchAsync(IReadOnlyList<string> ids, Action<string, SrmApiException> onNotFound, CancellationToken cancellationToken)
        {
            var found = new Dictionary<string, SrmTask?>(StringComparer.Ordinal);
            if (ids.Count > 1 && !_listFilterUnsupported)
            {
                try
                {
                    foreach (var task in await _client.GetTasksByIdAsync(ids, cancellationToken).ConfigureAwait(false))
                    {
                        found[task.Id] = task;
                    }
                }
                catch (SrmApiException ex) when (ex.Kind == SrmErrorKind.BadRequest)
                {
                    // The server does not filter tasks by id: ask for each task from now on.
                    _listFilterUnsupported = true;
                }
            }

            foreach (var id in ids)
            {
                if (found.ContainsKey(id))
                {
                    continue;
                }

                try
                {
                    found[id] = await _client.GetTaskAsync(id, cancellationToken).ConfigureAwait(false);
                }
                catch (SrmApiException ex) when (ex.Kind == SrmErrorKind.NotFound)
                {
                    onNotFound(id, ex);
                    found[id] = null;
                }
            }

            return found;
        }
    }
}
