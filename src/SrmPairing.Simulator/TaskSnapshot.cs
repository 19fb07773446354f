namespace Srm.Simulator;

/// <summary>What a task looks like at one moment: the values a client reads from GET /tasks/{taskId}.</summary>
public sealed record TaskSnapshot(
    string Id,
    string Description,
    string DescriptionId,
    TaskState State,
    int Progress,
    DateTimeOffset QueuedTime,
    DateTimeOffset? StartTime,
    DateTimeOffset? CompleteTime,
    string? ErrorMessage,
    string? ErrorDetails,
    Guid? ResultPairingId = null,
    TaskResultMode ResultMode = TaskResultMode.None)
{
    public bool IsFinal => State is TaskState.Success or TaskState.Error or TaskState.Cancelled;
}
