namespace Srm.Simulator.Faults;

/// <summary>
/// What the <see cref="FaultPlan"/> chose for one request: the total delay of the matching latency rules and the
/// first matching rule of another kind, if any.
/// </summary>
public sealed record FaultSelection(int DelayMs, FaultRule? Action, int Applied)
{
    public static FaultSelection None { get; } = new(0, null, 0);
}
