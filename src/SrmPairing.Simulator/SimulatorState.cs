using System.Security.Cryptography;

namespace SrmPairing.Simulator;

/// <summary>
/// Everything the simulator remembers: sessions, tasks, pairings and request counters, plus the behaviour switches
/// that make it misbehave (session lifetime, stalled tasks). Thread-safe: every member takes one lock. Before any read, tasks are brought up to date so a pairing exists as soon as its task succeeded,
/// whether or not anyone polled the task.
/// </summary>
public sealed class SimulatorState
{
    /// <summary>The pairing_id of the local site's own entry in GET /pairings.</summary>
    public static readonly Guid SelfPairingId = Guid.Parse("0e5d4c3b-2a19-4f08-b7e6-d5c4b3a29101");

    public const string PairingDescriptionId = "com.vmware.srm.pairing.create";

    private readonly object _lock = new();
    private readonly Dictionary<string, SessionRecord> _sessions = new(StringComparer.Ordinal);
    private const int MaxIssuedSessionIds = 10_000;
    private readonly List<string> _issuedSessionIds = new();
    private readonly List<SimulatedTask> _tasks = [];
    private readonly Dictionary<string, SimulatedTask> _tasksById = new(StringComparer.Ordinal);
    private readonly List<SimulatedTask> _pendingPairingTasks = [];
    private readonly List<PairingRecord> _pairings = [];
    private readonly Dictionary<string, long> _requestsByEndpoint = new(StringComparer.Ordinal);
    private long _requests;
    private long _rateLimited;
    private long _faultsInjected;
    private long _taskSequence;
    private TimeSpan? _sessionLifetime;
    private bool _stallNewTasks;

    public SimulatorState(SiteCatalog sites, TimeSpan taskDuration, TimeProvider timeProvider)
    {
        if (taskDuration < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(taskDuration), "The task duration cannot be negative.");
        Sites = sites;
        TaskDuration = taskDuration;
        TimeProvider = timeProvider;
    }

    public SiteCatalog Sites { get; }

    public TimeSpan TaskDuration { get; }

    public TimeProvider TimeProvider { get; }

    private DateTimeOffset Now => TimeProvider.GetUtcNow();

    // ---- behaviour switches ----

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

    // ---- sessions ----

    /// <summary>Creates a session for <paramref name="userName"/> and returns its id (32 random hex digits).</summary>
    public string CreateSession(string userName)
    {
        var id = RandomNumberGenerator.GetHexString(32, lowercase: true);
        lock (_lock)
        {
            _sessions[id] = new SessionRecord(userName, Now);
            if (_issuedSessionIds.Count < MaxIssuedSessionIds)
                _issuedSessionIds.Add(id);
        }

        return id;
    }

    /// <summary>
    /// Every session id handed out since start-up (reset keeps them), so that tests can search a client's output
    /// for a leaked session id. The simulator is a test double: on a real appliance no such list exists.
    /// </summary>
    public IReadOnlyList<string> IssuedSessionIds
    {
        get { lock (_lock) return _issuedSessionIds.ToList(); }
    }

    /// <summary>The user of a live session, or null when the id is unknown or the session has outlived its lifetime.</summary>
    public string? GetSessionUser(string? sessionId)
    {
        if (string.IsNullOrEmpty(sessionId))
            return null;
        lock (_lock)
        {
            if (!_sessions.TryGetValue(sessionId, out var session))
                return null;
            if (IsExpiredLocked(session, Now))
            {
                _sessions.Remove(sessionId);
                return null;
            }
            return session.User;
        }
    }

    /// <summary>Ends every current session now; returns how many there were. Later logins work normally.</summary>
    public int ExpireSessions()
    {
        lock (_lock)
        {
            var count = _sessions.Count;
            _sessions.Clear();
            return count;
        }
    }

    public bool RemoveSession(string sessionId)
    {
        lock (_lock)
            return _sessions.Remove(sessionId);
    }

    private bool IsExpiredLocked(SessionRecord session, DateTimeOffset now) =>
        _sessionLifetime is { } lifetime && now - session.CreatedAt >= lifetime;

    private void RemoveExpiredSessionsLocked(DateTimeOffset now)
    {
        if (_sessionLifetime is null)
            return;
        foreach (var id in _sessions.Where(s => IsExpiredLocked(s.Value, now)).Select(s => s.Key).ToList())
            _sessions.Remove(id);
    }

    // ---- tasks ----

    /// <summary>Queues a pairing task for a well-formed request; how it ends is decided now by <see cref="PairingRules"/>.</summary>
    public TaskSnapshot CreatePairingTask(PairingRequest request)
    {
        lock (_lock)
        {
            var now = Now;
            AdvanceLocked(now);
            var decision = PairingRules.Decide(
                request,
                Sites,
                vcGuid => _pairings.FirstOrDefault(p => p.Remote.VcGuid == vcGuid)?.PairingId,
                vcGuid => _pendingPairingTasks.FirstOrDefault(t => t.PairingTarget!.VcGuid == vcGuid)?.Id);

            var target = decision.Remote?.VcName ?? request.PairVcGuid.Trim();
            var task = new SimulatedTask(
                id: $"pairing-task-{++_taskSequence}",
                description: $"Pair with vCenter Server '{target}'",
                descriptionId: PairingDescriptionId,
                queuedAt: now,
                duration: TaskDuration,
                plannedOutcome: decision.Outcome,
                pairingTarget: decision.Outcome.FinalState == TaskState.Success ? decision.Remote : null)
            {
                Stalled = _stallNewTasks,
            };
            _tasks.Add(task);
            _tasksById[task.Id] = task;
            if (task.PairingTarget is not null)
                _pendingPairingTasks.Add(task);
            AdvanceLocked(now);
            return TaskClock.Compute(task, now);
        }
    }

    public TaskSnapshot? GetTask(string taskId)
    {
        lock (_lock)
        {
            var now = Now;
            AdvanceLocked(now);
            return _tasksById.TryGetValue(taskId, out var task) ? TaskClock.Compute(task, now) : null;
        }
    }

    /// <summary>All tasks, oldest first.</summary>
    public IReadOnlyList<TaskSnapshot> GetTasks()
    {
        lock (_lock)
        {
            var now = Now;
            AdvanceLocked(now);
            return _tasks.Select(t => TaskClock.Compute(t, now)).ToList();
        }
    }

    /// <summary>Ends a running or queued task now as CANCELLED.</summary>
    public TaskControlResult CancelTask(string taskId) => EndTask(taskId, TaskState.Cancelled, null, null);

    /// <summary>Ends a running or queued task now as ERROR with the given message.</summary>
    public TaskControlResult FailTask(string taskId, string message, string? details) => EndTask(taskId, TaskState.Error, message, details);

    /// <summary>Makes a queued or running task never finish on its own (it stays RUNNING); cancel and fail still end it.</summary>
    public TaskControlResult StallTask(string taskId)
    {
        lock (_lock)
        {
            var now = Now;
            AdvanceLocked(now);
            if (!_tasksById.TryGetValue(taskId, out var task))
                return TaskControlResult.NotFound;
            if (TaskClock.Compute(task, now).IsFinal)
                return TaskControlResult.AlreadyFinished;
            task.Stalled = true;
            return TaskControlResult.Done;
        }
    }

    private TaskControlResult EndTask(string taskId, TaskState state, string? message, string? details)
    {
        lock (_lock)
        {
            var now = Now;
            AdvanceLocked(now);
            if (!_tasksById.TryGetValue(taskId, out var task))
                return TaskControlResult.NotFound;
            if (TaskClock.Compute(task, now).IsFinal)
                return TaskControlResult.AlreadyFinished;
            task.Override = new TaskOverride(state, now, message, details);
            _pendingPairingTasks.Remove(task);
            return TaskControlResult.Done;
        }
    }

    // ---- pairings ----

    /// <summary>The pairings made by tasks that succeeded (not the local site's own entry), oldest first.</summary>
    public IReadOnlyList<PairingRecord> GetPairings()
    {
        lock (_lock)
        {
            AdvanceLocked(Now);
            return _pairings.ToList();
        }
    }

    public PairingRecord? GetPairing(Guid pairingId)
    {
        lock (_lock)
        {
            AdvanceLocked(Now);
            return _pairings.FirstOrDefault(p => p.PairingId == pairingId);
        }
    }

    // ---- statistics and reset ----

    /// <summary>Counts one API request; <paramref name="endpoint"/> is like "GET /tasks/{taskId}".</summary>
    public void RecordRequest(string endpoint)
    {
        lock (_lock)
        {
            _requests++;
            _requestsByEndpoint[endpoint] = _requestsByEndpoint.GetValueOrDefault(endpoint) + 1;
        }
    }

    /// <summary>Counts one 429 sent by the rate limiter.</summary>
    public void RecordRateLimited()
    {
        lock (_lock)
            _rateLimited++;
    }

    /// <summary>Counts one fault rule applied to a request.</summary>
    public void RecordFaultInjected()
    {
        lock (_lock)
            _faultsInjected++;
    }

    public SimulatorStatistics GetStatistics()
    {
        lock (_lock)
        {
            var now = Now;
            AdvanceLocked(now);
            RemoveExpiredSessionsLocked(now);
            return new SimulatorStatistics(
                _requests,
                new SortedDictionary<string, long>(_requestsByEndpoint, StringComparer.Ordinal),
                _sessions.Count,
                _tasks.Count,
                _pairings.Count,
                _rateLimited,
                _faultsInjected);
        }
    }

    /// <summary>
    /// Forgets all sessions, tasks, pairings and counters. Task ids keep counting up, so old ids never come back.
    /// The behaviour switches (session lifetime, stalled new tasks) are kept.
    /// </summary>
    public void Reset()
    {
        lock (_lock)
        {
            _sessions.Clear();
            _tasks.Clear();
            _tasksById.Clear();
            _pendingPairingTasks.Clear();
            _pairings.Clear();
            _requestsByEndpoint.Clear();
            _requests = 0;
            _rateLimited = 0;
            _faultsInjected = 0;
        }
    }

    private sealed record SessionRecord(string User, DateTimeOffset CreatedAt);

    /// <summary>Turns every pairing task that has succeeded by <paramref name="now"/> into a pairing.</summary>
    private void AdvanceLocked(DateTimeOffset now)
    {
        for (var i = 0; i < _pendingPairingTasks.Count; i++)
        {
            var task = _pendingPairingTasks[i];
            var snapshot = TaskClock.Compute(task, now);
            if (!snapshot.IsFinal)
                continue;
            if (snapshot.State == TaskState.Success)
            {
                var pairing = new PairingRecord(Guid.NewGuid(), task.PairingTarget!, task.Id, snapshot.CompleteTime ?? now);
                _pairings.Add(pairing);
                task.CreatedPairingId = pairing.PairingId;
            }
            _pendingPairingTasks.RemoveAt(i--);
        }
    }
}
