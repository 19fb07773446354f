namespace Srm.Simulator.Faults;

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
