namespace Srm.Simulator;

/// <summary>
/// Task progression as a pure function of time. A task is QUEUED for the first tenth of its duration, then RUNNING
/// with progress rising linearly from 0 to 99, then SUCCESS (progress 100) at the full duration. A task planned to
/// fail stops halfway through with ERROR, keeping the progress it had reached. A stalled task runs the same way but,
/// instead of ending, stays RUNNING at the progress it had when it would have ended (99, or the failure point's).
/// No timers: state is computed on read.
/// </summary>
public static class TaskClock
{
    /// <summary>Share of the duration spent QUEUED.</summary>
    public const double QueuedFraction = 0.1;

    /// <summary>Share of the duration after which a task planned to fail ends in ERROR.</summary>
    public const double FailureFraction = 0.5;

    public static DateTimeOffset StartAt(SimulatedTask task) => task.QueuedAt + task.Duration * QueuedFraction;

    /// <summary>When the task reaches its planned final state if nobody interferes.</summary>
    public static DateTimeOffset PlannedEndAt(SimulatedTask task) =>
        task.PlannedOutcome.FinalState == TaskState.Success
            ? task.QueuedAt + task.Duration
            : task.QueuedAt + task.Duration * FailureFraction;

    public static TaskSnapshot Compute(SimulatedTask task, DateTimeOffset now)
    {
        var startAt = StartAt(task);

        if (task.Override is { } forced && now >= forced.At)
        {
            var started = forced.At >= startAt && forced.At > task.QueuedAt;
            return Snapshot(task, forced.State, started ? ProgressAt(task, forced.At) : 0,
                started ? startAt : null, forced.At, forced.ErrorMessage, forced.ErrorDetails);
        }

        var endAt = PlannedEndAt(task);
        if (now >= endAt && task.Stalled)
            return Snapshot(task, TaskState.Running, ProgressAt(task, endAt), startAt, null, null, null);

        if (now >= endAt)
        {
            var outcome = task.PlannedOutcome;
            var progress = outcome.FinalState == TaskState.Success ? 100 : ProgressAt(task, endAt);
            return Snapshot(task, outcome.FinalState, progress, startAt, endAt, outcome.ErrorMessage, outcome.ErrorDetails);
        }

        if (now >= startAt)
            return Snapshot(task, TaskState.Running, ProgressAt(task, now), startAt, null, null, null);

        return Snapshot(task, TaskState.Queued, 0, null, null, null, null);
    }

    /// <summary>0..99 while running: linear from the start of the run to the planned successful end.</summary>
    private static int ProgressAt(SimulatedTask task, DateTimeOffset at)
    {
        var startAt = StartAt(task);
        var runLength = (task.QueuedAt + task.Duration - startAt).TotalMilliseconds;
        if (runLength <= 0)
            return 0;
        var fraction = (at - startAt).TotalMilliseconds / runLength;
        return Math.Clamp((int)Math.Floor(fraction * 99), 0, 99);
    }

    private static TaskSnapshot Snapshot(
        SimulatedTask task, TaskState state, int progress, DateTimeOffset? start, DateTimeOffset? complete, string? message, string? details) =>
        new(task.Id, task.Description, task.DescriptionId, state, progress, task.QueuedAt, start, complete, message, details,
            state == TaskState.Success && task.ResultMode != TaskResultMode.None ? task.CreatedPairingId : null,
            task.ResultMode);
}
