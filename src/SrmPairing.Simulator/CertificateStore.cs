namespace Srm.Simulator;

/// <summary>
/// The local site and the remote sites with the certificates they have now: a rotation gives a remote site new
/// certificates, a reset brings back the ones it started with. Pairings compare their remote site against
/// <see cref="Sites"/> to tell whether they need a reconnect.
/// Thread-safe with a lock of its own. It is held over a rotation, including the call to
/// <see cref="CertificateIssuer"/>, so that two rotations of a site cannot lose one another; an issuer must therefore
/// not call back into the simulator's state.
/// </summary>
public sealed class CertificateStore
{
    private readonly object _lock = new();
    private SiteCatalog _startupSites;
    private SiteCatalog _sites;
    private Func<RemoteSiteDefinition, RemoteSiteDefinition>? _certificateIssuer;

    public CertificateStore(SiteCatalog sites)
    {
        ArgumentNullException.ThrowIfNull(sites);
        _startupSites = sites;
        _sites = sites;
    }

    /// <summary>The local site and the remote sites as they are now (a certificate rotation replaces a remote site).</summary>
    public SiteCatalog Sites
    {
        get { lock (_lock) return _sites; }
    }

    /// <summary>
    /// Makes a remote site's new certificates for a rotation (the remote site endpoints serve them from then on);
    /// null gives random thumbprints, for sites that no endpoint serves.
    /// </summary>
    internal Func<RemoteSiteDefinition, RemoteSiteDefinition>? CertificateIssuer
    {
        get { lock (_lock) return _certificateIssuer; }
        set { lock (_lock) _certificateIssuer = value; }
    }

    /// <summary>
    /// Replaces the start-up sites (and the current ones) before any request: the host does so once the remote site
    /// endpoints listen and their ports are known.
    /// </summary>
    internal void UseStartupSites(SiteCatalog sites)
    {
        ArgumentNullException.ThrowIfNull(sites);
        lock (_lock)
        {
            _startupSites = sites;
            _sites = sites;
        }
    }

    /// <summary>
    /// Gives the remote site new PSC and SRM certificates (from <see cref="CertificateIssuer"/>, or random SHA-1 and
    /// SHA-256 thumbprints). Pairings with it then need a reconnect with the new thumbprints. Null when no remote
    /// site has that vCenter GUID.
    /// </summary>
    public RemoteSiteDefinition? Rotate(Guid vcGuid)
    {
        lock (_lock)
        {
            var remote = _sites.FindRemote(vcGuid);
            if (remote is null)
                return null;
            var rotated = _certificateIssuer is { } issue ? issue(remote) : remote with
            {
                PscThumbprint = SimulatorThumbprint.Random(20),
                PscThumbprintSha256 = SimulatorThumbprint.Random(32),
                SrmThumbprint = SimulatorThumbprint.Random(20),
                SrmThumbprintSha256 = SimulatorThumbprint.Random(32),
            };
            _sites = new SiteCatalog(_sites.Local, _sites.RemoteSites.Select(r => r.VcGuid == vcGuid ? rotated : r).ToList());
            return rotated;
        }
    }

    /// <summary>Gives every rotated remote site its start-up certificates back.</summary>
    public void RestoreStartupSites()
    {
        lock (_lock)
            _sites = _startupSites;
    }
}
