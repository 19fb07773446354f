using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Management.Automation;
using Srm.PowerShell.Completion;
using Srm.Client.Http;
using Srm.Client.Models;
using Srm.Client.Tasks;

namespace Srm.PowerShell.Commands
{
    /// <summary>
    /// Get-SrmTask: tasks by id (GET /tasks/{id}, or one GET /tasks for several), or the recent tasks (GET /tasks),
    /// filtered by status and description id and cut to the first N.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "SrmTask", DefaultParameterSetName = RecentSet)]
    [OutputType(typeof(SrmTask))]
    public sealed class GetSrmTaskCommand : SrmCmdlet
    {
        private const string RecentSet = "Recent";
        private const string IdSet = "Id";

        [Parameter(ParameterSetName = IdSet, Position = 0, Mandatory = true, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [Alias("TaskId")]
        [ArgumentCompleter(typeof(TaskIdCompleter))]
        public string[]? Id { get; set; }

        /// <summary>Only tasks in one of these states (the API's status words; any case).</summary>
        [Parameter(ParameterSetName = RecentSet)]
        [ValidateNotNullOrEmpty]
        [ValidateSet("QUEUED", "RUNNING", "SUCCESS", "ERROR", "CANCELLED", IgnoreCase = true)]
        public string[]? Status { get; set; }

        /// <summary>Only tasks with this description_id (exact, any case), e.g. com.vmware.srm.pairing.create.</summary>
        [Parameter(ParameterSetName = RecentSet)]
        [ValidateNotNullOrEmpty]
        public string? DescriptionId { get; set; }

        /// <summary>At most this many tasks (after filtering), in the server's order.</summary>
        [Parameter(ParameterSetName = RecentSet)]
        [ValidateRange(1, SrmTaskQuery.MaxFirst)]
        public int First { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [SrmConnectionArgument]
        [ArgumentCompleter(typeof(ConnectionCompleter))]
        public SrmConnection? Connection { get; set; }

        protected override void ProcessRecord()
        {
            var connection = ResolveConnection(Connection);
            try
            {
                if (ParameterSetName == RecentSet)
                {
                    var query = new SrmTaskQuery
                    {
                        Status = Status?.Select(s => (SrmTaskStatus)Enum.Parse(typeof(SrmTaskStatus), s.Trim(), true)).ToList(),
                        DescriptionId = DescriptionId,
                        First = MyInvocation.BoundParameters.ContainsKey(nameof(First)) ? First : (int?)null,
                    };
                    var notes = new ConcurrentQueue<string>();
                    var recent = Call(connection, token => connection.Tasks.ListAsync(query, notes.Enqueue, token));
                    foreach (var note in notes)
                    {
                        WriteVerbose(note);
                    }

                    foreach (var task in recent)
                    {
                        WriteTask(task);
                    }

                    return;
                }

                // The Id parameter set, where -Id is mandatory.
                var lookup = Call(connection, token => connection.Tasks.FindAsync(Id!, token));
                foreach (var task in lookup.Found)
                {
                    WriteTask(task);
                }

                foreach (var missing in lookup.NotFound)
                {
                    WriteError(SrmErrors.TaskNotFound(missing.TaskId, connection, missing.Error));
                }
            }
            catch (SrmApiException ex)
            {
                WriteError(SrmErrors.FromApi(ex, Id == null ? null : string.Join(",", Id)));
            }
        }

        private void WriteTask(SrmTask task)
        {
            WriteMetaWarnings(task);
            SrmRecentTasks.Remember(task);
            WriteObject(task);
        }
    }
}
