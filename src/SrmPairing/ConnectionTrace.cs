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
        private volatile Action<string>[] _listeners = new Action<string>[0];

        /// <summary>The trace of a connection Connect-SrmServer opened; null for one opened elsewhere (no lines).</summary>
        internal static ConnectionTrace Of(SrmConnection connection)
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
            foreach (var listener in _listeners)
            {
                listener(line);
            }
        }

        /// <summary>Hands the lines to <paramref name="listener"/> until the result is disposed.</summary>
        internal IDisposable Listen(Action<string> listener)
        {
            lock (_gate)
            {
                var grown = new Action<string>[_listeners.Length + 1];
                _listeners.CopyTo(grown, 0);
                grown[grown.Length - 1] = listener;
                _listeners = grown;
            }

            return new Subscription(this, listener);
        }

        private void Stop(Action<string> listener)
        {
            lock (_gate)
            {
                var index = Array.IndexOf(_listeners, listener);
                if (index < 0)
                {
                    return;
                }

                var shrunk = new Action<string>[_listeners.Length - 1];
                Array.Copy(_listeners, 0, shrunk, 0, index);
                Array.Copy(_listeners, index + 1, shrunk, index, _listeners.Length - index - 1);
                _listeners = shrunk;
            }
        }

        private sealed class Subscription : IDisposable
        {
            private ConnectionTrace _trace;
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
