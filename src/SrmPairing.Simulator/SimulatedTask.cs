namespace Srm.Simulator;

/// <summary>
/// A task as the simulator stores it: when it was queued, how long it runs and how it will end. Its status at any
/// moment is computed by <see cref="TaskClock"/>. Once added, its mutable parts are changed only by <see cref="TaskStore"/>,
/// under the <see cref="SimulatorState"/> ledger lock. What it does to the pairings when it succeeds is a
/// <see cref="PairingChange"/> kept by <see cref="PairingStore"/>.
/// </summary>
public sealed class SimulatedTask
{
    public SimulatedTask(
        string id,
        string description,
        string descriptionId,
        DateTimeOffset queuedAt,
        TimeSpan duration,
        TaskOutcome plannedOutcome,
        Guid? targetPairingId = null,
        TaskResultMode resultMode = TaskResultMode.None)
    {
        Id = id;
        Description = description;
        DescriptionId = descriptionId;
        QueuedAt = queuedAt;
        Duration = duration;
        PlannedOutcome = plannedOutcome;
        TargetPairingId = targetPairingId;
        ResultMode = resultMode;
    }

    public string Id { get; }

    public string Description { get; }

    public string DescriptionId { get; }

    public DateTimeOffset QueuedAt { get; }

    public TimeSpan Duration { get; }

    /// <summary>How the task ends if nobody interferes: SUCCESS, or ERROR with a message.</summary>
    public TaskOutcome PlannedOutcome { get; }

    /// <summary>For a delete or reconnect task: the pairing it works on.</summary>
    public Guid? TargetPairingId { get; }

    /// <summary>
    /// For a create task: once it has succeeded, its result is null, {"pairing_id": "..."} (--task-result pairing-id)
    /// or the bare id string (--task-result pairing-id-string).
    /// </summary>
    public TaskResultMode ResultMode { get; }

    /// <summary>Set when a control endpoint ends the task early (CANCELLED or ERROR at a given moment).</summary>
    public TaskOverride? Override { get; set; }

    /// <summary>Set to make the task never finish on its own: it stays RUNNING where it would have ended.</summary>
    public bool Stalled { get; set; }

    /// <summary>The pairing this task created, once it has succeeded.</summary>
    public Guid? CreatedPairingId { get; set; }
}

/// <summary>The final state a task reaches: SUCCESS, or ERROR with message and details.</summary>
public sealed record TaskOutcome(TaskState FinalState, string? ErrorMessage = null, string? ErrorDetails = null)
{
    public static TaskOutcome Success { get; } = new(TaskState.Success);

    public static TaskOutcome Failure(string message, string? details) => new(TaskState.Error, message, details);
}

/// <summary>An early end forced through a control endpoint.</summary>
public sealed record TaskOverride(TaskState State, DateTimeOffset At, string? ErrorMessage, string? ErrorDetails);
