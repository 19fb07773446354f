using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using System.Management.Automation;
using System.Threading;
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

        // Each task once per connection: the task object when one was given (it knows which pairing a pairing task
        // was started for), else a bare id.
        private readonly List<KeyValuePair<SrmConnection, SrmTask>> _tasks = new List<KeyValuePair<SrmConnection, SrmTask>>();
        private readonly List<KeyValuePair<SrmConnection, string>> _ids = new List<KeyValuePair<SrmConnection, string>>();

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = TaskSet)]
        [ValidateNotNull]
        public SrmTask[]? Task { get; set; }

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = IdSet)]
        [ValidateNotNullOrEmpty]
        [Alias("TaskId")]
        [ArgumentCompleter(typeof(TaskIdCompleter))]
        public string[]? Id { get; set; }

        /// <summary>For -Id, and for tasks that carry no connection.</summary>
        [Parameter]
        [SrmConnectionArgument]
        [ArgumentCompleter(typeof(ConnectionCompleter))]
        public SrmConnection? Connection { get; set; }

        /// <summary>The longest the whole wait may take, in seconds.</summary>
        [Parameter]
        [ValidateRange(1, 604800)]
        public int Timeout { get; set; }

        protected override void ProcessRecord()
        {
            // -Task and -Id are each mandatory in their parameter set.
            if (ParameterSetName == TaskSet)
            {
                foreach (var task in Task!)
                {
                    var connection = ResolveConnection(task.Connection ?? Connection);
                    if (Add(connection, task.Id))
                    {
                        _tasks.Add(new KeyValuePair<SrmConnection, SrmTask>(connection, task));
                    }
                }
            }
            else
            {
                var connection = ResolveConnection(Connection);
                foreach (var id in Id!)
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
            if (_ids.Count == 0)
            {
                return;
            }

            var timeout = MyInvocation.BoundParameters.ContainsKey(nameof(Timeout)) ? TimeSpan.FromSeconds(Timeout) : (TimeSpan?)null;
            var progress = new ProgressBoard(this, ProgressWanted(), _ids);
            try
            {
                WaitAll(timeout, progress);
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
        /// Waits for every connection's tasks at once (one wait per connection), writing what the waits report from
        /// this, the pipeline thread, as it comes (the pump). Ctrl+C cancels every wait and ends the cmdlet.
        /// </summary>
        private void WaitAll(TimeSpan? timeout, ProgressBoard progress)
        {
            var pump = new PipelinePump();
            var token = StopToken;
            var traces = _ids.Select(t => t.Key).Distinct().Select(c => TraceTo(pump, c)).OfType<IDisposable>().ToList();
            System.Threading.Tasks.Task waits;
            try
            {
                // Started here: each wait sends its first request from this thread; what it reports is queued.
                waits = System.Threading.Tasks.Task.WhenAll(_ids.Select(t => t.Key).Distinct().Select(connection =>
                    StartWait(connection, new Observer(this, pump, progress, connection, timeout ?? TimeSpan.Zero), timeout, token)));
            }
            catch
            {
                traces.ForEach(t => t.Dispose());
                throw;
            }

            // Completed from the task itself, so that it has finished (and GetResult below does not wait) by the time
            // the pipeline thread leaves the pump.
            waits.ContinueWith(_ => pump.Complete(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            try
            {
                pump.RunUntilCompleted();
            }
            catch
            {
                // A record could not be written (the pipeline is stopping): stop the waits before leaving.
                StopWaits(waits);
                throw;
            }
            finally
            {
                traces.ForEach(t => t.Dispose());
            }

            try
            {
                waits.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }

        /// <summary>One connection's wait: for the task objects given (-Task), else for the ids (-Id).</summary>
        private System.Threading.Tasks.Task StartWait(SrmConnection connection, Observer observer, TimeSpan? timeout, CancellationToken token)
        {
            var tasks = _tasks.Where(t => ReferenceEquals(t.Key, connection)).Select(t => t.Value).ToList();
            if (tasks.Count > 0)
            {
                return connection.Tasks.WaitAsync(tasks, observer, timeout, token);
            }

            return connection.Tasks.WaitAsync(_ids.Where(t => ReferenceEquals(t.Key, connection)).Select(t => t.Value).ToList(), observer, timeout, token);
        }

        private void StopWaits(System.Threading.Tasks.Task waits)
        {
            try
            {
                StopProcessing();
                waits.Wait(TimeSpan.FromSeconds(5));
            }
            catch (AggregateException)
            {
                // Its failure is not the news: the pipeline stopped.
            }
        }

        /// <summary>
        /// False when progress would be thrown away ($ProgressPreference or -ProgressAction SilentlyContinue or
        /// Ignore): then no record is even built.
        /// </summary>
        private bool ProgressWanted() => StreamWanted("ProgressAction", "ProgressPreference");

        /// <summary>Adds a task id of a connection unless it is there already; true when it was added.</summary>
        private bool Add(SrmConnection connection, string id)
        {
            if (_ids.Any(t => ReferenceEquals(t.Key, connection) && t.Value == id))
            {
                return false;
            }

            _ids.Add(new KeyValuePair<SrmConnection, string>(connection, id));
            return true;
        }

        /// <summary>Turns what one connection's wait reports (on a background thread) into records written by the pipeline thread.</summary>
        private sealed class Observer : IProgress<SrmTaskWaitEvent>
        {
            private readonly WaitSrmTaskCommand _cmdlet;
            private readonly PipelinePump _pump;
            private readonly ProgressBoard _progress;
            private readonly SrmConnection _connection;
            private readonly TimeSpan _timeout;

            internal Observer(WaitSrmTaskCommand cmdlet, PipelinePump pump, ProgressBoard progress, SrmConnection connection, TimeSpan timeout)
            {
                _cmdlet = cmdlet;
                _pump = pump;
                _progress = progress;
                _connection = connection;
                _timeout = timeout;
            }

            /// <summary>Queues the records of <paramref name="value"/> for the pipeline thread (dropped once it stopped taking them).</summary>
            /// <remarks>
            /// Each kind comes with what <see cref="SrmTaskWaitEvent"/> documents for it (a Progress or Finished event
            /// its task, a TimedOut or NotFound event its task id, a NotFound or PollFailed event its error); the wait
            /// sends no event without it.
            /// </remarks>
            public void Report(SrmTaskWaitEvent value)
            {
                switch (value.Kind)
                {
                    case SrmTaskWaitEventKind.Progress when value.Task is SrmTask progressed:
                        _pump.TryPost(() => OnProgress(progressed));
                        break;
                    case SrmTaskWaitEventKind.Finished when value.Task is SrmTask finished:
                        _pump.TryPost(() => OnFinished(finished));
                        break;
                    case SrmTaskWaitEventKind.TimedOut when value.TaskId is string timedOut:
                        _pump.TryPost(() => OnTimedOut(timedOut, value.Task));
                        break;
                    case SrmTaskWaitEventKind.NotFound when value.TaskId is string missing && value.Error is SrmApiException notFound:
                        _pump.TryPost(() => OnNotFound(missing, notFound));
                        break;
                    case SrmTaskWaitEventKind.PollFailed when value.Error is SrmApiException failed:
                        _pump.TryPost(() => OnPollFailed(failed));
                        break;
                }
            }

            private void OnProgress(SrmTask task)
            {
                SrmRecentTasks.Remember(task);
                _progress.Update(_connection, task);
            }

            private void OnFinished(SrmTask task)
            {
                SrmRecentTasks.Remember(task);
                _progress.Finish(_connection, task.Id, task.StatusWord);
                _cmdlet.WriteMetaWarnings(task);
                if (task.Status != SrmTaskStatus.SUCCESS)
                {
                    _cmdlet.WriteError(SrmErrors.TaskFailed(task));
                }

                _cmdlet.WriteObject(task);
            }

            private void OnTimedOut(string taskId, SrmTask? lastSeen)
            {
                _progress.Finish(_connection, taskId, "Timed out");
                _cmdlet.WriteError(SrmErrors.TaskTimedOut(taskId, lastSeen, _timeout));
            }

            private void OnNotFound(string taskId, SrmApiException error)
            {
                _progress.Finish(_connection, taskId, "Not found");
                _cmdlet.WriteError(SrmErrors.TaskNotFound(taskId, _connection, error));
            }

            private void OnPollFailed(SrmApiException error) =>
                _cmdlet.WriteWarning($"Checking the tasks failed; trying again in the next round. {error.Message}");
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
                var status = SrmText.IsBlank(task.Description)
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

            private bool TryGetBar(SrmConnection connection, string taskId, [NotNullWhen(true)] out Bar? bar)
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

                internal string? Shown { get; set; }

                internal bool Finished { get; set; }
            }
        }
    }
}
