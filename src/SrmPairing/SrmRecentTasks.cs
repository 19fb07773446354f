using System.Collections.Generic;
using Srm.Client.Models;

namespace Srm.PowerShell.Commands
{
    /// <summary>
    /// The tasks this process has seen lately, per connection, newest first: what tab completion of -Id offers.
    /// Fed wherever a cmdlet emits a task; bounded, and never filled from the network. A pairing removal seen to
    /// succeed also drops that pairing from <see cref="SrmRecentPairings"/>.
    /// </summary>
    internal static class SrmRecentTasks
    {
        /// <summary>How many tasks are kept per connection.</summary>
        internal const int Capacity = 30;

        private static readonly SrmRecent<SrmTask> Store = new SrmRecent<SrmTask>(Capacity, task => task.Connection, task => task.Id);

        internal static void Remember(SrmTask task)
        {
            Store.Remember(new[] { task });
            SrmRecentPairings.Seen(task);
        }

        /// <summary>The latest snapshot of each task seen on <paramref name="connection"/>, newest first.</summary>
        internal static IReadOnlyList<SrmTask> For(SrmConnection connection) => Store.For(connection);

        internal static void Forget(SrmConnection connection) => Store.Forget(connection);
    }
}
