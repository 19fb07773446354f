using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using SrmPairing.Models;

namespace SrmPairing.Commands
{
    /// <summary>
    /// The tasks this process has seen lately, per connection, newest first: what tab completion of -Id offers.
    /// Fed wherever a cmdlet emits a task; bounded, and never filled from the network.
    /// </summary>
    internal static class SrmRecentTasks
    {
        /// <summary>How many tasks are kept per connection.</summary>
        internal const int Capacity = 30;

        // Weak keys: a connection nobody references any more takes its tasks with it.
        private static readonly ConditionalWeakTable<SrmConnection, List<SrmTask>> ByConnection = new ConditionalWeakTable<SrmConnection, List<SrmTask>>();

        internal static void Remember(SrmTask task)
        {
            var connection = task?.Connection;
            if (connection == null)
            {
                return;
            }

            var tasks = ByConnection.GetValue(connection, _ => new List<SrmTask>());
            lock (tasks)
            {
                tasks.RemoveAll(t => string.Equals(t.Id, task.Id, StringComparison.Ordinal));
                tasks.Insert(0, task);
                if (tasks.Count > Capacity)
                {
                    tasks.RemoveRange(Capacity, tasks.Count - Capacity);
                }
            }
        }

        /// <summary>The latest snapshot of each task seen on <paramref name="connection"/>, newest first.</summary>
        internal static IReadOnlyList<SrmTask> For(SrmConnection connection)
        {
            if (connection == null || !ByConnection.TryGetValue(connection, out var tasks))
            {
                return new SrmTask[0];
            }

            lock (tasks)
            {
                return tasks.ToList();
            }
        }

        internal static void Forget(SrmConnection connection)
        {
            if (connection != null)
            {
                ByConnection.Remove(connection);
            }
        }
    }
}
