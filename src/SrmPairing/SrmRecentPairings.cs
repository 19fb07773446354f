using System;
using System.Collections.Generic;
using System.Linq;
using Srm.Client.Models;

namespace Srm.PowerShell.Commands
{
    /// <summary>
    /// The pairings this process has seen lately, per connection, latest listing first: what tab completion of
    /// -PairingId and -RemoteVcGuid offers. Fed wherever a cmdlet emits a pairing (Get-SrmPairing,
    /// Connect-SrmRemoteSite, Wait-SrmTask's .Pairing); bounded, and never filled from the network. A pairing whose
    /// removal task (Remove-SrmPairing) is later seen to succeed is dropped.
    /// </summary>
    internal static class SrmRecentPairings
    {
        /// <summary>How many pairings are kept per connection.</summary>
        internal const int Capacity = 50;

        private static readonly SrmRecent<SrmPairing> Store =
            new SrmRecent<SrmPairing>(Capacity, pairing => pairing.Connection, pairing => pairing.PairingId);

        // The removal tasks started by Remove-SrmPairing, with the id of the pairing each removes.
        private static readonly SrmRecent<Removal> Removals = new SrmRecent<Removal>(SrmRecentTasks.Capacity, r => r.Connection, r => r.TaskId);

        /// <summary>Remembers the pairings emitted together (one listing), in their order, ahead of older ones.</summary>
        internal static void Remember(IEnumerable<SrmPairing> pairings) => Store.Remember(pairings);

        internal static void Remember(SrmPairing pairing) => Store.Remember(new[] { pairing });

        /// <summary>The latest snapshot of each pairing seen on <paramref name="connection"/>, latest listing first.</summary>
        internal static IReadOnlyList<SrmPairing> For(SrmConnection connection) => Store.For(connection);

        /// <summary>Notes that <paramref name="task"/> removes the pairing <paramref name="pairingId"/>: it is dropped once the task is seen to succeed.</summary>
        internal static void RemovalStarted(SrmTask task, string pairingId)
        {
            if (task?.Connection == null || pairingId == null)
            {
                return;
            }

            // The id as typed may differ in case from the one listed: drop the listed one.
            var listed = Store.For(task.Connection).FirstOrDefault(p => string.Equals(p.PairingId, pairingId, StringComparison.OrdinalIgnoreCase));
            Removals.Remember(new[] { new Removal(task.Connection, task.Id, listed?.PairingId ?? pairingId) });
        }

        /// <summary>
        /// Called for each task snapshot a cmdlet emits: the pairing a task carries (Wait-SrmTask's .Pairing) is
        /// remembered, and a removal that succeeded drops its pairing.
        /// </summary>
        internal static void Seen(SrmTask task)
        {
            if (task?.Connection == null || task.Status != SrmTaskStatus.SUCCESS)
            {
                return;
            }

            if (task.Pairing != null)
            {
                Remember(task.Pairing);
            }

            foreach (var removal in Removals.For(task.Connection))
            {
                if (removal.TaskId == task.Id)
                {
                    Store.Drop(task.Connection, removal.PairingId);
                    Removals.Drop(task.Connection, removal.TaskId);
                }
            }
        }

        internal static void Forget(SrmConnection connection)
        {
            Store.Forget(connection);
            Removals.Forget(connection);
        }

        private sealed class Removal
        {
            internal Removal(SrmConnection connection, string taskId, string pairingId)
            {
                Connection = connection;
                TaskId = taskId;
                PairingId = pairingId;
            }

            internal SrmConnection Connection { get; }

            internal string TaskId { get; }

            internal string PairingId { get; }
        }
    }
}
