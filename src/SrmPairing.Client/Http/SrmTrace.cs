using System;
using System.Threading;

namespace Srm.Client.Http
{
    /// <summary>
    /// Where the HTTP core reports each request (method, path, status, time, op_id; never bodies or headers). The
    /// sink flows with the async call, so a cmdlet can collect the lines and write them from its pipeline thread.
    /// </summary>
    public static class SrmTrace
    {
        private static readonly AsyncLocal<Action<string>> Sink = new AsyncLocal<Action<string>>();

        /// <summary>Sends trace lines of the calls made from here on (in this async flow) to <paramref name="sink"/>.</summary>
        public static void SetSink(Action<string> sink) => Sink.Value = sink;

        /// <summary>Whether anyone takes the lines: a hot path checks this before formatting one.</summary>
        internal static bool IsEnabled => Sink.Value != null;

        /// <summary>Hands a line to the sink, with any server text in it made safe to show.</summary>
        internal static void Write(string message) => Sink.Value?.Invoke(Text.DisplayText.OneLine(message));
    }
}
