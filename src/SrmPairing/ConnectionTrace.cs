using System;
using System.Runtime.CompilerServices;
using Srm.Client.Models;

namespace Srm.PowerShell.Commands
{
    /// <summary>
    /// The trace lines of one connection (its <see cref="Srm.Client.Http.SrmClientOptions.Trace"/>, set by
    /// Connect-SrmServer), handed to whichever cmdlets are listening while their calls run. The hook is called from
    /// any thread; a listener only collects (or queues for the pipeline thread), never writes.
    /// </summary>
    internal sealed class ConnectionTrace
    {
        private static readonly ConditionalWeakTable<SrmConnection, ConnectionTrace> ByConnection = new ConditionalWeakTable<SrmConnection, ConnectionTrace>();

        private readonly object _gate = new object();
        // A delegate is immutable, so Write reads a consistent set without a lock; changes are made under _gate.
        private volatile Action<string>? _listeners;

        /// <summary>The trace of a connection Connect-SrmServer opened; null for one opened elsewhere (no lines).</summary>
        internal static ConnectionTrace? Of(SrmConnection? connection)
        {
            return connection != null && ByConnection.TryGetValue(connection, out var trace) ? trace : null;
        }

        /// <summary>Makes this the trace of <paramref name="connection"/>, once it is open.</summary>
        internal void Attach(SrmConnection connection)
        {
            ByConnection.Remove(connection);
            ByConnection.Add(connection, this);
        }

        /// <summary>The hook the connection calls with each line: every listener gets it.</summary>
        internal void Write(string line)
        {
            _listeners?.Invoke(line);
        }

        /// <summary>Hands the lines to <paramref name="listener"/> until the result is disposed.</summary>
        internal IDisposable Listen(Action<string> listener)
        {
            lock (_gate)
            {
                _listeners += listener;
            }

            return new Subscription(this, listener);
        }

        private void Stop(Action<string> listener)
        {
            lock (_gate)
            {
                _listeners -= listener;
            }
        }

        private sealed class Subscription : IDisposable
        {
            private ConnectionTrace? _trace;
            private readonly Action<string> _listener;

            internal Subscription(ConnectionTrace trace, Action<string> listener)
            {
                _trace = trace;
                _listener = listener;
            }

            public void Dispose()
            {
                _trace?.Stop(_listener);
                _trace = null;
            }
        }
    }
}
