namespace Srm.Simulator;

/// <summary>What a control action on a task did.</summary>
public enum TaskControlResult
{
    Done = 1,
    NotFound,
    AlreadyFinished,
}
