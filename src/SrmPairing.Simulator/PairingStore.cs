namespace Srm.Simulator;

/// <summary>
/// The pairings made by tasks that succeeded (not the local site's own entry), oldest first, and the changes that
/// queued tasks will make to them when they succeed. No lock of its own: its one owner, <see cref="SimulatorState"/>,
/// calls it only under its ledger lock, because pairings and tasks change together (see there).
/// </summary>
internal sealed class PairingStore
{
    private readonly List<PairingRecord> _pairings = [];
    private readonly List<PairingChange> _pending = [];

    public int Count => _pairings.Count;

    /// <summary>The pairings, oldest first (a copy).</summary>
    public IReadOnlyList<PairingRecord> All() => _pairings.ToList();

    public PairingRecord? Find(Guid pairingId) => _pairings.FirstOrDefault(p => p.PairingId == pairingId);

    /// <summary>The id of the pairing with the remote site of that vCenter GUID, or null.</summary>
    public Guid? PairingWith(Guid vcGuid) => _pairings.FirstOrDefault(p => p.Remote.VcGuid == vcGuid)?.PairingId;

    /// <summary>The id of a task that will create a pairing with that vCenter GUID and has not done so yet, or null.</summary>
    public string? PendingCreateWith(Guid vcGuid) =>
        _pending.OfType<PairingChange.Create>().FirstOrDefault(c => c.Remote.VcGuid == vcGuid)?.TaskId;

    /// <summary>The changes not applied yet, in the order their tasks were queued (a copy).</summary>
    public IReadOnlyList<PairingChange> Pending() => _pending.ToList();

    /// <summary>Notes a change a newly queued task will make when it succeeds.</summary>
    public void Expect(PairingChange change) => _pending.Add(change);

    /// <summary>Drops the pending change of a task that has ended (applied, or will never be).</summary>
    public void Forget(string taskId) => _pending.RemoveAll(c => c.TaskId == taskId);

    /// <summary>
    /// Applies the change of a task that succeeded at <paramref name="at"/> and drops it from the pending ones;
    /// returns the pairing it created, if it was a create.
    /// </summary>
    public PairingRecord? Apply(PairingChange change, DateTimeOffset at)
    {
        Forget(change.TaskId);
        switch (change)
        {
            case PairingChange.Create create:
                var pairing = new PairingRecord(Guid.NewGuid(), create.Remote, create.TaskId, at);
                _pairings.Add(pairing);
                return pairing;
            case PairingChange.Delete delete:
                _pairings.RemoveAll(p => p.PairingId == delete.PairingId);
                return null;
            case PairingChange.Reconnect reconnect:
                var index = _pairings.FindIndex(p => p.PairingId == reconnect.PairingId);
                if (index >= 0)
                    _pairings[index] = _pairings[index] with { Remote = reconnect.Remote };
                return null;
            default:
                throw new ArgumentOutOfRangeException(nameof(change), change, "Unknown pairing change.");
        }
    }

    /// <summary>Forgets every pairing and pending change.</summary>
    public void Clear()
    {
        _pairings.Clear();
        _pending.Clear();
    }
}

/// <summary>A change to the pairings that a queued task makes when it succeeds.</summary>
internal abstract record PairingChange(string TaskId)
{
    /// <summary>A pairing with <paramref name="Remote"/> (as it was when the request was checked) is made.</summary>
    public sealed record Create(string TaskId, RemoteSiteDefinition Remote) : PairingChange(TaskId);

    /// <summary>The pairing is removed, and every session's login to its remote site ends.</summary>
    public sealed record Delete(string TaskId, Guid PairingId) : PairingChange(TaskId);

    /// <summary>The pairing is reconnected with <paramref name="Remote"/> as it is now (new certificates included).</summary>
    public sealed record Reconnect(string TaskId, Guid PairingId, RemoteSiteDefinition Remote) : PairingChange(TaskId);
}
