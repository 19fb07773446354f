using System;
using System.Collections.Generic;

namespace Srm.Client.Models
{
    /// <summary>
    /// A snapshot of an SRM task as the server reported it at <see cref="RetrievedAt"/>.
    /// Wait-SrmTask emits a fresh snapshot rather than changing this one.
    /// </summary>
    public sealed class SrmTask
    {
        private static readonly IReadOnlyList<SrmMetaError> NoMetaErrors = new SrmMetaError[0];

        /// <summary>A snapshot with an id and a status; the API's answers fill the rest.</summary>
        public SrmTask(string id, SrmTaskStatus status)
        {
            Id = id ?? throw new ArgumentNullException(nameof(id));
            Status = status;
            RawStatus = status.ToString();
            MetaErrors = NoMetaErrors;
            RetrievedAt = DateTimeOffset.UtcNow;
        }

        /// <summary>The task's id.</summary>
        public string Id { get; }

        /// <summary>The task's status when the snapshot was read.</summary>
        public SrmTaskStatus Status { get; }

        /// <summary>The status word exactly as the server sent it (differs from <see cref="Status"/> only for UNKNOWN).</summary>
        public string? RawStatus { get; internal set; }

        /// <summary>
        /// The status as a message shows it: the server's own word for a status this library does not know (UNKNOWN
        /// says nothing), else the status. Raw: show it through <see cref="Text.DisplayText"/>.
        /// </summary>
        public string StatusWord => Status == SrmTaskStatus.UNKNOWN && !Http.SrmText.IsBlank(RawStatus) ? RawStatus : Status.ToString();

        /// <summary>Progress in percent (0-100). Never a completion signal: use <see cref="IsFinal"/>.</summary>
        public int Progress { get; internal set; }

        /// <summary>What the task does, in the server's words.</summary>
        public string? Description { get; internal set; }

        /// <summary>What the task does, as an id, e.g. com.vmware.srm.pairing.create.</summary>
        public string? DescriptionId { get; internal set; }

        /// <summary>The id of the object the task acts on.</summary>
        public string? Entity { get; internal set; }

        /// <summary>The name of the object the task acts on.</summary>
        public string? EntityName { get; internal set; }

        /// <summary>Set when the task ended in ERROR.</summary>
        public SrmTaskError? Error { get; internal set; }

        /// <summary>
        /// The task's free-form result: a string, a number, a boolean, an ordered dictionary for a JSON object,
        /// an object array for a JSON array, or null.
        /// </summary>
        public object? Result { get; internal set; }

        /// <summary>When the task was queued.</summary>
        public DateTimeOffset? QueuedTime { get; internal set; }

        /// <summary>When the task started; null while queued.</summary>
        public DateTimeOffset? StartTime { get; internal set; }

        /// <summary>When the task ended; null while it runs.</summary>
        public DateTimeOffset? CompleteTime { get; internal set; }

        /// <summary>How long the task ran: start to completion, or start to when this snapshot was taken.</summary>
        public TimeSpan? Duration
        {
            get
            {
                if (StartTime == null)
                {
                    return null;
                }

                var end = CompleteTime ?? RetrievedAt;
                var duration = end - StartTime.Value;
                return duration < TimeSpan.Zero ? TimeSpan.Zero : duration;
            }
        }

        /// <summary>The response's <c>_meta.errors</c>: problems with parts of the data, written as warnings.</summary>
        public IReadOnlyList<SrmMetaError> MetaErrors { get; internal set; }

        /// <summary>True for SUCCESS, ERROR and CANCELLED: the task will not change again.</summary>
        public bool IsFinal => Status == SrmTaskStatus.SUCCESS || Status == SrmTaskStatus.ERROR || Status == SrmTaskStatus.CANCELLED;

        /// <summary>When this snapshot was read from the server.</summary>
        public DateTimeOffset RetrievedAt { get; internal set; }

        /// <summary>
        /// For a pairing task that succeeded, once Wait-SrmTask has looked it up: the pairing it made. Null otherwise.
        /// </summary>
        public SrmPairing? Pairing { get; internal set; }

        /// <summary>The remote vCenter GUID a pairing task was started for (known to New-SrmPairing, passed on by Wait-SrmTask).</summary>
        internal string? PairingVcGuid { get; set; }

        /// <summary>The connection the task came from, so that Wait-SrmTask needs no -Connection.</summary>
        public SrmConnection? Connection { get; internal set; }

        /// <summary>The task id.</summary>
        public override string ToString() => Id;
    }
}
