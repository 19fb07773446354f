using System;
using System.Linq;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Srm.Client.Http;
using Srm.Client.Models;

namespace Srm.Client.Pairings
{
    /// <summary>
    /// Sends POST /pairings exactly once. When the answer is lost after the request may have reached the server
    /// (a dropped connection, a timeout, a gateway error, a garbled body), it never re-sends: it looks for the task
    /// (GET /tasks) and then for the pairing (GET /pairings) and says what it found.
    /// </summary>
    internal static class PairingCreator
    {
        /// <summary>Tolerance for clock differences when matching a task to the request by its queued time.</summary>
        private static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

        /// <summary>
        /// POST /pairings once, or what a lost answer led to. The task found or returned remembers the remote vCenter
        /// GUID it was started for, so that a wait can find the pairing it made.
        /// </summary>
        internal static async Task<PairingCreationResult> CreateAsync(SrmClient client, PairingSpec spec, CancellationToken cancellationToken)
        {
            var sentAt = DateTimeOffset.UtcNow;
            PairingCreationResult result;
            try
            {
                result = new PairingCreationResult(await client.CreatePairingAsync(spec, cancellationToken).ConfigureAwait(false), null, null);
            }
            catch (SrmApiException failure) when (MayHaveReachedServer(failure))
            {
                result = await RecoverAsync(client, spec, sentAt, failure, cancellationToken).ConfigureAwait(false);
            }

            if (result.Task != null)
            {
                result.Task.PairingVcGuid = spec.VcGuid;
            }

            return result;
        }

        /// <summary>True when the request may have been acted on although no usable answer arrived.</summary>
        internal static bool MayHaveReachedServer(SrmApiException failure)
        {
            switch (failure.Kind)
            {
                case SrmErrorKind.Timeout:
                case SrmErrorKind.InvalidResponse:
                    return true;
                case SrmErrorKind.ConnectionFailed:
                    return !IsConnectionRefused(failure);
                case SrmErrorKind.ServerError:
                    return failure.StatusCode == 502 || failure.StatusCode == 504;
                default:
                    return false;
            }
        }

        private static async Task<PairingCreationResult> RecoverAsync(SrmClient client, PairingSpec spec, DateTimeOffset sentAt,
            SrmApiException failure, CancellationToken cancellationToken)
        {
            var lost = $"The answer to POST /pairings was lost ({failure.Message.TrimEnd('.')}).";
            client.Trace(lost + " Looking for the task and the pairing instead of sending it again.");
            try
            {
                var tasks = await client.GetRecentTasksAsync(cancellationToken).ConfigureAwait(false);
                var task = FindTask(tasks, spec, sentAt);
                if (task != null)
                {
                    return new PairingCreationResult(task, null,
                        $"{lost} The server did start the pairing: task {task.Id} ({task.Status}). It was not sent again.");
                }

                var pairings = await client.GetPairingsAsync(cancellationToken).ConfigureAwait(false);
                var pairing = pairings.FirstOrDefault(p => !p.IsSelf && PairingSpecValidator.SameGuid(p.RemoteVcGuid, spec.VcGuid));
                if (pairing != null)
                {
                    return new PairingCreationResult(null, pairing,
                        $"{lost} No task for it was found, but the site is paired with vCenter Server {spec.VcGuid}: pairing {pairing.PairingId}. It was not sent again.");
                }
            }
            catch (SrmApiException lookup)
            {
                throw new SrmApiException(failure.Kind, failure.Method, failure.Path,
                    $"{lost} Looking for its task or pairing failed too ({lookup.Message.TrimEnd('.')}), so whether the pairing was started is unknown. " +
                    "Check with Get-SrmTask and Get-SrmPairing before trying again.",
                    failure.StatusCode, failure.ErrorCode, failure.ServerMessage, failure.OpId, failure);
            }

            throw new SrmApiException(failure.Kind, failure.Method, failure.Path,
                $"{lost} No task or pairing for vCenter Server {spec.VcGuid} was found on the server afterwards, so the request did not take effect; it is safe to try again.",
                failure.StatusCode, failure.ErrorCode, failure.ServerMessage, failure.OpId, failure);
        }

        /// <summary>
        /// The newest pairing task queued since the request that names the remote vCenter (GUID or PSC address);
        /// failing that, the only pairing task queued since the request.
        /// </summary>
        internal static SrmTask? FindTask(System.Collections.Generic.IReadOnlyList<SrmTask> tasks, PairingSpec spec, DateTimeOffset sentAt)
        {
            var since = sentAt - ClockSkew;
            var recent = tasks
                .Where(t => t.QueuedTime == null || t.QueuedTime.Value >= since)
                .Where(IsPairingTask)
                .ToList();
            var named = recent.Where(t => Mentions(t, spec.VcGuid) || Mentions(t, HostOf(spec.PscUrl))).ToList();
            if (named.Count > 0)
            {
                return named.OrderByDescending(t => t.QueuedTime ?? DateTimeOffset.MinValue).First();
            }

            return recent.Count == 1 ? recent[0] : null;
        }

        private static bool IsPairingTask(SrmTask task) =>
            (Contains(task.DescriptionId, "pair") || Contains(task.Description, "pair")) && !IsOtherPairingOperation(task);

        /// <summary>Repairing (reconnecting) or breaking a pairing is not the creation this looks for.</summary>
        private static bool IsOtherPairingOperation(SrmTask task)
        {
            foreach (var word in OtherOperations)
            {
                if (Contains(task.DescriptionId, word) || Contains(task.Description, word))
                {
                    return true;
                }
            }

            return false;
        }

        private static readonly string[] OtherOperations = { "reconnect", "repair", "break", "delete", "remove", "unpair" };

        private static bool Mentions(SrmTask task, string? value) =>
            !SrmText.IsEmpty(value) &&
            (Contains(task.Entity, value) || Contains(task.EntityName, value) || Contains(task.Description, value));

        private static bool Contains(string? text, string value) =>
            text != null && text.IndexOf(value, StringComparison.OrdinalIgnoreCase) >= 0;

        private static string? HostOf(string? url)
        {
            if (SrmText.IsBlank(url))
            {
                return null;
            }

            return Uri.TryCreate(url.Contains("://") ? url : "https://" + url, UriKind.Absolute, out var uri) ? uri.Host : url.Trim();
        }

        private static bool IsConnectionRefused(Exception failure)
        {
            for (Exception? e = failure; e != null; e = e.InnerException)
            {
                if (e is SocketException socket && socket.SocketErrorCode == SocketError.ConnectionRefused)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
