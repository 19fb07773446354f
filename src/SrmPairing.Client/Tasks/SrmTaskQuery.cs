using System;
using System.Collections.Generic;
using System.Linq;
using Srm.Client.Models;

namespace Srm.Client.Tasks
{
    /// <summary>
    /// Which of a server's recent tasks to list (GET /tasks): by status (any of several), by description_id (exact,
    /// case-insensitive), and at most <see cref="First"/> of them in the server's order. The spec's query filters on one
    /// property (filter_property, with any number of filter values, which match as OR), so one filter is sent (status
    /// when given, else description_id) and every filter is also applied here: that covers a second property, and a
    /// server that ignores the filter.
    /// </summary>
    internal sealed class SrmTaskQuery
    {
        internal const string StatusProperty = "status";
        internal const string DescriptionIdProperty = "description_id";

        internal SrmTaskQuery(IEnumerable<string> statuses = null, string descriptionId = null, int? first = null)
        {
            if (first.HasValue && first.Value < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(first), "First must be at least 1.");
            }

            Statuses = (statuses ?? Enumerable.Empty<string>())
                .Where(s => !string.IsNullOrWhiteSpace(s))
                .Select(s => s.Trim().ToUpperInvariant())
                .Distinct(StringComparer.Ordinal)
                .ToList();
            DescriptionId = string.IsNullOrWhiteSpace(descriptionId) ? null : descriptionId.Trim();
            First = first;
        }

        /// <summary>The status words wanted (upper case, as the API spells them); empty for any status.</summary>
        internal IReadOnlyList<string> Statuses { get; }

        /// <summary>The description_id wanted; null for any.</summary>
        internal string DescriptionId { get; }

        /// <summary>The most tasks listed; null for all.</summary>
        internal int? First { get; }

        /// <summary>The filter_property sent to the server: status when statuses are given, else description_id; null when none.</summary>
        internal string ServerFilterProperty =>
            Statuses.Count > 0 ? StatusProperty : DescriptionId != null ? DescriptionIdProperty : null;

        /// <summary>The filter values sent with <see cref="ServerFilterProperty"/>.</summary>
        internal IReadOnlyList<string> ServerFilterValues =>
            Statuses.Count > 0 ? Statuses : DescriptionId != null ? new[] { DescriptionId } : new string[0];

        /// <summary>Whether a filter is left to the client even when the server applies the one sent (both properties given).</summary>
        internal bool HasClientOnlyFilter => Statuses.Count > 0 && DescriptionId != null;

        /// <summary>Whether <paramref name="task"/> passes every filter.</summary>
        internal bool Matches(SrmTask task)
        {
            if (Statuses.Count > 0 && !Statuses.Contains(task.StatusWord, StringComparer.OrdinalIgnoreCase))
            {
                return false;
            }

            return DescriptionId == null || string.Equals(task.DescriptionId, DescriptionId, StringComparison.OrdinalIgnoreCase);
        }
    }
}
