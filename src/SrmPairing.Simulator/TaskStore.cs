namespace Srm.Simulator;

/// <summary>
/// The task log: every task since start-up or the last reset, oldest first, and the sequence that numbers them.
/// Once a task is added, its mutable parts (stalled, ended early, the pairing a create made) are changed here only.
/// No lock of its own: its one owner, <see cref="SimulatorState"/>, calls it only under its ledger lock, because
/// tasks and pairings change together (see there).
/// </summary>
internal sealed class TaskStore
{
    private readonly List<SimulatedTask> _tasks = [];
    private readonly Dictionary<string, SimulatedTask> _tasksById = new(StringComparer.Ordinal);
    private long _sequence;

    public int Count => _tasks.Count;

    /// <summary>The id for the next task: "pairing-task-N", N counting up from 1 and never reused, not even after <see cref="Clear"/>.</summary>
    public string NextId() => $"pairing-task-{++_sequence}";

    /// <summary>Adds a new task (its id from <see cref="NextId"/>).</summary>
    public void Add(SimulatedTask task)
    {
        _tasks.Add(task);
        _tasksById[task.Id] = task;
    }

    /// <summary>The task as it is at <paramref name="now"/>, or null for an unknown id.</summary>
    public TaskSnapshot? Snapshot(string taskId, DateTimeOffset now) =>
        _tasksById.TryGetValue(taskId, out var task) ? TaskClock.Compute(task, now) : null;

    /// <summary>All tasks as they are at <paramref name="now"/>, oldest first.</summary>
    public IReadOnlyList<TaskSnapshot> Snapshots(DateTimeOffset now) => _tasks.Select(t => TaskClock.Compute(t, now)).ToList();

    /// <summary>The id of a delete or reconnect task of the pairing that has not finished by <paramref name="now"/>, or null.</summary>
    public string? UnfinishedTaskOn(Guid pairingId, DateTimeOffset now) =>
        _tasks.FirstOrDefault(t => t.TargetPairingId == pairingId && !TaskClock.Compute(t, now).IsFinal)?.Id;

    /// <summary>Makes a queued or running task never finish on its own (it stays RUNNING); cancel and fail still end it.</summary>
    public TaskControlResult Stall(string taskId, DateTimeOffset now)
    {
        if (!_tasksById.TryGetValue(taskId, out var task))
            return TaskControlResult.NotFound;
        if (TaskClock.Compute(task, now).IsFinal)
            return TaskControlResult.AlreadyFinished;
        task.Stalled = true;
        return TaskControlResult.Done;
    }

    /// <summary>Ends a queued or running task at <paramref name="now"/> in <paramref name="state"/> (CANCELLED or ERROR).</summary>
    public TaskControlResult End(string taskId, TaskState state, string? message, string? details, DateTimeOffset now)
    {
        if (!_tasksById.TryGetValue(taskId, out var task))
            return TaskControlResult.NotFound;
        if (TaskClock.Compute(task, now).IsFinal)
            return TaskControlResult.AlreadyFinished;
        task.Override = new TaskOverride(state, now, message, details);
        return TaskControlResult.Done;
    }

    /// <summary>Records the pairing a create task made, for its result.</summary>
    public void RecordCreatedPairing(string taskId, Guid pairingId)
    {
        if (_tasksById.TryGetValue(taskId, out var task))
            task.CreatedPairingId = pairingId;
    }

    /// <summary>Forgets every task; the sequence keeps counting, so old ids never come back.</summary>
    public void Clear()
    {
        _tasks.Clear();
        _tasksById.Clear();
    }
}

/// <summary>What a control action on a task did.</summary>
public enum TaskControlResult
{
    Done = 1,
    NotFound,
    AlreadyFinished,
}
