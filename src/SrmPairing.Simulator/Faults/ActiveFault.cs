namespace Srm.Simulator.Faults;

/// <summary>A rule in the <see cref="FaultPlan"/>: its id and how many more requests it applies to (null = until cleared).</summary>
public sealed record ActiveFault(int Id, FaultRule Rule, int? Remaining);
