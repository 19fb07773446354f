using System.Security.Cryptography;

namespace Srm.Simulator;

/// <summary>
/// The local sessions: their user, when they began, their logins to remote sites (by pairing id, ending with the
/// session), and every session id ever issued. A session ends at logout, reset, POST /simulator/sessions/expire or
/// when it outlives <see cref="BehaviourSwitches.SessionLifetime"/>.
/// Thread-safe with a lock of its own: every API request checks its session here, and that check never waits for a
/// task or pairing operation. The lock is held only over this store's own fields; the lifetime switch is read before
/// it is taken, so this store never holds two locks.
/// </summary>
public sealed class SessionStore
{
    private const int MaxIssuedSessionIds = 10_000;

    private readonly object _lock = new();
    private readonly Dictionary<string, Session> _sessions = new(StringComparer.Ordinal);
    private readonly List<string> _issuedSessionIds = [];
    private readonly BehaviourSwitches _switches;
    private readonly TimeProvider _time;

    public SessionStore(BehaviourSwitches switches, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(switches);
        ArgumentNullException.ThrowIfNull(time);
        _switches = switches;
        _time = time;
    }

    /// <summary>Creates a session for <paramref name="userName"/> and returns its id (32 random hex digits).</summary>
    public string Create(string userName)
    {
        var id = RandomNumberGenerator.GetHexString(32, lowercase: true);
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            _sessions[id] = new Session(userName, now);
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
    public string? GetUser(string? sessionId)
    {
        if (string.IsNullOrEmpty(sessionId))
            return null;
        var (now, lifetime) = Clock();
        lock (_lock)
            return LiveLocked(sessionId, now, lifetime)?.User;
    }

    /// <summary>Ends one session (logout); false when there was none with that id.</summary>
    public bool Remove(string sessionId)
    {
        lock (_lock)
            return _sessions.Remove(sessionId);
    }

    /// <summary>Ends every current session now; returns how many there were. Later logins work normally.</summary>
    public int ExpireAll()
    {
        lock (_lock)
        {
            var count = _sessions.Count;
            _sessions.Clear();
            return count;
        }
    }

    /// <summary>How many sessions are live (expired ones are removed first).</summary>
    public int CountLive()
    {
        var (now, lifetime) = Clock();
        lock (_lock)
        {
            if (lifetime is not null)
            {
                foreach (var id in _sessions.Where(s => IsExpired(s.Value, now, lifetime)).Select(s => s.Key).ToList())
                    _sessions.Remove(id);
            }
            return _sessions.Count;
        }
    }

    /// <summary>
    /// Records that the live session <paramref name="sessionId"/> is logged in to the remote site of
    /// <paramref name="pairingId"/> as <paramref name="user"/>; false (nothing recorded) when the session is not live.
    /// </summary>
    public bool TryAddRemoteLogin(string sessionId, Guid pairingId, string user)
    {
        var (now, lifetime) = Clock();
        lock (_lock)
        {
            if (LiveLocked(sessionId, now, lifetime) is not { } session)
                return false;
            session.RemoteLogins[pairingId] = user;
            return true;
        }
    }

    /// <summary>The remote user the live session is logged in to the pairing's remote site as, or null.</summary>
    public string? GetRemoteLogin(string sessionId, Guid pairingId)
    {
        var (now, lifetime) = Clock();
        lock (_lock)
            return LiveLocked(sessionId, now, lifetime) is { } session && session.RemoteLogins.TryGetValue(pairingId, out var user) ? user : null;
    }

    /// <summary>Ends every session's login to the remote site of a pairing that no longer exists.</summary>
    public void ForgetRemoteLogins(Guid pairingId)
    {
        lock (_lock)
        {
            foreach (var session in _sessions.Values)
                session.RemoteLogins.Remove(pairingId);
        }
    }

    /// <summary>Forgets every session and its remote logins; the issued ids are kept.</summary>
    public void Clear()
    {
        lock (_lock)
            _sessions.Clear();
    }

    private (DateTimeOffset Now, TimeSpan? Lifetime) Clock() => (_time.GetUtcNow(), _switches.SessionLifetime);

    /// <summary>The session if it exists and has not outlived its lifetime; an expired one is removed, with its remote logins.</summary>
    private Session? LiveLocked(string sessionId, DateTimeOffset now, TimeSpan? lifetime)
    {
        if (!_sessions.TryGetValue(sessionId, out var session))
            return null;
        if (!IsExpired(session, now, lifetime))
            return session;
        _sessions.Remove(sessionId);
        return null;
    }

    private static bool IsExpired(Session session, DateTimeOffset now, TimeSpan? lifetime) =>
        lifetime is { } limit && now - session.CreatedAt >= limit;

    /// <summary>A local session and its logins to remote sites, by pairing id (they end with the session).</summary>
    private sealed record Session(string User, DateTimeOffset CreatedAt)
    {
        public Dictionary<Guid, string> RemoteLogins { get; } = [];
    }
}
