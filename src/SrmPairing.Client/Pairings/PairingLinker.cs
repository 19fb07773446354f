using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Srm.Client.Http;
using Srm.Client.Models;

namespace Srm.Client.Pairings
{
    /// <summary>
    /// Leads successful pairing tasks to the pairing they made: by the pairing id in the task's result (a string, or
    /// an object with pairing_id) when the server gives one, else by the remote vCenter GUID the task was started for.
    /// One GET /pairings serves every task given.
    /// </summary>
    internal static class PairingLinker
    {
        /// <summary>True when <paramref name="task"/> succeeded and there is a way to find its pairing.</summary>
        internal static bool CanLink(SrmTask task)
        {
            return task != null && task.Status == SrmTaskStatus.SUCCESS && task.Pairing == null &&
                   (ResultPairingId(task) != null || !string.IsNullOrEmpty(task.PairingVcGuid));
        }

        /// <summary>Sets <see cref="SrmTask.Pairing"/> on each task that <see cref="CanLink"/>, with one GET /pairings.</summary>
        internal static async Task LinkAsync(SrmClient client, IReadOnlyList<SrmTask> tasks, CancellationToken cancellationToken)
        {
            var linkable = tasks.Where(CanLink).ToList();
            if (linkable.Count == 0)
            {
                return;
            }

            var pairings = (await client.GetPairingsAsync(cancellationToken).ConfigureAwait(false)).Where(p => !p.IsSelf).ToList();
            foreach (var task in linkable)
            {
                var id = ResultPairingId(task);
                task.Pairing = id != null
                    ? pairings.FirstOrDefault(p => string.Equals(p.PairingId, id, StringComparison.OrdinalIgnoreCase))
                    : pairings.FirstOrDefault(p => string.Equals(p.RemoteVcGuid, task.PairingVcGuid, StringComparison.OrdinalIgnoreCase));
            }
        }

        /// <summary>The pairing id in a task's result: the result itself when it is a GUID string, or its pairing_id.</summary>
        internal static string? ResultPairingId(SrmTask task)
        {
            var candidate = task.Result is IDictionary map && map.Contains("pairing_id") ? map["pairing_id"] as string : task.Result as string;
            var trimmed = candidate?.Trim();
            return Guid.TryParse(trimmed, out _) ? trimmed : null;
        }
    }
}
