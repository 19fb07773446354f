using System;
using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Srm.Client.Models;
using Srm.Client.Text;

namespace Srm.PowerShell.Commands
{
    /// <summary>
    /// The base of every SrmPairing cmdlet. It owns the cancellation that StopProcessing (Ctrl+C) triggers, makes the
    /// client library's calls blocking on the pipeline thread (which writes every record), and resolves the connection.
    /// </summary>
    /// <remarks>
    /// Parameters and null: a parameter that is mandatory in every parameter set of its cmdlet is declared non-null,
    /// initialised with <c>null!</c>, since the parameter binder sets it before ProcessRecord runs, or the command does
    /// not run. A parameter that is optional, or mandatory in some parameter sets only, is nullable; where code runs in
    /// a set that makes it mandatory, it may say so with <c>!</c> and a comment.
    /// </remarks>
    public abstract class SrmCmdlet : PSCmdlet, IDisposable
    {
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();

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
        protected SrmConnection ResolveConnection(SrmConnection? explicitConnection)
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

        /// <summary>
        /// Calls the client library and blocks the pipeline thread until the call is over, as PowerShell's own web
        /// cmdlets do: Ctrl+C (StopProcessing) cancels it, and a call cancelled so ends the cmdlet as a stopped pipeline.
        /// The trace lines <paramref name="connection"/> reported meanwhile are written as debug records once the call
        /// returns or fails, in order, and only when debug records are wanted.
        /// </summary>
        protected T Call<T>(SrmConnection connection, Func<CancellationToken, Task<T>> call) => Call(ConnectionTrace.Of(connection), call);

        /// <summary>As <see cref="Call{T}(SrmConnection, Func{CancellationToken, Task{T}})"/>, for a call that uses no connection (a TLS probe).</summary>
        protected T Call<T>(Func<CancellationToken, Task<T>> call) => Call((ConnectionTrace?)null, call);

        /// <summary>As <see cref="Call{T}(Func{CancellationToken, Task{T}})"/>, for a call without a result.</summary>
        protected void Call(Func<CancellationToken, Task> call) => Call((SrmConnection?)null, call);

        /// <summary>As <see cref="Call{T}(SrmConnection, Func{CancellationToken, Task{T}})"/>, for a call without a result.</summary>
        protected void Call(SrmConnection? connection, Func<CancellationToken, Task> call) =>
            Call<bool>(ConnectionTrace.Of(connection), async token =>
            {
                await call(token).ConfigureAwait(false);
                return true;
            });

        /// <summary>As <see cref="Call{T}(SrmConnection, Func{CancellationToken, Task{T}})"/>, with the lines of <paramref name="trace"/> (null: none).</summary>
        private protected T Call<T>(ConnectionTrace? trace, Func<CancellationToken, Task<T>> call)
        {
            var token = _stopping.Token;
            var lines = trace != null && DebugRecordsWanted() ? new ConcurrentQueue<string>() : null;
            var listening = trace != null && lines != null ? trace.Listen(lines.Enqueue) : null;
            T result;
            try
            {
                result = call(token).GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                listening?.Dispose();
                throw new PipelineStoppedException();
            }
            catch
            {
                WriteTrace(listening, lines);
                throw;
            }

            WriteTrace(listening, lines);
            return result;
        }

        /// <summary>Stops listening and writes the lines collected, in order, as debug records.</summary>
        private void WriteTrace(IDisposable? listening, ConcurrentQueue<string>? lines)
        {
            if (listening == null || lines == null)
            {
                return;
            }

            listening.Dispose();
            while (lines.TryDequeue(out var line))
            {
                WriteDebug(line);
            }
        }

        /// <summary>
        /// The trace of <paramref name="connection"/> sent to <paramref name="pump"/> as debug records, as the lines
        /// come, when debug records are wanted; null otherwise. Dispose it when the work is over.
        /// </summary>
        private protected IDisposable? TraceTo(PipelinePump pump, SrmConnection connection)
        {
            var trace = ConnectionTrace.Of(connection);
            return trace != null && DebugRecordsWanted() ? trace.Listen(line => pump.TryPost(() => WriteDebug(line))) : null;
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
        [DoesNotReturn]
        public new void ThrowTerminatingError(ErrorRecord errorRecord)
        {
            base.ThrowTerminatingError(SafeToShow(errorRecord));

            // Cmdlet.ThrowTerminatingError always throws; its reference assembly does not say so.
            throw new InvalidOperationException("ThrowTerminatingError returned.");
        }

        /// <summary>
        /// The record, shown safely: a message holding control characters is shown through ErrorDetails (the
        /// exception keeps its text), and the category's target name (the target's ToString) made visible too.
        /// </summary>
        private static ErrorRecord? SafeToShow(ErrorRecord? record)
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
    }
}
