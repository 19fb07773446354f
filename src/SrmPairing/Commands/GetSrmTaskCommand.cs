using System.Collections.Generic;
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
        public string[] Id { get; set; }

        /// <summary>Only tasks in one of these states (the API's status words; any case).</summary>
        [Parameter(ParameterSetName = RecentSet)]
        [ValidateNotNullOrEmpty]
        [ValidateSet("QUEUED", "RUNNING", "SUCCESS", "ERROR", "CANCELLED", IgnoreCase = true)]
        public string[] Status { get; set; }

        /// <summary>Only tasks with this description_id (exact, any case), e.g. com.vmware.srm.pairing.create.</summary>
        [Parameter(ParameterSetName = RecentSet)]
        [ValidateNotNullOrEmpty]
        public string DescriptionId { get; set; }

        /// <summary>At most this many tasks (after filtering), in the server's order.</summary>
        [Parameter(ParameterSetName = RecentSet)]
        [ValidateRange(1, SrmClient.MaxListItems)]
        public int First { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [SrmConnectionArgument]
        [ArgumentCompleter(typeof(ConnectionCompleter))]
        public SrmConnection Connection { get; set; }

        protected override void ProcessRecord()
        {
            var connection = ResolveConnection(Connection);
            try
            {
                if (ParameterSetName == RecentSet)
                {
                    var query = new SrmTaskQuery(Status, DescriptionId, MyInvocation.BoundParameters.ContainsKey(nameof(First)) ? First : (int?)null);
                    var recent = Run(token => connection.Client.ListTasksAsync(query, line => Post(() => WriteVerbose(line)), token));
                    foreach (var task in recent)
                    {
                        WriteTask(task);
                    }

                    return;
                }

                var ids = Id.Where(id => !string.IsNullOrWhiteSpace(id)).Select(id => id.Trim()).Distinct().ToList();
                var notFound = new List<KeyValuePair<string, SrmApiException>>();
                var tasks = Run(token => new SrmTaskWaiter(connection).FetchAsync(ids, (id, error) => notFound.Add(new KeyValuePair<string, SrmApiException>(id, error)), token));
                foreach (var id in ids)
                {
                    if (tasks.TryGetValue(id, out var task) && task != null)
                    {
                        WriteTask(task);
                    }
                }

                foreach (var missing in notFound)
                {
                    WriteError(SrmErrors.TaskNotFound(missing.Key, connection, missing.Value));
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
