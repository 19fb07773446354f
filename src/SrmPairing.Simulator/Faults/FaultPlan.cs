namespace Srm.Simulator.Faults;

/// <summary>
/// The active fault rules, in the order they were added. For each API request the rules are examined in order:
/// every matching latency rule adds its delay, and the first matching rule of another kind (status, drop, malformed,
/// html) is applied and ends the examination. Each applied rule uses one of its count; a spent rule is removed.
/// Thread-safe.
/// </summary>
public sealed class FaultPlan
{
    private readonly object _lock = new();
    private readonly List<Entry> _rules = [];
    private int _nextId;

    /// <summary>Appends a rule; returns its id (ids keep counting up, even across <see cref="Clear"/>).</summary>
    public ActiveFault Add(FaultRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        lock (_lock)
        {
            var entry = new Entry(++_nextId, rule) { Remaining = rule.Count };
            _rules.Add(entry);
            return entry.ToActive();
        }
    }

    /// <summary>The rules still active, in order, with their remaining counts.</summary>
    public IReadOnlyList<ActiveFault> List()
    {
        lock (_lock)
            return _rules.Select(r => r.ToActive()).ToList();
    }

    public void Clear()
    {
        lock (_lock)
            _rules.Clear();
    }

    public bool Remove(int id)
    {
        lock (_lock)
            return _rules.RemoveAll(r => r.Id == id) > 0;
    }

    /// <summary>Picks the rules for a request to <paramref name="endpointKey"/> and uses one of each one's count.</summary>
    public FaultSelection Select(string endpointKey)
    {
        lock (_lock)
        {
            if (_rules.Count == 0)
                return FaultSelection.None;

            var delay = 0;
            var applied = 0;
            FaultRule? action = null;
            foreach (var entry in _rules)
            {
                if (!entry.Rule.Matches(endpointKey))
                    continue;
                applied++;
                if (entry.Remaining is not null)
                    entry.Remaining--;
                if (entry.Rule is { Kind: FaultKind.Latency, DelayMs: var ms })
                {
                    delay = (int)Math.Min((long)delay + (ms ?? 0), FaultRule.MaxLatencyMs);
                    continue;
                }
                action = entry.Rule;
                break;
            }
            _rules.RemoveAll(r => r.Remaining <= 0);
            return applied == 0 ? FaultSelection.None : new FaultSelection(delay, action, applied);
        }
    }

    private sealed class Entry(int id, FaultRule rule)
    {
        public int Id { get; } = id;
        public FaultRule Rule { get; } = rule;
        public int? Remaining { get; set; }
        public ActiveFault ToActive() => new(Id, Rule, Remaining);
    }
}

/// <summary>A rule in the <see cref="FaultPlan"/>: its id and how many more requests it applies to (null = until cleared).</summary>
public sealed record ActiveFault(int Id, FaultRule Rule, int? Remaining);

/// <summary>
/// What the <see cref="FaultPlan"/> chose for one request: the total delay of the matching latency rules and the
/// first matching rule of another kind, if any.
/// </summary>
public sealed record FaultSelection(int DelayMs, FaultRule? Action, int Applied)
{
    public static FaultSelection None { get; } = new(0, null, 0);
}
