namespace Srm.Simulator;

/// <summary>The task statuses of the SRM API (Task.status). On the wire they are upper case: QUEUED, RUNNING, ...</summary>
public enum TaskState
{
    Queued = 1,
    Running,
    Success,
    Error,
    Cancelled,
}
