using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Newtonsoft.Json.Linq;

namespace Srm.Simulator.Tests;

/// <summary>
/// The remote site endpoints: each built-in remote site's PSC and SRM server is a TLS endpoint on 127.0.0.1 serving
/// its own certificate, and the sites point at them, so that a client's preflight (name, TLS, thumbprint) can pass.
/// </summary>
public sealed class SiteEndpointTests
{
    private static Task<TestSimulator> StartWithEndpointsAsync(Action<SimulatorOptions>? configure = null) =>
        TestSimulator.StartAsync(configure: o =>
        {
            o.SiteEndpoints = true;
            configure?.Invoke(o);
        });

    /// <summary>The certificate a TLS handshake with 127.0.0.1:<paramref name="port"/> presents.</summary>
    private static async Task<X509Certificate2> HandshakeAsync(int port)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        X509Certificate2? seen = null;
        await using var tls = new SslStream(tcp.GetStream(), false);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            {
                seen = certificate is null ? null : new X509Certificate2(certificate);
                return true;
            },
        }, timeout.Token);
        return seen ?? throw new InvalidOperationException("No certificate was presented.");
    }

    private static string Sha1(X509Certificate2 c) => SimulatorThumbprint.Format(c.GetCertHash(HashAlgorithmName.SHA1));

    private static string Sha256(X509Certificate2 c) => SimulatorThumbprint.Format(c.GetCertHash(HashAlgorithmName.SHA256));

    [Fact]
    public async Task Each_remote_site_points_at_its_own_PSC_and_SRM_endpoint_which_serve_the_certificates_of_its_thumbprints()
    {
        await using var sim = await StartWithEndpointsAsync();
        var remotes = sim.State.Sites.RemoteSites;
        Assert.Equal(2, remotes.Count);
        Assert.NotNull(sim.Host.SiteEndpoints);
        Assert.Equal(4, sim.Host.SiteEndpoints!.Endpoints.Count);

        var ports = new HashSet<int> { sim.Host.Port };
        foreach (var remote in remotes)
        {
            Assert.Equal("127.0.0.1", remote.PscUrl);
            Assert.True(ports.Add(remote.PscPort), $"PSC port {remote.PscPort} of {remote.VcName} is used twice");
            Assert.True(PairingRules.TryParseHostAndPort(remote.SrmUrl, out var srmHost, out var srmPort));
            Assert.Equal("127.0.0.1", srmHost);
            Assert.True(ports.Add(srmPort), $"SRM port {srmPort} of {remote.VcName} is used twice");

            using var psc = await HandshakeAsync(remote.PscPort);
            Assert.Equal(remote.PscThumbprint, Sha1(psc));
            Assert.Equal(remote.PscThumbprintSha256, Sha256(psc));
            Assert.Equal($"CN={remote.VcName}", psc.Subject);

            using var srm = await HandshakeAsync(srmPort);
            Assert.Equal(remote.SrmThumbprint, Sha1(srm));
            Assert.Equal(remote.SrmThumbprintSha256, Sha256(srm));
            Assert.Equal($"CN={remote.SrmName}", srm.Subject);
        }

        // The sites keep their names and ids; only where they are and their certificates change.
        Assert.Equal(SiteCatalog.DefaultRemoteSites.Select(s => (s.VcGuid, s.VcName, s.SrmName, s.SrmId)),
            remotes.Select(s => (s.VcGuid, s.VcName, s.SrmName, s.SrmId)));
        Assert.DoesNotContain(remotes, r => r.PscThumbprint == SiteCatalog.DefaultRemoteSites[0].PscThumbprint);
    }

    [Fact]
    public async Task Without_the_option_an_in_process_host_keeps_the_built_in_sites_and_serves_no_endpoint()
    {
        await using var sim = await TestSimulator.StartAsync();
        Assert.Null(sim.Host.SiteEndpoints);
        Assert.Same(SiteCatalog.Default, sim.State.Sites);
    }

    [Fact]
    public async Task A_sites_file_is_used_as_written_even_with_the_option()
    {
        var sites = SiteCatalog.Parse("""{ "remote_sites": [ { "vc_guid": "11111111-2222-4333-8444-555555555555", "vc_name": "vc-x.example.com" } ] }""", "test");
        await using var sim = await StartWithEndpointsAsync(o => o.Sites = sites);
        Assert.Null(sim.Host.SiteEndpoints);
        Assert.Equal("vc-x.example.com", Assert.Single(sim.State.Sites.RemoteSites).PscUrl);
    }

    [Fact]
    public async Task The_endpoints_stop_with_the_host()
    {
        var sim = await StartWithEndpointsAsync();
        var ports = sim.Host.SiteEndpoints!.Endpoints.Select(e => e.Port).ToList();
        (await HandshakeAsync(ports[0])).Dispose();
        await sim.DisposeAsync();

        foreach (var port in ports)
        {
            using var tcp = new TcpClient();
            await Assert.ThrowsAsync<SocketException>(() => tcp.ConnectAsync(IPAddress.Loopback, port));
        }
    }

    [Fact]
    public async Task An_HTTP_request_to_an_endpoint_gets_404_and_never_reaches_the_API()
    {
        await using var sim = await StartWithEndpointsAsync();
        var remote = sim.State.Sites.RemoteSites[0];
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(20) };

        using var response = await client.PostAsync($"https://127.0.0.1:{remote.PscPort}/api/rest/srm/v2/session", null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(0L, sim.State.GetStatistics().Requests);
    }

    [Fact]
    public async Task A_pairing_naming_the_endpoints_and_their_thumbprints_succeeds()
    {
        await using var sim = await StartWithEndpointsAsync();
        var session = await sim.LoginAsync();
        var site = sim.State.Sites.RemoteSites[0];

        var task = await sim.CreatePairingAsync(session, PairingSpecs.ValidWithThumbprints(site));
        var done = await sim.WaitForTaskAsync(session, (string)task["id"]!);

        Assert.Equal("SUCCESS", (string)done["status"]!);
    }

    [Theory]
    [InlineData("psc-thumbprint", "the certificate thumbprint of the Platform Services Controller does not match")]
    [InlineData("built-in-psc-thumbprint", "the certificate thumbprint of the Platform Services Controller does not match")]
    [InlineData("other-site-psc-port", "is not the one of that vCenter Server")]
    [InlineData("srm-thumbprint", "the certificate thumbprint of the remote Site Recovery Manager server does not match")]
    public async Task A_pairing_with_a_wrong_endpoint_value_fails(string wrong, string message)
    {
        await using var sim = await StartWithEndpointsAsync();
        var session = await sim.LoginAsync();
        var site = sim.State.Sites.RemoteSites[0];
        var other = sim.State.Sites.RemoteSites[1];
        var spec = PairingSpecs.ValidWithThumbprints(site).With(s =>
        {
            switch (wrong)
            {
                case "psc-thumbprint": s["pair_psc_info"]!["thumbprint"] = other.PscThumbprint; break;
                case "built-in-psc-thumbprint": s["pair_psc_info"]!["thumbprint"] = SiteCatalog.DefaultRemoteSites[0].PscThumbprint; break;
                case "other-site-psc-port": s["pair_psc_info"]!["port"] = other.PscPort; break;
                case "srm-thumbprint": s["pair_srm_thumbprint"] = other.SrmThumbprintSha256; break;
            }
        });

        var task = await sim.CreatePairingAsync(session, spec);
        var done = await sim.WaitForTaskAsync(session, (string)task["id"]!);

        Assert.Equal("ERROR", (string)done["status"]!);
        Assert.Contains(message, (string)done["error"]!["message"]!);
    }

    [Fact]
    public async Task A_certificate_rotation_changes_the_certificate_served_and_a_reset_gives_the_first_one_back()
    {
        await using var sim = await StartWithEndpointsAsync();
        var before = sim.State.Sites.RemoteSites[0];

        var (status, body) = await sim.PostControlAsync($"/sites/{before.VcGuid}/rotate-certificates");
        Assert.Equal(HttpStatusCode.OK, status);
        var rotated = JObject.Parse(body);
        Assert.NotEqual(before.PscThumbprint, (string)rotated["psc_thumbprint"]!);
        using (var psc = await HandshakeAsync(before.PscPort))
        {
            Assert.Equal((string)rotated["psc_thumbprint"]!, Sha1(psc));
            Assert.Equal((string)rotated["psc_thumbprint_sha256"]!, Sha256(psc));
        }
        PairingRules.TryParseHostAndPort(before.SrmUrl, out _, out var srmPort);
        using (var srm = await HandshakeAsync(srmPort))
            Assert.Equal((string)rotated["srm_thumbprint"]!, Sha1(srm));

        // Again: the newest certificate is served.
        var (_, secondBody) = await sim.PostControlAsync($"/sites/{before.VcGuid}/rotate-certificates");
        var second = JObject.Parse(secondBody);
        Assert.NotEqual((string)rotated["psc_thumbprint"]!, (string)second["psc_thumbprint"]!);
        using (var psc = await HandshakeAsync(before.PscPort))
            Assert.Equal((string)second["psc_thumbprint"]!, Sha1(psc));

        Assert.Equal(HttpStatusCode.NoContent, (await sim.PostControlAsync("/reset")).Status);
        using var again = await HandshakeAsync(before.PscPort);
        Assert.Equal(before.PscThumbprint, Sha1(again));
    }

    [Fact]
    public async Task GET_simulator_sites_lists_the_sites_as_they_are_now_without_the_password()
    {
        await using var sim = await StartWithEndpointsAsync();
        var json = await sim.GetControlJsonAsync("/sites");
        var sites = (JArray)json["remote_sites"]!;
        Assert.Equal(2, sites.Count);
        var b = sim.State.Sites.RemoteSites[0];
        Assert.Equal(b.VcGuid.ToString(), (string)sites[0]["vc_guid"]!);
        Assert.Equal("127.0.0.1", (string)sites[0]["psc_url"]!);
        Assert.Equal(b.PscPort, (int)sites[0]["psc_port"]!);
        Assert.Equal(b.PscThumbprintSha256, (string)sites[0]["psc_thumbprint_sha256"]!);
        Assert.Equal(b.SrmUrl, (string)sites[0]["srm_url"]!);
        Assert.DoesNotContain(SiteCatalog.DefaultPscPassword, json.ToString());
    }

    [Fact]
    public async Task With_a_fixed_port_the_endpoints_listen_on_the_next_ports()
    {
        var port = FreeRun(5);
        await using var sim = await StartWithEndpointsAsync(o => o.Port = port);
        Assert.Equal(port, sim.Host.Port);
        Assert.Equal(new[] { port + 1, port + 2, port + 3, port + 4 }, sim.Host.SiteEndpoints!.Endpoints.Select(e => e.Port));
        var b = sim.State.Sites.RemoteSites[0];
        Assert.Equal(port + 1, b.PscPort);
        Assert.Equal($"127.0.0.1:{port + 2}", b.SrmUrl);
    }

    [Fact]
    public async Task A_fixed_port_too_high_for_the_endpoints_is_refused_with_a_clear_message()
    {
        var ex = await Assert.ThrowsAsync<SimulatorOptionsException>(() => SimulatorHost.StartAsync(new SimulatorOptions { Port = 65533, SiteEndpoints = true }));
        Assert.Contains("leaves no room for the remote sites' endpoints", ex.Message);
    }

    [Fact]
    public async Task The_banner_names_the_endpoints()
    {
        await using var sim = await StartWithEndpointsAsync();
        using var writer = new StringWriter();
        Banner.Write(writer, sim.Host, new SimulatorOptions());
        var text = writer.ToString();
        Assert.Contains("each PSC and SRM is a TLS endpoint on 127.0.0.1", text);
        foreach (var remote in sim.State.Sites.RemoteSites)
        {
            Assert.Contains($"PSC 127.0.0.1:{remote.PscPort} user {remote.PscUsername} thumbprint {remote.PscThumbprint} (SHA-256 {remote.PscThumbprintSha256})", text);
            Assert.Contains($"SRM {remote.SrmUrl} thumbprint {remote.SrmThumbprint} (SHA-256 {remote.SrmThumbprintSha256})", text);
        }
    }

    [Fact]
    public void The_console_app_serves_the_endpoints_unless_told_not_to()
    {
        Assert.True(SimulatorOptions.Parse([]).SiteEndpoints);
        Assert.False(SimulatorOptions.Parse(["--no-site-endpoints"]).SiteEndpoints);
        Assert.Throws<SimulatorOptionsException>(() => SimulatorOptions.Parse(["--no-site-endpoints=1"]));
        Assert.Contains("--no-site-endpoints", SimulatorOptions.Usage);
        Assert.False(new SimulatorOptions().SiteEndpoints);
    }

    /// <summary>A port from which <paramref name="count"/> consecutive ports are free on 127.0.0.1 (as far as can be told now).</summary>
    private static int FreeRun(int count)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var start = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            if (start + count > 65535)
                continue;
            var listeners = new List<TcpListener>();
            try
            {
                for (var i = 0; i < count; i++)
                {
                    var l = new TcpListener(IPAddress.Loopback, start + i);
                    l.Start();
                    listeners.Add(l);
                }
                return start;
            }
            catch (SocketException)
            {
            }
            finally
            {
                foreach (var l in listeners)
                    l.Stop();
            }
        }
        throw new InvalidOperationException($"No {count} consecutive free ports found.");
    }
}
