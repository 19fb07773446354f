using System.Collections.Generic;
using System.Linq;
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
        }
    }
}
