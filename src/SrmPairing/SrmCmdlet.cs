using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Srm.Client.Http;
using Srm.Client.Models;
using Srm.Client.Text;

namespace Srm.PowerShell.Commands
{
    /// <summary>
    /// The base of every SrmPairing cmdlet. It owns the cancellation that StopProcessing (Ctrl+C) triggers, runs the
    /// client's async calls while writing their records from the pipeline thread, and resolves the connection.
    /// </summary>
    public abstract class SrmCmdlet : PSCmdlet, IDisposable
    {
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();
        private PipelinePump _pipelineActions;

        /// <summary>Cancelled when the user presses Ctrl+C or a downstream command stops the pipeline.</summary>
        protected CancellationToken StopToken => _stopping.Token;

        /// <summary>
        /// Keeps -Debug from prompting. The engine reads -Debug on a compiled cmdlet as "Inquire" for the verbose and
        /// warning streams (and, in Windows PowerShell, for the debug stream too): every WriteVerbose asks "Continue
        /// with this operation?", which fails without a console (NonInteractive, standard input closed). A script
        /// function's -Debug means Continue since PowerShell 7; here it means the same for every stream that
        /// -Debug alone turned to Inquire. An explicit -Verbose or -WarningAction, and a preference variable set to
        /// Inquire by the user, are left as they are.
        /// </summary>
        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            DebugWithoutPrompts.Apply(CommandRuntime, MyInvocation.BoundParameters);
        }

        protected override void StopProcessing()
        {
            _stopping.Cancel();
        }

        public void Dispose()
        {
            _stopping.Dispose();
        }

        /// <summary>The explicit connection, else the default one; a terminating error when there is neither.</summary>
        protected SrmConnection ResolveConnection(SrmConnection explicitConnection)
        {
            var connection = explicitConnection ?? SrmConnectionRegistry.Default;
            if (connection == null)
            {
                ThrowTerminatingError(SrmErrors.NotConnected());
            }

            if (!connection.IsConnected)
            {
                ThrowTerminatingError(SrmErrors.ConnectionClosed(connection));
            }

            return connection;
        }

        /// <summary>Runs <paramref name="work"/> off the pipeline thread and returns its result.</summary>
        protected T Run<T>(Func<CancellationToken, Task<T>> work)
        {
            var result = default(T);
            Run(async token => { result = await work(token).ConfigureAwait(false); });
            return result;
        }

        /// <summary>
        /// Runs <paramref name="work"/> off the pipeline thread. Whatever it hands to <see cref="Post"/> (records to
        /// write) and the HTTP core's trace lines (as debug records) run here, on the pipeline thread, as they come.
        /// Ctrl+C cancels the work at once and ends the cmdlet.
        /// </summary>
        protected void Run(Func<CancellationToken, Task> work)
        {
            if (_pipelineActions != null)
            {
                throw new InvalidOperationException("Run is not reentrant.");
            }

            var actions = new PipelinePump();
            _pipelineActions = actions;
            var token = _stopping.Token;
            // Started here, not with Task.Run: the work runs on this thread up to its first await (sending the
            // request), so each call saves a hand-off to a thread-pool thread. The trace sink set inside the async
            // lambda stays with the work; this thread's own context is restored when the lambda first yields.
            // The HTTP core's trace lines only when debug records are wanted: each one is a hand-off to this thread.
            var traced = DebugRecordsWanted();
            Func<Task> start = async () =>
            {
                if (traced)
                {
                    SrmTrace.SetSink(line => Post(() => WriteDebug(line)));
                }

                await work(token).ConfigureAwait(false);
            };
            var running = start();
            // Completed from the task itself, so that the task has finished (and GetResult below does not wait) by
            // the time the pipeline thread leaves the pump.
            running.ContinueWith(_ => actions.Complete(), CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

            try
            {
                actions.RunUntilCompleted();
            }
            catch
            {
                // A record could not be written (the pipeline is stopping): stop the work before leaving.
                _stopping.Cancel();
                WaitQuietly(running);
                throw;
            }
            finally
            {
                _pipelineActions = null;
            }

            try
            {
                running.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }

        /// <summary>Whether WriteDebug would show anything: -Debug, else $DebugPreference.</summary>
        private bool DebugRecordsWanted() => StreamWanted("Debug", "DebugPreference");

        /// <summary>
        /// Whether records of a stream are kept: its common parameter when bound (a switch such as -Debug, or an
        /// ActionPreference such as -ProgressAction), else its preference variable. SilentlyContinue and Ignore throw
        /// them away; anything else, or a value that cannot be read, keeps them.
        /// </summary>
        protected bool StreamWanted(string commonParameter, string preferenceVariable)
        {
            var value = MyInvocation.BoundParameters.TryGetValue(commonParameter, out var bound) ? bound : GetVariableValue(preferenceVariable);
            if (value is PSObject wrapped)
            {
                value = wrapped.BaseObject;
            }

            if (value is SwitchParameter flag)
            {
                return flag.IsPresent;
            }

            if (value is ActionPreference action || (value != null && Enum.TryParse(value.ToString(), true, out action)))
            {
                return action != ActionPreference.SilentlyContinue && action != ActionPreference.Ignore;
            }

            return true;
        }

        /// <summary>Queues <paramref name="action"/> (a Write* call) to run on the pipeline thread; only valid inside Run.</summary>
        protected void Post(Action action)
        {
            var actions = _pipelineActions;
            if (actions == null)
            {
                throw new InvalidOperationException("Post is only valid while Run is running.");
            }

            // False once the pipeline thread has stopped taking records (the pipeline is stopping): dropped.
            actions.TryPost(action);
        }

        // What the cmdlets write to the host goes through these, so that text from the server (names, descriptions,
        // messages) can neither move the cursor, clear the screen or colour text with an escape sequence, nor start a
        // line that looks like the shell's own: control characters are made visible (DisplayText). They hide the
        // Cmdlet methods of the same name for every call made through a cmdlet of this module.

        /// <summary>Writes a warning, its text safe to show.</summary>
        public new void WriteWarning(string text) => base.WriteWarning(DisplayText.OneLine(text));

        /// <summary>Writes a verbose line, its text safe to show.</summary>
        public new void WriteVerbose(string text) => base.WriteVerbose(DisplayText.OneLine(text));

        /// <summary>Writes a debug line, its text safe to show.</summary>
        public new void WriteDebug(string text) => base.WriteDebug(DisplayText.OneLine(text));

        /// <summary>Writes a progress record, its texts safe to show.</summary>
        public new void WriteProgress(ProgressRecord progressRecord)
        {
            if (progressRecord != null)
            {
                progressRecord.Activity = DisplayText.OneLine(progressRecord.Activity);
                progressRecord.StatusDescription = DisplayText.OneLine(progressRecord.StatusDescription);
                progressRecord.CurrentOperation = DisplayText.OneLine(progressRecord.CurrentOperation);
            }

            base.WriteProgress(progressRecord);
        }

        /// <summary>Writes a non-terminating error whose message and target name are safe to show.</summary>
        public new void WriteError(ErrorRecord errorRecord) => base.WriteError(SafeToShow(errorRecord));

        /// <summary>Ends the cmdlet with an error whose message and target name are safe to show.</summary>
        public new void ThrowTerminatingError(ErrorRecord errorRecord) => base.ThrowTerminatingError(SafeToShow(errorRecord));

        /// <summary>
        /// The record, shown safely: a message holding control characters is shown through ErrorDetails (the
        /// exception keeps its text), and the category's target name (the target's ToString) made visible too.
        /// </summary>
        private static ErrorRecord SafeToShow(ErrorRecord record)
        {
            if (record == null)
            {
                return null;
            }

            var message = record.ErrorDetails?.Message ?? record.Exception?.Message;
            if (DisplayText.NeedsEscaping(message))
            {
                var recommended = record.ErrorDetails?.RecommendedAction;
                record.ErrorDetails = new ErrorDetails(DisplayText.OneLine(message)) { RecommendedAction = DisplayText.OneLine(recommended) };
            }

            var info = record.CategoryInfo;
            if (info != null && DisplayText.NeedsEscaping(info.TargetName))
            {
                info.TargetName = DisplayText.OneLine(info.TargetName);
            }

            return record;
        }

        /// <summary>Writes the server's _meta.errors of a task as warnings.</summary>
        protected void WriteMetaWarnings(SrmTask task)
        {
            foreach (var error in task.MetaErrors)
            {
                WriteWarning($"Task {task.Id}: {error}");
            }
        }

        private static void WaitQuietly(Task task)
        {
            try
            {
                task.Wait(TimeSpan.FromSeconds(5));
            }
            catch (AggregateException)
            {
                // Its failure is not the news: the pipeline stopped.
            }
        }
    }
}
