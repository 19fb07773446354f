namespace Srm.Simulator;

/// <summary>
/// The switches that make the simulator misbehave or pick one of the answers the spec leaves open: session lifetime,
/// stalled new tasks, refused task filters, spec alternatives and the create task's result. Each takes effect for the
/// next request that reads it. Thread-safe: one lock of its own, held only to read or write a field.
/// </summary>
public sealed class BehaviourSwitches
{
    private readonly object _lock = new();
    private TimeSpan? _sessionLifetime;
    private bool _stallNewTasks;
    private IReadOnlyList<string> _refusedTaskFilters = [];
    private TaskResultMode _taskResultMode;
    private SpecAlternatives _alternatives = SpecAlternatives.Default;

    /// <summary>How long a session stays valid after login; null means until logout or reset.</summary>
    public TimeSpan? SessionLifetime
    {
        get { lock (_lock) return _sessionLifetime; }
        set
        {
            if (value <= TimeSpan.Zero)
                throw new ArgumentOutOfRangeException(nameof(value), "The session lifetime must be positive.");
            lock (_lock)
                _sessionLifetime = value;
        }
    }

    /// <summary>When true, every pairing task created from now on stays RUNNING and never finishes on its own.</summary>
    public bool StallNewTasks
    {
        get { lock (_lock) return _stallNewTasks; }
        set { lock (_lock) _stallNewTasks = value; }
    }

    /// <summary>
    /// The filter_property names GET /tasks refuses with 400, as an appliance that cannot filter on a field does
    /// (compared case-insensitively). Empty: every property of a task can be filtered on.
    /// </summary>
    public IReadOnlyList<string> RefusedTaskFilters
    {
        get { lock (_lock) return _refusedTaskFilters; }
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            var copy = value.ToArray();
            lock (_lock)
                _refusedTaskFilters = copy;
        }
    }

    /// <summary>
    /// How the simulator answers where the spec allows more than one answer (not-logged-in remote session, _meta on a
    /// 202 Task, a refused login).
    /// </summary>
    public SpecAlternatives Alternatives
    {
        get { lock (_lock) return _alternatives; }
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            lock (_lock)
                _alternatives = value;
        }
    }

    /// <summary>What a successful create task reports as its result: nothing (null), {"pairing_id": "..."} or the bare id. Applies to tasks created from now on.</summary>
    public TaskResultMode TaskResultMode
    {
        get { lock (_lock) return _taskResultMode; }
        set { lock (_lock) _taskResultMode = value; }
    }
}
