using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using Srm.PowerShell.Completion;
using Srm.Client.Http;
using Srm.Client.Models;
using Srm.Client.Tasks;

namespace Srm.PowerShell.Commands
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

        // The remote vCenter each piped pairing task was started for, so that its pairing can be found.
        private readonly Dictionary<string, string> _pairingVcGuids = new Dictionary<string, string>(StringComparer.Ordinal);

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = TaskSet)]
        [ValidateNotNull]
        public SrmTask[] Task { get; set; }

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = IdSet)]
        [ValidateNotNullOrEmpty]
        [Alias("TaskId")]
        [ArgumentCompleter(typeof(TaskIdCompleter))]
        public string[] Id { get; set; }

        /// <summary>For -Id, and for tasks that carry no connection.</summary>
        [Parameter]
        [SrmConnectionArgument]
        [ArgumentCompleter(typeof(ConnectionCompleter))]
        public SrmConnection Connection { get; set; }

        /// <summary>The longest the whole wait may take, in seconds.</summary>
        [Parameter]
        [ValidateRange(1, 604800)]
        public int Timeout { get; set; }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == TaskSet)
            {
                foreach (var task in Task)
                {
                    var connection = task.Connection ?? Connection;
                    Add(ResolveConnection(connection), task.Id);
                    if (!string.IsNullOrEmpty(task.PairingVcGuid))
                    {
                        _pairingVcGuids[task.Id] = task.PairingVcGuid;
                    }
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
            var progress = new ProgressBoard(this, ProgressWanted(), _tasks);
            try
            {
                Run(token => System.Threading.Tasks.Task.WhenAll(_tasks
                    .GroupBy(t => t.Key)
                    .Select(group => NewWaiter(group.Key, group.Select(t => t.Value)).WaitAsync(group.Select(t => t.Value), timeout,
                        new Observer(this, progress, group.Key, timeout ?? TimeSpan.Zero), token))));
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

        /// <summary>
        /// False when progress would be thrown away ($ProgressPreference or -ProgressAction SilentlyContinue or
        /// Ignore): then no record is even built.
        /// </summary>
        private bool ProgressWanted() => StreamWanted("ProgressAction", "ProgressPreference");

        private SrmTaskWaiter NewWaiter(SrmConnection connection, IEnumerable<string> taskIds)
        {
            var waiter = new SrmTaskWaiter(connection);
            foreach (var id in taskIds)
            {
                if (_pairingVcGuids.TryGetValue(id, out var vcGuid))
                {
                    waiter.ExpectPairing(id, vcGuid);
                }
            }

            return waiter;
        }

        private void Add(SrmConnection connection, string id)
        {
            if (!_tasks.Any(t => ReferenceEquals(t.Key, connection) && t.Value == id))
            {
                _tasks.Add(new KeyValuePair<SrmConnection, string>(connection, id));
            }
        }

        /// <summary>Turns what one connection's waiter reports (on a background thread) into records written by the pipeline thread.</summary>
        private sealed class Observer : ISrmTaskWaitObserver
        {
            private readonly WaitSrmTaskCommand _cmdlet;
            private readonly ProgressBoard _progress;
            private readonly SrmConnection _connection;
            private readonly TimeSpan _timeout;

            internal Observer(WaitSrmTaskCommand cmdlet, ProgressBoard progress, SrmConnection connection, TimeSpan timeout)
            {
                _cmdlet = cmdlet;
                _progress = progress;
                _connection = connection;
                _timeout = timeout;
            }

            public void OnProgress(SrmTask task) => _cmdlet.Post(() =>
            {
                SrmRecentTasks.Remember(task);
                _progress.Update(_connection, task);
            });

            public void OnFinished(SrmTask task) => _cmdlet.Post(() =>
            {
                SrmRecentTasks.Remember(task);
                _progress.Finish(_connection, task.Id, task.StatusWord);
                _cmdlet.WriteMetaWarnings(task);
                if (task.Status != SrmTaskStatus.SUCCESS)
                {
                    _cmdlet.WriteError(SrmErrors.TaskFailed(task));
                }

                _cmdlet.WriteObject(task);
            });

            public void OnTimedOut(string taskId, SrmTask lastSeen) => _cmdlet.Post(() =>
            {
                _progress.Finish(_connection, taskId, "Timed out");
                _cmdlet.WriteError(SrmErrors.TaskTimedOut(taskId, lastSeen, _timeout));
            });

            public void OnNotFound(string taskId, SrmApiException error) => _cmdlet.Post(() =>
            {
                _progress.Finish(_connection, taskId, "Not found");
                _cmdlet.WriteError(SrmErrors.TaskNotFound(taskId, _connection, error));
            });

            public void OnPollFailed(SrmApiException error) => _cmdlet.Post(() =>
                _cmdlet.WriteWarning($"Checking the tasks failed; trying again in the next round. {error.Message}"));
        }

        /// <summary>
        /// One progress bar per task under a parent bar (activity 1) that counts finished tasks. A record is written
        /// only when what it shows changes, and nothing at all when progress is not wanted. Pipeline thread only.
        /// </summary>
        private sealed class ProgressBoard
        {
            private const int ParentId = 1;
            private readonly WaitSrmTaskCommand _cmdlet;
            private readonly bool _enabled;
            private readonly Dictionary<SrmConnection, Dictionary<string, Bar>> _bars = new Dictionary<SrmConnection, Dictionary<string, Bar>>();
            private readonly int _total;
            private int _finished;
            private int _parentShown = -1;
            private bool _stopped;

            internal ProgressBoard(WaitSrmTaskCommand cmdlet, bool enabled, IEnumerable<KeyValuePair<SrmConnection, string>> tasks)
            {
                _cmdlet = cmdlet;
                _enabled = enabled;
                var next = ParentId + 1;
                foreach (var task in tasks)
                {
                    if (!_bars.TryGetValue(task.Key, out var byId))
                    {
                        _bars[task.Key] = byId = new Dictionary<string, Bar>(StringComparer.Ordinal);
                    }

                    if (!byId.ContainsKey(task.Value))
                    {
                        byId[task.Value] = new Bar(next++, task.Value);
                        _total++;
                    }
                }
            }

            internal void Update(SrmConnection connection, SrmTask task)
            {
                if (!_enabled || !TryGetBar(connection, task.Id, out var bar) || bar.Finished)
                {
                    return;
                }

                var percent = Math.Max(0, Math.Min(100, task.Progress));
                var status = string.IsNullOrWhiteSpace(task.Description)
                    ? $"{task.StatusWord} {percent}%"
                    : $"{task.Description.Trim()}: {task.StatusWord} {percent}%";
                WriteParent();
                if (status == bar.Shown)
                {
                    return;
                }

                bar.Shown = status;
                Write(new ProgressRecord(bar.ActivityId, bar.Activity, status) { ParentActivityId = ParentId, PercentComplete = percent });
            }

            internal void Finish(SrmConnection connection, string taskId, string outcome)
            {
                if (!TryGetBar(connection, taskId, out var bar) || bar.Finished)
                {
                    return;
                }

                bar.Finished = true;
                _finished++;
                if (!_enabled)
                {
                    return;
                }

                WriteParent();
                Write(new ProgressRecord(bar.ActivityId, bar.Activity, outcome) { ParentActivityId = ParentId, RecordType = ProgressRecordType.Completed });
            }

            /// <summary>Completes every bar still open and the parent: at the end, also after a timeout, an error or a stop.</summary>
            internal void CompleteAll()
            {
                if (!_enabled)
                {
                    return;
                }

                try
                {
                    foreach (var bar in _bars.Values.SelectMany(b => b.Values).Where(b => !b.Finished))
                    {
                        bar.Finished = true;
                        Write(new ProgressRecord(bar.ActivityId, bar.Activity, "Stopped") { ParentActivityId = ParentId, RecordType = ProgressRecordType.Completed });
                    }

                    Write(new ProgressRecord(ParentId, Activity, $"{_finished} of {_total} finished") { PercentComplete = 100, RecordType = ProgressRecordType.Completed });
                }
                catch (PipelineStoppedException)
                {
                    // Called from a finally block: the stop that is already under way is the news, not this.
                }
            }

            private bool TryGetBar(SrmConnection connection, string taskId, out Bar bar)
            {
                bar = null;
                return taskId != null && _bars.TryGetValue(connection, out var byId) && byId.TryGetValue(taskId, out bar);
            }

            private void WriteParent()
            {
                if (_parentShown == _finished)
                {
                    return;
                }

                _parentShown = _finished;
                Write(new ProgressRecord(ParentId, Activity, $"{_finished} of {_total} finished")
                {
                    PercentComplete = _total == 0 ? 100 : _finished * 100 / _total,
                });
            }

            private void Write(ProgressRecord record)
            {
                if (_stopped)
                {
                    return;
                }

                try
                {
                    _cmdlet.WriteProgress(record);
                }
                catch (PipelineStoppedException)
                {
                    // Stopping (Ctrl+C, Select-Object -First): the host clears what is left.
                    _stopped = true;
                    throw;
                }
            }

            private sealed class Bar
            {
                internal Bar(int activityId, string taskId)
                {
                    ActivityId = activityId;
                    Activity = "SRM task " + taskId;
                }

                internal int ActivityId { get; }

                internal string Activity { get; }

                internal string Shown { get; set; }

                internal bool Finished { get; set; }
            }
        }
    }
}
