using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace Srm.Client.Http
{
    /// <summary>
    /// Keeps one connection under the appliance's per-session limit (50 requests a minute by default): a sliding
    /// window of the start times of recent requests; a request that would exceed it waits.
    /// </summary>
    internal sealed class RequestRateLimiter
    {
        private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
        private readonly Queue<TimeSpan> _recent = new Queue<TimeSpan>();
        private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);
        private readonly Stopwatch _clock = Stopwatch.StartNew();

        internal RequestRateLimiter(int maxRequestsPerMinute)
        {
            MaxRequestsPerMinute = maxRequestsPerMinute;
        }

        /// <summary>0 or less: no limit.</summary>
        internal int MaxRequestsPerMinute { get; }

        /// <summary>How long a request made now would wait, for progress messages.</summary>
        internal async Task WaitAsync(Action<TimeSpan>? onWait, CancellationToken cancellationToken)
        {
            if (MaxRequestsPerMinute <= 0)
            {
                return;
            }

            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                while (true)
                {
                    var now = _clock.Elapsed;
                    while (_recent.Count > 0 && now - _recent.Peek() >= Window)
                    {
                        _recent.Dequeue();
                    }

                    if (_recent.Count < MaxRequestsPerMinute)
                    {
                        _recent.Enqueue(now);
                        return;
                    }

                    var wait = _recent.Peek() + Window - now;
                    onWait?.Invoke(wait);
                    await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                _gate.Release();
            }
        }
    }
}
