using System;

namespace Srm.Client.Http
{
    /// <summary>How a connection talks to its server.</summary>
    public sealed class SrmClientOptions
    {
        /// <summary>Accept any TLS certificate. Only for test appliances.</summary>
        public bool SkipCertificateCheck { get; set; }

        /// <summary>Trust exactly the certificate with this SHA-1 or SHA-256 thumbprint.</summary>
        public string? CertificateThumbprint { get; set; }

        /// <summary>The limit for one request, including reading the response.</summary>
        public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(100);

        /// <summary>The client-side budget per session; the appliance allows 50 a minute. 0 turns the limiter off.</summary>
        public int MaxRequestsPerMinute { get; set; } = 50;

        /// <summary>How often an idempotent request (a GET) is repeated after a transient failure.</summary>
        public int MaximumRetryCount { get; set; } = 3;

        /// <summary>The first wait before a repeat; it doubles for each further attempt (with jitter).</summary>
        public TimeSpan RetryInterval { get; set; } = TimeSpan.FromSeconds(1);

        /// <summary>The longest wait before one repeat (a Retry-After is honoured up to this).</summary>
        public TimeSpan MaximumRetryDelay { get; set; } = TimeSpan.FromSeconds(60);

        /// <summary>The default of <see cref="MaxResponseBodyBytes"/>: 4 MiB.</summary>
        public const int DefaultMaxResponseBodyBytes = 4 * 1024 * 1024;

        /// <summary>
        /// The largest response body read, in bytes (after decompression). SRM's answers are a few kilobytes (a page of
        /// 100 pairings some 100 KB), so 4 MiB is generous; a larger body is refused as an invalid response, read no
        /// further than the limit (a Content-Length over the limit is refused before any of the body is read).
        /// </summary>
        public int MaxResponseBodyBytes { get; set; } = DefaultMaxResponseBodyBytes;

        /// <summary>The default of <see cref="TaskPollInterval"/>: 2 s, 30 rounds a minute, well under 50 requests a minute.</summary>
        public static readonly TimeSpan DefaultTaskPollInterval = TimeSpan.FromSeconds(2);

        /// <summary>The pause between two rounds of <see cref="Tasks.SrmTaskOperations.WaitAsync(System.Collections.Generic.IEnumerable{Models.SrmTask}, IProgress{Tasks.SrmTaskWaitEvent}, TimeSpan?, System.Threading.CancellationToken)"/>.</summary>
        public TimeSpan TaskPollInterval { get; set; } = DefaultTaskPollInterval;

        /// <summary>
        /// Where the connection reports what it does, one line at a time: each request's method, path, status, time
        /// and op_id, retries, waits for the rate limit, renewed sessions. A line never holds a password, a session id,
        /// a header or a body, and server text in it is made safe to show. Null (the default) reports nothing. It is
        /// called from any thread, also from several at once while calls run concurrently, so it must be thread-safe
        /// and quick; it is read for each line, so it can be changed while the connection is open.
        /// </summary>
        public Action<string>? Trace { get; set; }
    }
}
