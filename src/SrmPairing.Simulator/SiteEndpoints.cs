using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Srm.Simulator;

/// <summary>
/// A TLS endpoint on 127.0.0.1 for the PSC and for the SRM server of each remote site, each serving its own
/// self-signed certificate, so that what a client checks before pairing (the name resolves, TLS answers, the
/// thumbprint matches) can be checked against the simulator. The remote sites then point at these endpoints:
/// psc_url 127.0.0.1 with psc_port the PSC endpoint's port, srm_url 127.0.0.1:PORT, and the thumbprints those of the
/// certificates served. An HTTP request on such an endpoint gets 404: only the TLS handshake matters.
/// </summary>
public sealed class SiteEndpoints : IDisposable
{
    public const string Host = "127.0.0.1";

    /// <summary>The certificates that may be served (the start-up ones and each site's latest rotation), by normalised SHA-1 thumbprint.</summary>
    private readonly ConcurrentDictionary<string, X509Certificate2> _certificates = new(StringComparer.Ordinal);

    /// <summary>The keys of each site's latest rotated certificates: a new rotation replaces them, so rotating again and again keeps two per site.</summary>
    private readonly ConcurrentDictionary<Guid, string[]> _rotated = new();
    private readonly List<SiteEndpoint> _endpoints = [];
    private volatile HashSet<int> _ports = [];

    private SiteEndpoints()
    {
    }

    /// <summary>The endpoints, two per remote site (PSC first, then SRM), in the order of the sites.</summary>
    public IReadOnlyList<SiteEndpoint> Endpoints => _endpoints;

    /// <summary>
    /// Makes the certificates of every remote site and adds its two listeners to Kestrel: on free ports when
    /// <paramref name="mainPort"/> is 0, else on mainPort+1, +2 (first site's PSC, SRM), +3, +4 (second site's), ...
    /// </summary>
    /// <param name="currentSites">The sites as they are now: a certificate rotation changes which certificate is served.</param>
    public static SiteEndpoints Listen(KestrelServerOptions kestrel, SiteCatalog sites, int mainPort, Func<SiteCatalog> currentSites)
    {
        var endpoints = new SiteEndpoints();
        var offset = 1;
        foreach (var remote in sites.RemoteSites)
        {
            foreach (var role in new[] { SiteEndpointRole.Psc, SiteEndpointRole.Srm })
            {
                var port = mainPort == 0 ? 0 : mainPort + offset++;
                if (port > 65535)
                    throw new SimulatorOptionsException($"Option --port {mainPort} leaves no room for the remote sites' endpoints (ports {mainPort + 1} to {mainPort + 2 * sites.RemoteSites.Count}); give a lower port or 0.");
                var certificate = endpoints.Add(SelfSignedCertificate.CreateForSite(role == SiteEndpointRole.Psc ? remote.VcName : remote.SrmName));
                var endpoint = new SiteEndpoint(remote.VcGuid, role, certificate);
                endpoints._endpoints.Add(endpoint);
                var vcGuid = remote.VcGuid;
                kestrel.Listen(IPAddress.Loopback, port, listen =>
                {
                    endpoint.ListenOptions = listen;
                    listen.UseHttps(new HttpsConnectionAdapterOptions
                    {
                        ServerCertificateSelector = (_, _) => endpoints.Served(currentSites().FindRemote(vcGuid), role) ?? certificate,
                    });
                });
            }
        }
        return endpoints;
    }

    /// <summary>True when a connection reached one of these endpoints (not the API).</summary>
    public bool IsEndpointPort(int localPort) => _ports.Contains(localPort);

    /// <summary>
    /// After Kestrel has started: the sites pointed at the endpoints (their ports are known now) and carrying the
    /// thumbprints of the certificates served.
    /// </summary>
    public SiteCatalog PointSitesAtEndpoints(SiteCatalog sites)
    {
        foreach (var endpoint in _endpoints)
            endpoint.Port = endpoint.ListenOptions?.IPEndPoint?.Port ?? throw new InvalidOperationException("A remote site endpoint did not start.");
        _ports = [.. _endpoints.Select(e => e.Port)];

        var remotes = sites.RemoteSites.Select(remote =>
        {
            var psc = _endpoints.Single(e => e.VcGuid == remote.VcGuid && e.Role == SiteEndpointRole.Psc);
            var srm = _endpoints.Single(e => e.VcGuid == remote.VcGuid && e.Role == SiteEndpointRole.Srm);
            return remote with
            {
                PscUrl = Host,
                PscPort = psc.Port,
                PscThumbprint = SelfSignedCertificate.Sha1Thumbprint(psc.Certificate),
                PscThumbprintSha256 = SelfSignedCertificate.Sha256Thumbprint(psc.Certificate),
                SrmUrl = $"{Host}:{srm.Port}",
                SrmThumbprint = SelfSignedCertificate.Sha1Thumbprint(srm.Certificate),
                SrmThumbprintSha256 = SelfSignedCertificate.Sha256Thumbprint(srm.Certificate),
            };
        }).ToList();
        return new SiteCatalog(sites.Local, remotes);
    }

    /// <summary>
    /// The remote site with new PSC and SRM certificates, which its endpoints serve from now on. The site's previous
    /// rotated certificates are forgotten (not disposed: a handshake may still be using them).
    /// </summary>
    public RemoteSiteDefinition Rotate(RemoteSiteDefinition remote)
    {
        var psc = Add(SelfSignedCertificate.CreateForSite(remote.VcName));
        var srm = Add(SelfSignedCertificate.CreateForSite(remote.SrmName));
        var keys = new[] { Key(psc), Key(srm) };
        if (_rotated.TryGetValue(remote.VcGuid, out var previous))
        {
            foreach (var key in previous)
                _certificates.TryRemove(key, out _);
        }
        _rotated[remote.VcGuid] = keys;
        return remote with
        {
            PscThumbprint = SelfSignedCertificate.Sha1Thumbprint(psc),
            PscThumbprintSha256 = SelfSignedCertificate.Sha256Thumbprint(psc),
            SrmThumbprint = SelfSignedCertificate.Sha1Thumbprint(srm),
            SrmThumbprintSha256 = SelfSignedCertificate.Sha256Thumbprint(srm),
        };
    }

    private X509Certificate2 Add(X509Certificate2 certificate)
    {
        _certificates[Key(certificate)] = certificate;
        return certificate;
    }

    private static string Key(X509Certificate2 certificate) => SimulatorThumbprint.Normalize(SelfSignedCertificate.Sha1Thumbprint(certificate));

    private X509Certificate2? Served(RemoteSiteDefinition? remote, SiteEndpointRole role)
    {
        if (remote is null)
            return null;
        var thumbprint = role == SiteEndpointRole.Psc ? remote.PscThumbprint : remote.SrmThumbprint;
        return _certificates.GetValueOrDefault(SimulatorThumbprint.Normalize(thumbprint));
    }

    public void Dispose()
    {
        foreach (var certificate in _certificates.Values)
            certificate.Dispose();
        _certificates.Clear();
    }
}

/// <summary>Which server of a remote site an endpoint stands for.</summary>
public enum SiteEndpointRole
{
    Psc,
    Srm,
}

/// <summary>One remote site endpoint: the site, its role, the certificate it was started with and its port.</summary>
public sealed class SiteEndpoint(Guid vcGuid, SiteEndpointRole role, X509Certificate2 certificate)
{
    public Guid VcGuid { get; } = vcGuid;

    public SiteEndpointRole Role { get; } = role;

    public X509Certificate2 Certificate { get; } = certificate;

    /// <summary>The TCP port on 127.0.0.1, known once the host has started.</summary>
    public int Port { get; internal set; }

    internal ListenOptions? ListenOptions { get; set; }
}
