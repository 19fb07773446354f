namespace Srm.Simulator.Faults;

/// <summary>Whether the <see cref="RateLimiter"/> let a request through; if not, which quota it hit and when it frees.</summary>
public sealed record RateLimitDecision(bool Allowed, string? Quota, TimeSpan RetryAfter)
{
    public static RateLimitDecision Allow { get; } = new(true, null, TimeSpan.Zero);

    /// <summary>Retry-After in whole seconds, rounded up, at least 1.</summary>
    public int RetryAfterSeconds => Math.Max(1, (int)Math.Ceiling(RetryAfter.TotalSeconds));
}
