using System.Security.Cryptography;

namespace Srm.Simulator;

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
    public const string DeleteDescriptionId = "com.vmware.srm.pairing.delete";
    public const string ReconnectDescriptionId = "com.vmware.srm.pairing.reconnect";

    private readonly object _lock = new();
    private readonly Dictionary<string, SessionRecord> _sessions = new(StringComparer.Ordinal);
    private const int MaxIssuedSessionIds = 10_000;
    private readonly List<string> _issuedSessionIds = new();
    private readonly List<SimulatedTask> _tasks = [];
    private readonly Dictionary<string, SimulatedTask> _tasksById = new(StringComparer.Ordinal);
    /// <summary>Tasks that will succeed (create, delete, reconnect) and whose effect on the pairings is not applied yet.</summary>
    private readonly List<SimulatedTask> _pendingPairingTasks = [];
    private readonly List<PairingRecord> _pairings = [];
    private readonly Dictionary<string, long> _requestsByEndpoint = new(StringComparer.Ordinal);
    private long _requests;
    private long _rateLimited;
    private long _faultsInjected;
    private long _taskSequence;
    private TimeSpan? _sessionLifetime;
    private bool _stallNewTasks;
    private IReadOnlyList<string> _refusedTaskFilters = [];
    private TaskResultMode _taskResultMode;
    private SpecAlternatives _alternatives = SpecAlternatives.Default;
    private SiteCatalog _initialSites;
    private SiteCatalog _sites;

    public SimulatorState(SiteCatalog sites, TimeSpan taskDuration, TimeProvider timeProvider)
    {
        if (taskDuration < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(taskDuration), "The task duration cannot be negative.");
        _initialSites = sites;
        _sites = sites;
        TaskDuration = taskDuration;
        TimeProvider = timeProvider;
    }

    /// <summary>
    /// Replaces the start-up sites (and the current ones) before any request: the host does so once the remote site
    /// endpoints listen and their ports are known.
    /// </summary>
    internal void UseStartupSites(SiteCatalog sites)
    {
        lock (_lock)
        {
            _initialSites = sites;
            _sites = sites;
        }
    }

    /// <summary>
    /// Makes a remote site's new certificates for a rotation (the remote site endpoints serve them from then on);
    /// null gives random thumbprints, for sites that no endpoint serves.
    /// </summary>
    internal Func<RemoteSiteDefinition, RemoteSiteDefinition>? CertificateIssuer { get; set; }

    /// <summary>The local site and the remote sites as they are now (a certificate rotation replaces a remote site).</summary>
    public SiteCatalog Sites
    {
        get { lock (_lock) return _sites; }
    }

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

    /// <summary>
    /// The filter_property names GET /tasks refuses with 400, as an appliance that cannot filter on a field does
    /// (compared case-insensitively). Empty: every property of a task can be filtered on.
    /// </summary>
    public IReadOnlyList<string> RefusedTaskFilters
    {
        get { lock (_lock) return _refusedTaskFilters; }
        set { lock (_lock) _refusedTaskFilters = (value ?? throw new ArgumentNullException(nameof(value))).ToArray(); }
    }

    /// <summary>
    /// How the simulator answers where the spec allows more than one answer (not-logged-in remote session, _meta on a
    /// 202 Task, a refused login). Takes effect for the next request.
    /// </summary>
    public SpecAlternatives Alternatives
    {
        get { lock (_lock) return _alternatives; }
        set { lock (_lock) _alternatives = value ?? throw new ArgumentNullException(nameof(value)); }
    }

    /// <summary>What a successful create task reports as its result: nothing (null), {"pairing_id": "..."} or the bare id. Applies to tasks created from now on.</summary>
    public TaskResultMode TaskResultMode
    {
        get { lock (_lock) return _taskResultMode; }
        set { lock (_lock) _taskResultMode = value; }
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

    /// <summary>The session if it exists and has not outlived its lifetime (an expired one is removed, with its remote logins).</summary>
    private SessionRecord? LiveSessionLocked(string sessionId, DateTimeOffset now)
    {
        if (!_sessions.TryGetValue(sessionId, out var session))
            return null;
        if (!IsExpiredLocked(session, now))
            return session;
        _sessions.Remove(sessionId);
        return null;
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
                _sites,
                vcGuid => _pairings.FirstOrDefault(p => p.Remote.VcGuid == vcGuid)?.PairingId,
                vcGuid => _pendingPairingTasks.FirstOrDefault(t => t.Operation == PairingOperation.Create && t.PairingTarget!.VcGuid == vcGuid)?.Id);

            var target = decision.Remote?.VcName ?? request.PairVcGuid.Trim();
            var task = new SimulatedTask(
                id: $"pairing-task-{++_taskSequence}",
                description: $"Pair with vCenter Server '{target}'",
                descriptionId: PairingDescriptionId,
                queuedAt: now,
                duration: TaskDuration,
                plannedOutcome: decision.Outcome,
                pairingTarget: decision.Outcome.FinalState == TaskState.Success ? decision.Remote : null,
                operation: PairingOperation.Create,
                resultMode: _taskResultMode);
            return AddTaskLocked(task, now);
        }
    }

    /// <summary>
    /// DELETE /pairings/{id}: queues a task that removes the pairing when it succeeds. Refused (no task) for the self
    /// entry, an unknown pairing, when <paramref name="sessionId"/> has not logged in to the pairing's remote site,
    /// and while a delete or reconnect of the pairing is still running.
    /// </summary>
    public PairingOperationResult DeletePairing(string sessionId, Guid pairingId)
    {
        lock (_lock)
        {
            var now = Now;
            AdvanceLocked(now);
            if (pairingId == SelfPairingId)
                return PairingOperationResult.Refused(PairingRefusal.SelfEntry);
            var pairing = _pairings.FirstOrDefault(p => p.PairingId == pairingId);
            if (pairing is null)
                return PairingOperationResult.Refused(PairingRefusal.UnknownPairing);
            if (LiveSessionLocked(sessionId, now) is not { } session || !session.RemoteLogins.ContainsKey(pairingId))
                return PairingOperationResult.Refused(PairingRefusal.RemoteNotAuthenticated);
            if (OperationInProgressLocked(pairingId, now) is { } running)
                return PairingOperationResult.Refused(PairingRefusal.OperationInProgress, running);

            var task = new SimulatedTask(
                id: $"pairing-task-{++_taskSequence}",
                description: $"Break pairing with vCenter Server '{pairing.Remote.VcName}'",
                descriptionId: DeleteDescriptionId,
                queuedAt: now,
                duration: TaskDuration,
                plannedOutcome: TaskOutcome.Success,
                pairingTarget: null,
                operation: PairingOperation.Delete,
                targetPairingId: pairingId);
            return PairingOperationResult.Accepted(AddTaskLocked(task, now));
        }
    }

    /// <summary>
    /// POST /pairings/{id}/actions/reconnect with a well-formed spec: queues a task whose end is decided now by
    /// <see cref="PairingRules.DecideReconnect"/>. Refused (no task) for the self entry and an unknown pairing.
    /// </summary>
    public PairingOperationResult ReconnectPairing(Guid pairingId, PairingRequest request)
    {
        lock (_lock)
        {
            var now = Now;
            AdvanceLocked(now);
            if (pairingId == SelfPairingId)
                return PairingOperationResult.Refused(PairingRefusal.SelfEntry);
            var pairing = _pairings.FirstOrDefault(p => p.PairingId == pairingId);
            if (pairing is null)
                return PairingOperationResult.Refused(PairingRefusal.UnknownPairing);

            var current = _sites.FindRemote(pairing.Remote.VcGuid) ?? pairing.Remote;
            var decision = PairingRules.DecideReconnect(request, pairing, current, OperationInProgressLocked(pairingId, now));
            var task = new SimulatedTask(
                id: $"pairing-task-{++_taskSequence}",
                description: $"Reconnect pairing with vCenter Server '{current.VcName}'",
                descriptionId: ReconnectDescriptionId,
                queuedAt: now,
                duration: TaskDuration,
                plannedOutcome: decision.Outcome,
                pairingTarget: decision.Outcome.FinalState == TaskState.Success ? current : null,
                operation: PairingOperation.Reconnect,
                targetPairingId: pairingId);
            return PairingOperationResult.Accepted(AddTaskLocked(task, now));
        }
    }

    private TaskSnapshot AddTaskLocked(SimulatedTask task, DateTimeOffset now)
    {
        task.Stalled = _stallNewTasks;
        _tasks.Add(task);
        _tasksById[task.Id] = task;
        if (task.PlannedOutcome.FinalState == TaskState.Success && (task.Operation != PairingOperation.Create || task.PairingTarget is not null))
            _pendingPairingTasks.Add(task);
        AdvanceLocked(now);
        return TaskClock.Compute(task, now);
    }

    /// <summary>The id of a delete or reconnect task of the pairing that has not finished yet, or null.</summary>
    private string? OperationInProgressLocked(Guid pairingId, DateTimeOffset now) =>
        _tasks.FirstOrDefault(t => t.TargetPairingId == pairingId && !TaskClock.Compute(t, now).IsFinal)?.Id;

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
            return _pairings.Select(WithRepairStateLocked).ToList();
        }
    }

    public PairingRecord? GetPairing(Guid pairingId)
    {
        lock (_lock)
        {
            AdvanceLocked(Now);
            var pairing = _pairings.FirstOrDefault(p => p.PairingId == pairingId);
            return pairing is null ? null : WithRepairStateLocked(pairing);
        }
    }

    /// <summary>The pairing with <see cref="PairingRecord.NeedsRepair"/> set when its remote site's certificates changed since it was made or reconnected.</summary>
    private PairingRecord WithRepairStateLocked(PairingRecord pairing)
    {
        var current = _sites.FindRemote(pairing.Remote.VcGuid);
        var changed = current is not null
            && (current.PscThumbprint != pairing.Remote.PscThumbprint
                || current.PscThumbprintSha256 != pairing.Remote.PscThumbprintSha256
                || current.SrmThumbprint != pairing.Remote.SrmThumbprint
                || current.SrmThumbprintSha256 != pairing.Remote.SrmThumbprintSha256);
        return pairing with { NeedsRepair = changed };
    }

    // ---- remote sessions ----

    /// <summary>
    /// POST /pairings/{id}/remote-session: logs the local session in to the pairing's remote site when
    /// <paramref name="user"/> and <paramref name="password"/> are that site's SSO credentials (user name in any case).
    /// The login belongs to this local session only and ends with it.
    /// </summary>
    public RemoteLoginResult LoginRemote(string sessionId, Guid pairingId, string user, string password)
    {
        lock (_lock)
        {
            AdvanceLocked(Now);
            if (pairingId == SelfPairingId)
                return RemoteLoginResult.SelfEntry;
            var pairing = _pairings.FirstOrDefault(p => p.PairingId == pairingId);
            if (pairing is null)
                return RemoteLoginResult.UnknownPairing;
            if (LiveSessionLocked(sessionId, Now) is not { } session)
                return RemoteLoginResult.NoSession;
            var remote = _sites.FindRemote(pairing.Remote.VcGuid) ?? pairing.Remote;
            if (!string.Equals(user.Trim(), remote.PscUsername, StringComparison.OrdinalIgnoreCase) || password != remote.PscPassword)
                return RemoteLoginResult.WrongCredentials;
            session.RemoteLogins[pairingId] = user.Trim();
            return RemoteLoginResult.Done;
        }
    }

    /// <summary>The remote user this local session is logged in to the pairing's remote site as, or null.</summary>
    public string? GetRemoteLogin(string sessionId, Guid pairingId)
    {
        lock (_lock)
        {
            AdvanceLocked(Now);
            if (!_pairings.Any(p => p.PairingId == pairingId))
                return null;
            return LiveSessionLocked(sessionId, Now) is { } session && session.RemoteLogins.TryGetValue(pairingId, out var user) ? user : null;
        }
    }

    // ---- remote site certificates ----

    /// <summary>
    /// Gives the remote site new random PSC and SRM certificate thumbprints (SHA-1 and SHA-256). Pairings with it then
    /// need a reconnect with the new thumbprints. Null when no remote site has that vCenter GUID.
    /// </summary>
    public RemoteSiteDefinition? RotateCertificates(Guid vcGuid)
    {
        lock (_lock)
        {
            AdvanceLocked(Now);
            var remote = _sites.FindRemote(vcGuid);
            if (remote is null)
                return null;
            var rotated = CertificateIssuer is { } issue ? issue(remote) : remote with
            {
                PscThumbprint = SimulatorThumbprint.Random(20),
                PscThumbprintSha256 = SimulatorThumbprint.Random(32),
                SrmThumbprint = SimulatorThumbprint.Random(20),
                SrmThumbprintSha256 = SimulatorThumbprint.Random(32),
            };
            _sites = new SiteCatalog(_sites.Local, _sites.RemoteSites.Select(r => r.VcGuid == vcGuid ? rotated : r).ToList());
            return rotated;
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
    /// Forgets all sessions (with their remote logins), tasks, pairings and counters, and gives rotated remote sites
    /// their start-up certificates back. Task ids keep counting up, so old ids never come back. The behaviour
    /// switches (session lifetime, stalled new tasks, task result mode) are kept.
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
            _sites = _initialSites;
            _requestsByEndpoint.Clear();
            _requests = 0;
            _rateLimited = 0;
            _faultsInjected = 0;
        }
    }

    /// <summary>A local session and its logins to remote sites, by pairing id (they end with the session).</summary>
    private sealed record SessionRecord(string User, DateTimeOffset CreatedAt)
    {
        public Dictionary<Guid, string> RemoteLogins { get; } = new();
    }

    /// <summary>Applies every pairing task that has succeeded by <paramref name="now"/>: creates, removes or reconnects the pairing.</summary>
    private void AdvanceLocked(DateTimeOffset now)
    {
        for (var i = 0; i < _pendingPairingTasks.Count; i++)
        {
            var task = _pendingPairingTasks[i];
            var snapshot = TaskClock.Compute(task, now);
            if (!snapshot.IsFinal)
                continue;
            if (snapshot.State == TaskState.Success)
                ApplyLocked(task, snapshot.CompleteTime ?? now);
            _pendingPairingTasks.RemoveAt(i--);
        }
    }

    private void ApplyLocked(SimulatedTask task, DateTimeOffset at)
    {
        switch (task.Operation)
        {
            case PairingOperation.Create:
                var pairing = new PairingRecord(Guid.NewGuid(), task.PairingTarget!, task.Id, at);
                _pairings.Add(pairing);
                task.CreatedPairingId = pairing.PairingId;
                break;
            case PairingOperation.Delete:
                _pairings.RemoveAll(p => p.PairingId == task.TargetPairingId);
                foreach (var session in _sessions.Values)
                    session.RemoteLogins.Remove(task.TargetPairingId!.Value);
                break;
            case PairingOperation.Reconnect:
                var index = _pairings.FindIndex(p => p.PairingId == task.TargetPairingId);
                if (index >= 0)
                    _pairings[index] = _pairings[index] with { Remote = task.PairingTarget! };
                break;
        }
    }
}
