using System;
using System.Collections.Generic;
using System.Linq;
using Srm.Client.Models;

namespace Srm.Client.Tasks
{
    /// <summary>
    /// Which of a server's recent tasks <see cref="SrmTaskOperations.ListAsync(SrmTaskQuery, System.Threading.CancellationToken)"/>
    /// lists: by status (any of several), by description_id (exact, case-insensitive), and at most <see cref="First"/>
    /// of them in the server's order; an empty query lists them all. The API filters on one property (filter_property,
    /// with any number of values, which match as OR), so one filter is sent (status when given, else description_id)
    /// and every filter is also applied here: that covers a second property, and a server that ignores the filter.
    /// </summary>
    public sealed class SrmTaskQuery
    {
        /// <summary>The most tasks a listing reads, and so the largest useful <see cref="First"/>.</summary>
        public const int MaxFirst = Http.SrmClient.MaxListItems;

        internal const string StatusProperty = "status";
        internal const string DescriptionIdProperty = "description_id";

        private int? _first;

        /// <summary>An empty query: every recent task.</summary>
        public SrmTaskQuery()
        {
        }

        /// <summary>A query from status words (any case, as the API spells them), a description_id and a count.</summary>
        internal SrmTaskQuery(IEnumerable<string>? statuses = null, string? descriptionId = null, int? first = null)
        {
            Status = (statuses ?? Enumerable.Empty<string>())
                .Where(s => !string.IsNullOrWhiteSpace(s))
                .Select(s => (SrmTaskStatus)Enum.Parse(typeof(SrmTaskStatus), s.Trim(), ignoreCase: true))
                .ToList();
            DescriptionId = descriptionId;
            First = first;
        }

        /// <summary>Only tasks in one of these states; null or empty for any state.</summary>
        public IEnumerable<SrmTaskStatus>? Status { get; set; }

        /// <summary>Only tasks with this description_id (exact, any case), e.g. com.vmware.srm.pairing.create; null or blank for any.</summary>
        public string? DescriptionId { get; set; }

        /// <summary>At most this many tasks (after filtering), in the server's order; null for all.</summary>
        /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
        public int? First
        {
            get => _first;
            set
            {
                if (value.HasValue && value.Value < 1)
                {
                    throw new ArgumentOutOfRangeException(nameof(value), "First must be at least 1.");
                }

                _first = value;
            }
        }

        /// <summary>The status words wanted (upper case, as the API spells them); empty for any status.</summary>
        internal IReadOnlyList<string> Statuses =>
            (Status ?? Enumerable.Empty<SrmTaskStatus>())
                .Where(s => s != SrmTaskStatus.UNKNOWN)
                .Select(s => s.ToString())
                .Distinct(StringComparer.Ordinal)
                .ToList();

        /// <summary>The description_id wanted, trimmed; null for any.</summary>
        internal string? DescriptionIdWanted => Http.SrmText.IsBlank(DescriptionId) ? null : DescriptionId.Trim();

        /// <summary>The filter_property sent to the server: status when statuses are given, else description_id; null when none.</summary>
        internal string? ServerFilterProperty =>
            Statuses.Count > 0 ? StatusProperty : DescriptionIdWanted != null ? DescriptionIdProperty : null;

        /// <summary>The filter values sent with <see cref="ServerFilterProperty"/>.</summary>
        internal IReadOnlyList<string> ServerFilterValues
        {
            get
            {
                var statuses = Statuses;
                return statuses.Count > 0 ? statuses : DescriptionIdWanted != null ? new[] { DescriptionIdWanted } : new string[0];
            }
        }

        /// <summary>Whether a filter is left to the client even when the server applies the one sent (both properties given).</summary>
        internal bool HasClientOnlyFilter => Statuses.Count > 0 && DescriptionIdWanted != null;

        /// <summary>A copy that later changes to this query do not affect (a listing reads it while it runs).</summary>
        internal SrmTaskQuery Snapshot() => 
            new SrmTaskQuery { Status = (Status ?? Enumerable.Empty<SrmTaskStatus>()).ToList(), DescriptionId = DescriptionId, First = First };

        /// <summary>Whether <paramref name="task"/> passes every filter.</summary>
        internal bool Matches(SrmTask task)
        {
            var statuses = Statuses;
            if (statuses.Count > 0 && !statuses.Contains(task.StatusWord, StringComparer.OrdinalIgnoreCase))
            {
                return false;
            }

            var descriptionId = DescriptionIdWanted;
            return descriptionId == null || string.Equals(task.DescriptionId, descriptionId, StringComparison.OrdinalIgnoreCase);
        }
    }
}
