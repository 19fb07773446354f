namespace Srm.Simulator;

/// <summary>Counters shown by GET /simulator/stats.</summary>
public sealed record SimulatorStatistics(
    long Requests,
    IReadOnlyDictionary<string, long> RequestsByEndpoint,
    int Sessions,
    int Tasks,
    int Pairings,
    long RateLimited,
    long FaultsInjected);
