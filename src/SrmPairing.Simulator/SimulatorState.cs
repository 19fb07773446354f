namespace Srm.Simulator;

/// <summary>
/// Everything the simulator remembers, as stores with one owner each, and the operations that span them.
/// <list type="bullet">
/// <item><see cref="Sessions"/> (<see cref="SessionStore"/>): local sessions and their remote logins.</item>
/// <item><see cref="Certificates"/> (<see cref="CertificateStore"/>): the sites with their current certificates.</item>
/// <item><see cref="Behaviour"/> (<see cref="BehaviourSwitches"/>): the misbehaviour and spec-alternative switches.</item>
/// <item><see cref="Counters"/> (<see cref="RequestCounters"/>): request, 429 and fault counters.</item>
/// <item>The task log (<see cref="TaskStore"/>) and the pairings (<see cref="PairingStore"/>), private to this class.</item>
/// </list>
/// <para>
/// Concurrency. The four public stores are thread-safe on their own, each with its own lock, and serve the calls
/// that need only them (the session check and the counting on every request, the switches, the sites) without
/// waiting for anything else. Tasks and pairings are one ledger: a task's success creates, removes or reconnects a
/// pairing, and a new task is decided on the pairings and on the tasks still running. So their stores have no lock;
/// every operation here that reads or changes them holds <c>_ledger</c> from its first check to its last change,
/// which makes it atomic across stores. For example, POST /pairings brings the tasks up to date, looks for a
/// pairing or a pending create with that vCenter, numbers the new task, adds it and notes the pairing it will
/// make, all under the one lock: two concurrent requests to pair with one vCenter cannot both be accepted to
/// succeed, and every task gets its own id. Lock order: <c>_ledger</c> first, then at most one store lock at a time;
/// no store calls another store or this class while it holds its own lock, so the locks cannot deadlock.
/// </para>
/// <para>
/// Before any read of tasks or pairings, tasks are brought up to date, so a pairing exists as soon as its task
/// succeeded, whether or not anyone polled the task.
/// </para>
/// </summary>
public sealed class SimulatorState
{
    /// <summary>The pairing_id of the local site's own entry in GET /pairings.</summary>
    public static readonly Guid SelfPairingId = Guid.Parse("0e5d4c3b-2a19-4f08-b7e6-d5c4b3a29101");

    public const string PairingDescriptionId = "com.vmware.srm.pairing.create";
    public const string DeleteDescriptionId = "com.vmware.srm.pairing.delete";
    public const string ReconnectDescriptionId = "com.vmware.srm.pairing.reconnect";

    /// <summary>Guards <see cref="_tasks"/> and <see cref="_pairings"/>, and makes the operations on both atomic.</summary>
    private readonly object _ledger = new();
    private readonly TaskStore _tasks = new();
    private readonly PairingStore _pairings = new();

    public SimulatorState(SiteCatalog sites, TimeSpan taskDuration, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(sites);
        ArgumentNullException.ThrowIfNull(timeProvider);
        if (taskDuration < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(taskDuration), "The task duration cannot be negative.");
        TaskDuration = taskDuration;
        TimeProvider = timeProvider;
        Behaviour = new BehaviourSwitches();
        Sessions = new SessionStore(Behaviour, timeProvider);
        Certificates = new CertificateStore(sites);
        Counters = new RequestCounters();
    }

    public SessionStore Sessions { get; }

    public CertificateStore Certificates { get; }

    public BehaviourSwitches Behaviour { get; }

    public RequestCounters Counters { get; }

    public TimeSpan TaskDuration { get; }

    public TimeProvider TimeProvider { get; }

    /// <summary>The local site and the remote sites as they are now (<see cref="CertificateStore.Sites"/>).</summary>
    public SiteCatalog Sites => Certificates.Sites;

    /// <summary>Shortcut to <see cref="BehaviourSwitches.SessionLifetime"/>.</summary>
    public TimeSpan? SessionLifetime
    {
        get => Behaviour.SessionLifetime;
        set => Behaviour.SessionLifetime = value;
    }

    /// <summary>Shortcut to <see cref="BehaviourSwitches.StallNewTasks"/>.</summary>
    public bool StallNewTasks
    {
        get => Behaviour.StallNewTasks;
        set => Behaviour.StallNewTasks = value;
    }

    private DateTimeOffset Now => TimeProvider.GetUtcNow();

    // ---- tasks ----

    /// <summary>Queues a pairing task for a well-formed request; how it ends is decided now by <see cref="PairingRules"/>.</summary>
    public TaskSnapshot CreatePairingTask(PairingRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        lock (_ledger)
        {
            var now = Now;
            AdvanceLocked(now);
            var decision = PairingRules.Decide(request, Sites, _pairings.PairingWith, _pairings.PendingCreateWith);

            var target = decision.Remote?.VcName ?? request.PairVcGuid.Trim();
            var task = NewTask(
                $"Pair with vCenter Server '{target}'", PairingDescriptionId, now, decision.Outcome, targetPairingId: null, Behaviour.TaskResultMode);
            var change = decision.Outcome.FinalState == TaskState.Success && decision.Remote is { } remote
                ? new PairingChange.Create(task.Id, remote)
                : null;
            return AddTaskLocked(task, change, now);
        }
    }

    /// <summary>
    /// DELETE /pairings/{id}: queues a task that removes the pairing when it succeeds. Refused (no task) for the self
    /// entry, an unknown pairing, when <paramref name="sessionId"/> has not logged in to the pairing's remote site,
    /// and while a delete or reconnect of the pairing is still running.
    /// </summary>
    public PairingOperationResult DeletePairing(string sessionId, Guid pairingId)
    {
        lock (_ledger)
        {
            var now = Now;
            AdvanceLocked(now);
            if (pairingId == SelfPairingId)
                return PairingOperationResult.Refused(PairingRefusal.SelfEntry);
            var pairing = _pairings.Find(pairingId);
            if (pairing is null)
                return PairingOperationResult.Refused(PairingRefusal.UnknownPairing);
            if (Sessions.GetRemoteLogin(sessionId, pairingId) is null)
                return PairingOperationResult.Refused(PairingRefusal.RemoteNotAuthenticated);
            if (_tasks.UnfinishedTaskOn(pairingId, now) is { } running)
                return PairingOperationResult.Refused(PairingRefusal.OperationInProgress, running);

            var task = NewTask(
                $"Break pairing with vCenter Server '{pairing.Remote.VcName}'", DeleteDescriptionId, now, TaskOutcome.Success, pairingId);
            return PairingOperationResult.Accepted(AddTaskLocked(task, new PairingChange.Delete(task.Id, pairingId), now));
        }
    }

    /// <summary>
    /// POST /pairings/{id}/actions/reconnect with a well-formed spec: queues a task whose end is decided now by
    /// <see cref="PairingRules.DecideReconnect"/>. Refused (no task) for the self entry and an unknown pairing.
    /// </summary>
    public PairingOperationResult ReconnectPairing(Guid pairingId, PairingRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        lock (_ledger)
        {
            var now = Now;
            AdvanceLocked(now);
            if (pairingId == SelfPairingId)
                return PairingOperationResult.Refused(PairingRefusal.SelfEntry);
            var pairing = _pairings.Find(pairingId);
            if (pairing is null)
                return PairingOperationResult.Refused(PairingRefusal.UnknownPairing);

            var current = Sites.FindRemote(pairing.Remote.VcGuid) ?? pairing.Remote;
            var decision = PairingRules.DecideReconnect(request, pairing, current, _tasks.UnfinishedTaskOn(pairingId, now));
            var task = NewTask(
                $"Reconnect pairing with vCenter Server '{current.VcName}'", ReconnectDescriptionId, now, decision.Outcome, pairingId);
            var change = decision.Outcome.FinalState == TaskState.Success ? new PairingChange.Reconnect(task.Id, pairingId, current) : null;
            return PairingOperationResult.Accepted(AddTaskLocked(task, change, now));
        }
    }

    private SimulatedTask NewTask(
        string description, string descriptionId, DateTimeOffset now, TaskOutcome outcome, Guid? targetPairingId, TaskResultMode resultMode = TaskResultMode.None) =>
        new(_tasks.NextId(), description, descriptionId, now, TaskDuration, outcome, targetPairingId, resultMode)
        {
            Stalled = Behaviour.StallNewTasks,
        };

    /// <summary>Adds the task and the pairing change it makes when it succeeds (null: none); returns the task as it is now.</summary>
    private TaskSnapshot AddTaskLocked(SimulatedTask task, PairingChange? change, DateTimeOffset now)
    {
        _tasks.Add(task);
        if (change is not null)
            _pairings.Expect(change);
        // A task of zero duration has already succeeded: its pairing exists before the 202 is sent.
        AdvanceLocked(now);
        return TaskClock.Compute(task, now);
    }

    public TaskSnapshot? GetTask(string taskId)
    {
        lock (_ledger)
        {
            var now = Now;
            AdvanceLocked(now);
            return _tasks.Snapshot(taskId, now);
        }
    }

    /// <summary>All tasks, oldest first.</summary>
    public IReadOnlyList<TaskSnapshot> GetTasks()
    {
        lock (_ledger)
        {
            var now = Now;
            AdvanceLocked(now);
            return _tasks.Snapshots(now);
        }
    }

    /// <summary>Ends a running or queued task now as CANCELLED.</summary>
    public TaskControlResult CancelTask(string taskId) => EndTask(taskId, TaskState.Cancelled, null, null);

    /// <summary>Ends a running or queued task now as ERROR with the given message.</summary>
    public TaskControlResult FailTask(string taskId, string message, string? details) => EndTask(taskId, TaskState.Error, message, details);

    /// <summary>Makes a queued or running task never finish on its own (it stays RUNNING); cancel and fail still end it.</summary>
    public TaskControlResult StallTask(string taskId)
    {
        lock (_ledger)
        {
            var now = Now;
            AdvanceLocked(now);
            return _tasks.Stall(taskId, now);
        }
    }

    private TaskControlResult EndTask(string taskId, TaskState state, string? message, string? details)
    {
        lock (_ledger)
        {
            var now = Now;
            AdvanceLocked(now);
            var result = _tasks.End(taskId, state, message, details, now);
            if (result == TaskControlResult.Done)
                _pairings.Forget(taskId);
            return result;
        }
    }

    // ---- pairings ----

    /// <summary>The pairings made by tasks that succeeded (not the local site's own entry), oldest first.</summary>
    public IReadOnlyList<PairingRecord> GetPairings()
    {
        lock (_ledger)
        {
            AdvanceLocked(Now);
            var sites = Sites;
            return _pairings.All().Select(p => WithRepairState(p, sites)).ToList();
        }
    }

    public PairingRecord? GetPairing(Guid pairingId)
    {
        lock (_ledger)
        {
            AdvanceLocked(Now);
            var pairing = _pairings.Find(pairingId);
            return pairing is null ? null : WithRepairState(pairing, Sites);
        }
    }

    /// <summary>The pairing with <see cref="PairingRecord.NeedsRepair"/> set when its remote site's certificates changed since it was made or reconnected.</summary>
    private static PairingRecord WithRepairState(PairingRecord pairing, SiteCatalog sites)
    {
        var current = sites.FindRemote(pairing.Remote.VcGuid);
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
    /// The login belongs to this local session only and ends with it. Under the ledger lock, so that a delete of the
    /// pairing cannot succeed between the check that the pairing exists and the login being recorded.
    /// </summary>
    public RemoteLoginResult LoginRemote(string sessionId, Guid pairingId, string user, string password)
    {
        lock (_ledger)
        {
            AdvanceLocked(Now);
            if (pairingId == SelfPairingId)
                return RemoteLoginResult.SelfEntry;
            var pairing = _pairings.Find(pairingId);
            if (pairing is null)
                return RemoteLoginResult.UnknownPairing;
            if (Sessions.GetUser(sessionId) is null)
                return RemoteLoginResult.NoSession;
            var remote = Sites.FindRemote(pairing.Remote.VcGuid) ?? pairing.Remote;
            if (!string.Equals(user.Trim(), remote.PscUsername, StringComparison.OrdinalIgnoreCase) || password != remote.PscPassword)
                return RemoteLoginResult.WrongCredentials;
            return Sessions.TryAddRemoteLogin(sessionId, pairingId, user.Trim()) ? RemoteLoginResult.Done : RemoteLoginResult.NoSession;
        }
    }

    /// <summary>The remote user this local session is logged in to the pairing's remote site as, or null.</summary>
    public string? GetRemoteLogin(string sessionId, Guid pairingId)
    {
        lock (_ledger)
        {
            AdvanceLocked(Now);
            return _pairings.Find(pairingId) is null ? null : Sessions.GetRemoteLogin(sessionId, pairingId);
        }
    }

    // ---- statistics and reset ----

    /// <summary>
    /// The counters of GET /simulator/stats. Each count is exact for its store; together they are not one atomic
    /// cut (a request counted at the same moment may or may not be in), which nothing relies on.
    /// </summary>
    public SimulatorStatistics GetStatistics()
    {
        int tasks, pairings;
        lock (_ledger)
        {
            AdvanceLocked(Now);
            tasks = _tasks.Count;
            pairings = _pairings.Count;
        }

        var counters = Counters.Read();
        return new SimulatorStatistics(
            counters.Requests,
            counters.RequestsByEndpoint,
            Sessions.CountLive(),
            tasks,
            pairings,
            counters.RateLimited,
            counters.FaultsInjected);
    }

    /// <summary>
    /// Forgets all sessions (with their remote logins), tasks, pairings and counters, and gives rotated remote sites
    /// their start-up certificates back. Task ids keep counting up, so old ids never come back. The behaviour
    /// switches (session lifetime, stalled new tasks, task result mode) are kept. Tasks and pairings are cleared
    /// together under the ledger lock; a request that only touches one other store (a login, a counted request) at
    /// the same moment lands before or after that store's clear.
    /// </summary>
    public void Reset()
    {
        lock (_ledger)
        {
            _tasks.Clear();
            _pairings.Clear();
            Sessions.Clear();
            Certificates.RestoreStartupSites();
            Counters.Clear();
        }
    }

    /// <summary>
    /// Applies every pending pairing change whose task has succeeded by <paramref name="now"/> (in the order the
    /// tasks were queued) and drops those whose task ended otherwise. Called under the ledger lock.
    /// </summary>
    private void AdvanceLocked(DateTimeOffset now)
    {
        foreach (var change in _pairings.Pending())
        {
            var task = _tasks.Snapshot(change.TaskId, now);
            if (task is { IsFinal: false })
                continue;
            if (task is not { State: TaskState.Success })
            {
                _pairings.Forget(change.TaskId);
                continue;
            }

            var created = _pairings.Apply(change, task.CompleteTime ?? now);
            if (created is not null)
                _tasks.RecordCreatedPairing(change.TaskId, created.PairingId);
            if (change is PairingChange.Delete delete)
                Sessions.ForgetRemoteLogins(delete.PairingId);
        }
    }
}
