namespace Srm.Simulator.Faults;

/// <summary>
/// The appliance's rate limiter, with a sliding window: a request is allowed when fewer than the quota of requests
/// were allowed in the <see cref="Window"/> before it, for its session (when it has a valid one) and for its client
/// address. Every request counts against its address; requests with a valid session count against that session too.
/// Refused requests do not count. Retry-After is the time until the oldest counted request leaves the window.
/// Thread-safe.
/// </summary>
public sealed class RateLimiter
{
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromSeconds(60);

    private const int SweepThreshold = 1024;

    private readonly object _lock = new();
    private readonly TimeProvider _time;
    private readonly Dictionary<string, Queue<DateTimeOffset>> _bySession = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Queue<DateTimeOffset>> _byAddress = new(StringComparer.Ordinal);
    private RateLimitSettings _settings;

    public RateLimiter(RateLimitSettings settings, TimeSpan window, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (window <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(window), "The window must be positive.");
        _settings = settings;
        Window = window;
        _time = time;
    }

    public TimeSpan Window { get; }

    /// <summary>The quotas in force. Changing them keeps the requests already counted.</summary>
    public RateLimitSettings Settings
    {
        get { lock (_lock) return _settings; }
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            lock (_lock)
                _settings = value;
        }
    }

    /// <summary>Decides on one request and, when it is allowed, counts it.</summary>
    public RateLimitDecision TryAcquire(string address, string? sessionId)
    {
        lock (_lock)
        {
            if (!_settings.Enabled)
                return RateLimitDecision.Allow;

            var now = _time.GetUtcNow();
            var addressLog = Log(_byAddress, address, now);
            var sessionLog = sessionId is null ? null : Log(_bySession, sessionId, now);

            var retryAfter = TimeSpan.Zero;
            string? quota = null;
            if (sessionLog is not null && sessionLog.Count >= _settings.PerSession)
            {
                quota = "session";
                retryAfter = sessionLog.Peek() + Window - now;
            }
            if (addressLog.Count >= _settings.PerAddress)
            {
                quota = quota is null ? "address" : "session and address";
                retryAfter = TimeSpan.FromTicks(Math.Max(retryAfter.Ticks, (addressLog.Peek() + Window - now).Ticks));
            }
            if (quota is not null)
                return new RateLimitDecision(false, quota, retryAfter);

            addressLog.Enqueue(now);
            sessionLog?.Enqueue(now);
            return RateLimitDecision.Allow;
        }
    }

    /// <summary>Forgets every counted request.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _bySession.Clear();
            _byAddress.Clear();
        }
    }

    /// <summary>The requests counted for <paramref name="key"/> within the window before <paramref name="now"/>.</summary>
    private Queue<DateTimeOffset> Log(Dictionary<string, Queue<DateTimeOffset>> logs, string key, DateTimeOffset now)
    {
        if (logs.Count > SweepThreshold)
        {
            foreach (var (staleKey, stale) in logs.ToList())
            {
                Trim(stale, now);
                if (stale.Count == 0)
                    logs.Remove(staleKey);
            }
        }
        if (!logs.TryGetValue(key, out var log))
            logs[key] = log = new Queue<DateTimeOffset>();
        Trim(log, now);
        return log;
    }

    private void Trim(Queue<DateTimeOffset> log, DateTimeOffset now)
    {
        while (log.Count > 0 && log.Peek() + Window <= now)
            log.Dequeue();
    }
}

/// <summary>
/// The appliance's request quotas: requests per window (60 s unless shortened for tests) per session and per client
/// address. The real appliance allows 50 a minute per session and 100 a minute per address.
/// </summary>
public sealed record RateLimitSettings(bool Enabled, int PerSession, int PerAddress)
{
    public const int AppliancePerSession = 50;
    public const int AppliancePerAddress = 100;
    public const int MaxQuota = 1_000_000;

    public static RateLimitSettings Disabled { get; } = new(false, AppliancePerSession, AppliancePerAddress);
}

/// <summary>Whether the <see cref="RateLimiter"/> let a request through; if not, which quota it hit and when it frees.</summary>
public sealed record RateLimitDecision(bool Allowed, string? Quota, TimeSpan RetryAfter)
{
    public static RateLimitDecision Allow { get; } = new(true, null, TimeSpan.Zero);

    /// <summary>Retry-After in whole seconds, rounded up, at least 1.</summary>
    public int RetryAfterSeconds => Math.Max(1, (int)Math.Ceiling(RetryAfter.TotalSeconds));
}
