using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Srm.Client.Models;
using Srm.Client.Tasks;
using Srm.Client.Wire;

namespace Srm.Client.Http
{
    /// <summary>The filtered, paged listing of a server's recent tasks (Get-SrmTask without -Id).</summary>
    internal sealed partial class SrmClient
    {
        /// <summary>The most tasks one page of GET /tasks asks for (the spec's default page size).</summary>
        internal const int TaskPageSize = 100;

        /// <summary>
        /// GET /tasks?filter_property=...&amp;filter=...&amp;limit=...&amp;offset=...: the recent tasks that pass
        /// <paramref name="query"/>, in the server's order, every page (at most <see cref="MaxListPages"/> pages and
        /// <see cref="MaxListItems"/> tasks read). One filter property is sent; every filter is applied here as well.
        /// When the server refuses the filter (400), the tasks are listed unfiltered and filtered here, and
        /// <paramref name="verbose"/> says so. Where only the server filters (one property), a page asks for no more
        /// than <see cref="SrmTaskQuery.First"/> tasks; where the client filters too, pages stay full size, since
        /// -First counts tasks after filtering, and reading stops once that many have passed.
        /// </summary>
        internal async Task<IReadOnlyList<SrmTask>> ListTasksAsync(SrmTaskQuery query, Action<string>? verbose, CancellationToken cancellationToken)
        {
            var property = query.ServerFilterProperty;
            if (property == null)
            {
                return await ListTaskPagesAsync(query, false, cancellationToken).ConfigureAwait(false);
            }

            if (query.HasClientOnlyFilter)
            {
                verbose?.Invoke($"GET /tasks on {_serverLabel}: filtering on {property} on the server and on {SrmTaskQuery.DescriptionIdProperty} here (the API filters on one property at a time).");
            }

            try
            {
                return await ListTaskPagesAsync(query, true, cancellationToken).ConfigureAwait(false);
            }
            catch (SrmApiException ex) when (ex.Kind == SrmErrorKind.BadRequest)
            {
                var why = string.IsNullOrWhiteSpace(ex.ServerMessage) ? "400 Bad Request" : "400: " + ex.ServerMessage;
                verbose?.Invoke($"GET /tasks on {_serverLabel} refused the filter on {property} ({why}); listing the tasks unfiltered and filtering them here.");
                return await ListTaskPagesAsync(query, false, cancellationToken).ConfigureAwait(false);
            }
        }

        private async Task<IReadOnlyList<SrmTask>> ListTaskPagesAsync(SrmTaskQuery query, bool sendFilter, CancellationToken cancellationToken)
        {
            var result = new List<SrmTask>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            // Only where the server applies every filter is each task listed a wanted one, so only then may the page
            // size follow -First.
            var serverFiltersAll = sendFilter && !query.HasClientOnlyFilter;
            var pageSize = serverFiltersAll && query.First.HasValue ? Math.Min(query.First.Value, TaskPageSize) : TaskPageSize;
            for (int offset = 0, pages = 1; ; pages++)
            {
                var path = TaskListPath(query, sendFilter, pageSize, offset);
                var body = await SendAsync(HttpMethod.Get, path, null, idempotent: true, cancellationToken).ConfigureAwait(false);
                var page = Parse<TaskList>(body, "GET", "/tasks");
                var items = (page?.List ?? new List<TaskData>()).Where(t => t != null).ToList();
                var added = 0;
                foreach (var item in items)
                {
                    var task = ToTask(item, "GET", "/tasks");
                    if (!seen.Add(task.Id))
                    {
                        continue;
                    }

                    added++;
                    if (query.Matches(task))
                    {
                        result.Add(task);
                        if (query.First.HasValue && result.Count >= query.First.Value)
                        {
                            return result;
                        }
                    }
                }

                // The server may page in smaller steps than asked: _meta.total, when given, says whether more follow.
                var total = page?.Meta?.Total;
                var more = total.HasValue ? offset + items.Count < total.Value : items.Count >= pageSize;
                if (items.Count == 0 || !more)
                {
                    return result;
                }

                if (added == 0)
                {
                    throw UnfollowableTaskPaging($"the page at offset {offset} adds no task not already listed (is offset ignored?)");
                }

                if (pages >= MaxListPages || seen.Count >= MaxListItems)
                {
                    throw UnfollowableTaskPaging($"it goes on past {MaxListPages} pages or {MaxListItems} tasks (the most this module reads)");
                }

                offset += items.Count;
            }
        }

        private static string TaskListPath(SrmTaskQuery query, bool sendFilter, int limit, int offset)
        {
            var path = new StringBuilder("/tasks?");
            if (sendFilter)
            {
                path.Append("filter_property=").Append(Uri.EscapeDataString(query.ServerFilterProperty));
                foreach (var value in query.ServerFilterValues)
                {
                    path.Append("&filter=").Append(Uri.EscapeDataString(value));
                }

                path.Append('&');
            }

            return path.Append("limit=").Append(limit.ToString(CultureInfo.InvariantCulture))
                .Append("&offset=").Append(offset.ToString(CultureInfo.InvariantCulture)).ToString();
        }

        private SrmApiException UnfollowableTaskPaging(string why)
        {
            return new SrmApiException(SrmErrorKind.InvalidResponse, "GET", "/tasks",
                $"GET /tasks on {_serverLabel}: the server's paging cannot be followed: {why}. No tasks were listed.");
        }
    }
}
