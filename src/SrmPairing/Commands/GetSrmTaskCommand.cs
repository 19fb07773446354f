using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using SrmPairing.Completion;
using SrmPairing.Http;
using SrmPairing.Models;
using SrmPairing.Tasks;

namespace SrmPairing.Commands
{
    /// <summary>Get-SrmTask: tasks by id (GET /tasks/{id}, or one GET /tasks for several), or the recent tasks.</summary>
    [Cmdlet(VerbsCommon.Get, "SrmTask")]
    [OutputType(typeof(SrmTask))]
    public sealed class GetSrmTaskCommand : SrmCmdlet
    {
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [Alias("TaskId")]
        [ArgumentCompleter(typeof(TaskIdCompleter))]
        public string[] Id { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [SrmConnectionArgument]
        [ArgumentCompleter(typeof(ConnectionCompleter))]
        public SrmConnection Connection { get; set; }

        protected override void ProcessRecord()
        {
            var connection = ResolveConnection(Connection);
            try
            {
                if (Id == null)
                {
                    foreach (var task in Run(token => connection.Client.GetRecentTasksAsync(token)))
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
