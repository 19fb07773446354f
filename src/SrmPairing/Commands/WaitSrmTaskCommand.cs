using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using SrmPairing.Http;
using SrmPairing.Models;
using SrmPairing.Tasks;

namespace SrmPairing.Commands
{
    /// <summary>
    /// Wait-SrmTask: waits for tasks until each is SUCCESS, ERROR or CANCELLED and emits each final task, fetched
    /// fresh. Piped tasks are collected and waited for together once the input ends.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Wait, "SrmTask", DefaultParameterSetName = TaskSet)]
    [OutputType(typeof(SrmTask))]
    public sealed class WaitSrmTaskCommand : SrmCmdlet
    {
        private const string TaskSet = "Task";
        private const string IdSet = "Id";
        private const string Activity = "Waiting for SRM tasks";

        private readonly List<KeyValuePair<SrmConnection, string>> _tasks = new List<KeyValuePair<SrmConnection, string>>();

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = TaskSet)]
        [ValidateNotNull]
        public SrmTask[] Task { get; set; }

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = IdSet)]
        [ValidateNotNullOrEmpty]
        [Alias("TaskId")]
        public string[] Id { get; set; }

        /// <summary>For -Id, and for tasks that carry no connection.</summary>
        [Parameter]
        public SrmConnection Connection { get; set; }

        /// <summary>The longest the whole wait may take, in seconds.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        [Alias("TimeoutSec")]
        public int Timeout { get; set; }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == TaskSet)
            {
                foreach (var task in Task)
                {
                    var connection = task.Connection ?? Connection;
                    Add(ResolveConnection(connection), task.Id);
                }
            }
            else
            {
                var connection = ResolveConnection(Connection);
                foreach (var id in Id)
                {
                    if (!string.IsNullOrWhiteSpace(id))
                    {
                        Add(connection, id.Trim());
                    }
                }
            }
        }

        protected override void EndProcessing()
        {
            if (_tasks.Count == 0)
            {
                return;
            }

            var timeout = MyInvocation.BoundParameters.ContainsKey(nameof(Timeout)) ? TimeSpan.FromSeconds(Timeout) : (TimeSpan?)null;
            var progress = new ProgressBoard(this, _tasks.Select(t => t.Value).ToList());
            var observer = new Observer(this, progress, timeout ?? TimeSpan.Zero);
            try
            {
                Run(token => System.Threading.Tasks.Task.WhenAll(_tasks
                    .GroupBy(t => t.Key)
                    .Select(group => new SrmTaskWaiter(group.Key).WaitAsync(group.Select(t => t.Value), timeout, observer, token))));
            }
            catch (SrmApiException ex)
            {
                WriteError(SrmErrors.FromApi(ex, null));
            }
            finally
            {
                progress.CompleteAll();
            }
        }

        private void Add(SrmConnection connection, string id)
        {
            if (!_tasks.Any(t => ReferenceEquals(t.Key, connection) && t.Value == id))
            {
                _tasks.Add(new KeyValuePair<SrmConnection, string>(connection, id));
            }
        }

        /// <summary>Turns what the waiters report (on background threads) into records written by the pipeline thread.</summary>
        private sealed class Observer : ISrmTaskWaitObserver
        {
            private readonly WaitSrmTaskCommand _cmdlet;
            private readonly ProgressBoard _progress;
            private readonly TimeSpan _timeout;

            internal Observer(WaitSrmTaskCommand cmdlet, ProgressBoard progress, TimeSpan timeout)
            {
                _cmdlet = cmdlet;
                _progress = progress;
                _timeout = timeout;
            }

            public void OnProgress(SrmTask task) => _cmdlet.Post(() => _progress.Update(task));

            public void OnFinished(SrmTask task) => _cmdlet.Post(() =>
            {
                _progress.Finish(task);
                _cmdlet.WriteMetaWarnings(task);
                if (task.Status != SrmTaskStatus.SUCCESS)
                {
                    _cmdlet.WriteError(SrmErrors.TaskFailed(task));
                }

                _cmdlet.WriteObject(task);
            });

            public void OnTimedOut(string taskId, SrmTask lastSeen) => _cmdlet.Post(() =>
            {
                _progress.Finish(lastSeen, taskId);
                _cmdlet.WriteError(SrmErrors.TaskTimedOut(taskId, lastSeen, _timeout));
            });

            public void OnNotFound(string taskId, SrmApiException error) => _cmdlet.Post(() =>
            {
                _progress.Finish(null, taskId);
                _cmdlet.WriteError(SrmErrors.FromApi(new SrmApiException(error.Kind, error.Method, error.Path,
                    $"Task {taskId} was not found on the server (404).", error.StatusCode), taskId));
            });

            public void OnPollFailed(SrmApiException error) => _cmdlet.Post(() =>
                _cmdlet.WriteWarning($"Checking the tasks failed; trying again in the next round. {error.Message}"));
        }

        /// <summary>One progress bar per task under a parent bar that counts finished tasks.</summary>
        private sealed class ProgressBoard
        {
            private const int ParentId = 1;
            private readonly WaitSrmTaskCommand _cmdlet;
            private readonly Dictionary<string, int> _activityIds = new Dictionary<string, int>(StringComparer.Ordinal);
            private readonly HashSet<string> _finished = new HashSet<string>(StringComparer.Ordinal);
            private readonly int _total;

            internal ProgressBoard(WaitSrmTaskCommand cmdlet, IReadOnlyList<string> taskIds)
            {
                _cmdlet = cmdlet;
                var next = ParentId + 1;
                foreach (var id in taskIds)
                {
                    if (!_activityIds.ContainsKey(id))
                    {
                        _activityIds[id] = next++;
                    }
                }

                _total = _activityIds.Count;
            }

            internal void Update(SrmTask task)
            {
                WriteParent();
                if (_activityIds.TryGetValue(task.Id, out var activityId))
                {
                    _cmdlet.WriteProgress(new ProgressRecord(activityId, Describe(task), $"{task.Status} {task.Progress}%")
                    {
                        ParentActivityId = ParentId,
                        PercentComplete = Math.Max(0, Math.Min(100, task.Progress)),
                    });
                }
            }

            internal void Finish(SrmTask task, string taskId = null)
            {
                var id = task?.Id ?? taskId;
                if (id == null || !_activityIds.TryGetValue(id, out var activityId) || !_finished.Add(id))
                {
                    return;
                }

                WriteParent();
                _cmdlet.WriteProgress(new ProgressRecord(activityId, task == null ? "Task " + id : Describe(task), task == null ? "Done" : task.Status.ToString())
                {
                    ParentActivityId = ParentId,
                    RecordType = ProgressRecordType.Completed,
                });
            }

            internal void CompleteAll()
            {
                foreach (var pair in _activityIds.Where(p => !_finished.Contains(p.Key)))
                {
                    _cmdlet.WriteProgress(new ProgressRecord(pair.Value, "Task " + pair.Key, "Stopped") { ParentActivityId = ParentId, RecordType = ProgressRecordType.Completed });
                }

                _cmdlet.WriteProgress(new ProgressRecord(ParentId, Activity, "Done") { RecordType = ProgressRecordType.Completed });
            }

            private void WriteParent()
            {
                _cmdlet.WriteProgress(new ProgressRecord(ParentId, Activity, $"{_finished.Count} of {_total} finished")
                {
                    PercentComplete = _total == 0 ? 100 : _finished.Count * 100 / _total,
                });
            }

            private static string Describe(SrmTask task) =>
                string.IsNullOrWhiteSpace(task.Description) ? "Task " + task.Id : task.Description + " (" + task.Id + ")";
        }
    }
}
