using System;
using System.Collections.Generic;
using System.Linq;
using SrmPairing.Http;
using SrmPairing.Models;

namespace SrmPairing.Commands
{
    /// <summary>The open connections of this process and the default one, used when a cmdlet gets no -Connection.</summary>
    internal static class SrmConnectionRegistry
    {
        private static readonly object Gate = new object();
        private static readonly List<SrmConnection> Open = new List<SrmConnection>();
        private static SrmConnection _default;

        internal static SrmConnection Default
        {
            get
            {
                lock (Gate)
                {
                    return _default;
                }
            }
        }

        internal static IReadOnlyList<SrmConnection> All
        {
            get
            {
                lock (Gate)
                {
                    return Open.ToList();
                }
            }
        }

        internal static void Add(SrmConnection connection, bool makeDefault)
        {
            lock (Gate)
            {
                Open.Add(connection);
                if (makeDefault)
                {
                    _default = connection;
                }
            }
        }

        /// <summary>
        /// Forgets a closed connection. When it was the default there is no default until the next Connect-SrmServer:
        /// silently falling back to another open connection could send the next command to another site.
        /// </summary>
        internal static void Remove(SrmConnection connection)
        {
            lock (Gate)
            {
                Open.Remove(connection);
                if (ReferenceEquals(_default, connection))
                {
                    _default = null;
                }
            }

            SrmRecentTasks.Forget(connection);
        }

        /// <summary>
        /// The open connection that <paramref name="text"/> names: "host", "host:port" or "https://host[:port]", as
        /// a connection's ToString() and tab completion give it. Among several to the same server, the default one.
        /// </summary>
        internal static bool TryFind(string text, out SrmConnection connection, out string problem)
        {
            connection = null;
            SrmEndpoint endpoint;
            try
            {
                endpoint = SrmEndpoint.Parse(text);
            }
            catch (ArgumentException ex)
            {
                problem = ex.Message;
                return false;
            }

            var matches = All.Where(c => c.IsConnected && Uri.Compare(c.BaseUri, endpoint.BaseUri, UriComponents.SchemeAndServer,
                UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0).ToList();
            if (matches.Count == 1)
            {
                connection = matches[0];
            }
            else if (matches.Count > 1)
            {
                connection = matches.FirstOrDefault(c => ReferenceEquals(c, Default));
            }

            if (connection != null)
            {
                problem = null;
                return true;
            }

            problem = matches.Count == 0
                ? $"There is no open connection to {text}. Open one with Connect-SrmServer, or pass a connection object."
                : $"{matches.Count} connections to {text} are open and none is the default; pass the connection object itself.";
            return false;
        }
    }
}
