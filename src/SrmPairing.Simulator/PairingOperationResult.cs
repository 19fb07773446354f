namespace Srm.Simulator;

/// <summary>Why a delete or reconnect request was refused before any task was made.</summary>
public enum PairingRefusal
{
    None,
    UnknownPairing,
    SelfEntry,
    RemoteNotAuthenticated,
    OperationInProgress,
}

/// <summary>The task a delete or reconnect request queued, or why it was refused (and, for OperationInProgress, the running task).</summary>
public sealed record PairingOperationResult(TaskSnapshot? Task, PairingRefusal Refusal, string? RunningTaskId = null)
{
    public static PairingOperationResult Accepted(TaskSnapshot task) => new(task, PairingRefusal.None);

    public static PairingOperationResult Refused(PairingRefusal refusal, string? runningTaskId = null) => new(null, refusal, runningTaskId);
}

/// <summary>How POST /pairings/{id}/remote-session ended.</summary>
public enum RemoteLoginResult
{
    Done,
    UnknownPairing,
    SelfEntry,
    WrongCredentials,
    NoSession,
}

/// <summary>What a successful create task reports as its result (--task-result, POST /simulator/task-result).</summary>
public enum TaskResultMode
{
    /// <summary>result is null.</summary>
    None,

    /// <summary>result is {"pairing_id": "..."}.</summary>
    PairingId,

    /// <summary>result is the new pairing's id as a bare JSON string, "...".</summary>
    PairingIdString,
}
