using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using Srm.Client.Http;
using Srm.Client.Models;

namespace Srm.PowerShell.Commands
{
    /// <summary>
    /// The open connections of the current runspace and its default one, used when a cmdlet gets no -Connection.
    /// Each runspace (a ForEach-Object -Parallel runspace, a runspace pool's, the console's) has its own: a connection
    /// opened in one never becomes another's default or answers another's text form. A connection object handed over
    /// explicitly (-Connection $using:conn) works anywhere.
    /// </summary>
    /// <remarks>
    /// Keyed by <see cref="Runspace.DefaultRunspace"/>, the runspace whose pipeline thread is running: cmdlets, the
    /// -Connection argument transformation and the completers all run there. A session-state variable would not do:
    /// a completer cannot read one while its pipeline runs. The table holds its keys weakly, so a closed runspace's
    /// state goes with it; like a module's own state, it stays while ForEach-Object -Parallel reuses the runspace.
    /// </remarks>
    internal static class SrmConnectionRegistry
    {
        private static readonly ConditionalWeakTable<Runspace, RunspaceConnections> ByRunspace = new ConditionalWeakTable<Runspace, RunspaceConnections>();

        // For a thread without a runspace (not a cmdlet's): never the state of any runspace.
        private static readonly RunspaceConnections NoRunspace = new RunspaceConnections();

        internal static SrmConnection? Default => Current.Default;

        /// <summary>The connections this runspace opened and has not closed, in the order they were opened.</summary>
        internal static IReadOnlyList<SrmConnection> All => Current.All;

        internal static void Add(SrmConnection connection, bool makeDefault) => Current.Add(connection, makeDefault);

        /// <summary>
        /// Forgets a closed connection. When it was the default there is no default until the next Connect-SrmServer:
        /// silently falling back to another open connection could send the next command to another site.
        /// </summary>
        internal static void Remove(SrmConnection connection)
        {
            Current.Remove(connection);
            SrmRecentTasks.Forget(connection);
            SrmRecentPairings.Forget(connection);
        }

        /// <summary>
        /// The open connection of this runspace that <paramref name="text"/> names, as its ToString() and tab
        /// completion give it: "host", "host:port" or "https://host[:port]", with "#2", "#3"... for the second and
        /// further connections to the same server.
        /// </summary>
        internal static bool TryFind(string text, [NotNullWhen(true)] out SrmConnection? connection, [NotNullWhen(false)] out string? problem)
        {
            connection = null;
            SrmEndpoint endpoint;
            int ordinal;
            try
            {
                endpoint = SrmEndpoint.Parse(SplitOrdinal(text, out ordinal));
            }
            catch (ArgumentException ex)
            {
                problem = ex.Message;
                return false;
            }

            var toServer = All.Where(c => c.IsConnected && SameServer(c, endpoint)).ToList();
            connection = toServer.FirstOrDefault(c => c.Ordinal == ordinal);
            if (connection != null)
            {
                problem = null;
                return true;
            }

            problem = toServer.Count == 0
                ? $"There is no open connection to {text}. Open one with Connect-SrmServer, or pass a connection object."
                : $"There is no open connection {text}; the open ones to that server are {string.Join(", ", toServer.Select(c => c.ToString()))}.";
            return false;
        }

        private static RunspaceConnections Current
        {
            get
            {
                var runspace = Runspace.DefaultRunspace;
                return runspace == null ? NoRunspace : ByRunspace.GetValue(runspace, _ => new RunspaceConnections());
            }
        }

        private static bool SameServer(SrmConnection connection, SrmEndpoint endpoint) =>
            Uri.Compare(connection.BaseUri, endpoint.BaseUri, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;

        /// <summary>"srm-a:9443#2" gives "srm-a:9443" and 2; text without a "#number" suffix is the first (1).</summary>
        private static string SplitOrdinal(string text, out int ordinal)
        {
            ordinal = 1;
            var value = (text ?? string.Empty).Trim();
            var hash = value.LastIndexOf(SrmConnection.OrdinalSeparator);
            if (hash > 0 && int.TryParse(value.Substring(hash + 1), System.Globalization.NumberStyles.None,
                    System.Globalization.CultureInfo.InvariantCulture, out var number) && number >= 1)
            {
                ordinal = number;
                return value.Substring(0, hash);
            }

            return value;
        }

        /// <summary>One runspace's connections. Locked: a runspace's state may still be read from another thread.</summary>
        private sealed class RunspaceConnections
        {
            private readonly object _gate = new object();
            private readonly List<SrmConnection> _open = new List<SrmConnection>();
            private SrmConnection? _default;

            internal SrmConnection? Default
            {
                get
                {
                    lock (_gate)
                    {
                        return _default;
                    }
                }
            }

            internal IReadOnlyList<SrmConnection> All
            {
                get
                {
                    lock (_gate)
                    {
                        return _open.ToList();
                    }
                }
            }

            /// <summary>
            /// Adds a new connection with the lowest ordinal that no open connection to the same server has here, so
            /// that each open connection has a text form of its own; an open connection's never changes.
            /// </summary>
            internal void Add(SrmConnection connection, bool makeDefault)
            {
                lock (_gate)
                {
                    // Closed elsewhere (an explicit Disconnect-SrmServer -Connection in another runspace): forgotten.
                    _open.RemoveAll(c => !c.IsConnected);
                    var taken = new HashSet<int>(_open
                        .Where(c => Uri.Compare(c.BaseUri, connection.BaseUri, UriComponents.SchemeAndServer, UriFormat.Unescaped,
                            StringComparison.OrdinalIgnoreCase) == 0)
                        .Select(c => c.Ordinal));
                    var ordinal = 1;
                    while (taken.Contains(ordinal))
                    {
                        ordinal++;
                    }

                    connection.Ordinal = ordinal;
                    _open.Add(connection);
                    if (makeDefault)
                    {
                        _default = connection;
                    }
                }
            }

            internal void Remove(SrmConnection connection)
            {
                lock (_gate)
                {
                    _open.Remove(connection);
                    if (ReferenceEquals(_default, connection))
                    {
                        _default = null;
                    }
                }
            }
        }
    }
}
