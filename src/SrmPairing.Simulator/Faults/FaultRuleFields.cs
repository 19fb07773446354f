namespace Srm.Simulator.Faults;

/// <summary>
/// The fields of a fault rule as given (command-line text or control JSON), before validation by
/// <see cref="FaultRule.TryCreate"/>. Null means "not given".
/// </summary>
public sealed class FaultRuleFields
{
    public string? Kind { get; set; }
    public int? Status { get; set; }
    public int? Count { get; set; }
    public string? Endpoint { get; set; }
    public int? RetryAfter { get; set; }
    public int? Ms { get; set; }
    public string? When { get; set; }
}
