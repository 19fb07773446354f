using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;

namespace Srm.Simulator.Tests;

/// <summary>
/// A second simulator standing in for the remote site (srm-b / vc-b), and a first one that knows it by its real
/// certificate thumbprint and "127.0.0.1:port" URL, as two-site tests elsewhere set them up from the banner.
/// </summary>
public sealed class TwoSiteTests
{
    private const string SiteBSites = """
        { "local": { "srm_name": "srm-b.example.com", "srm_id": "8e7d6c5b-4a39-4281-9f0e-1d2c3b4a5b02",
                     "vc_name": "vc-b.example.com", "vc_guid": "7d3c2b1a-0e9f-4a8b-8c7d-6e5f4a3b2c02" },
          "remote_sites": [ { "vc_guid": "2f9a5a4e-6c1b-4f4a-9d0e-5b8a3c1d7e01", "vc_name": "vc-a.example.com" } ] }
        """;

    [Fact]
    public async Task A_simulator_started_as_site_B_reports_that_identity_and_a_certificate_for_srm_b()
    {
        await using var b = await TestSimulator.StartAsync(taskDurationMs: 0, configure: o => o.Sites = SiteCatalog.Parse(SiteBSites, "b"));
        var session = await b.LoginAsync();
        var info = await b.GetJsonAsync("/server/info", session);
        Assert.Equal("srm-b.example.com", (string)info["name"]!);
        Assert.Equal("8e7d6c5b-4a39-4281-9f0e-1d2c3b4a5b02", (string)info["id"]!);
        Assert.Equal("vc-b.example.com", (string)info["vc_name"]!);
        Assert.Equal("7d3c2b1a-0e9f-4a8b-8c7d-6e5f4a3b2c02", (string)info["vc_guid"]!);
        Assert.Equal("https://srm-b.example.com:443", (string)info["url"]!);

        var self = (JArray)(await b.GetJsonAsync("/pairings", session))["list"]!;
        Assert.Equal("vc-b.example.com", (string)Assert.Single(self)["local_vc_server"]!["name"]!);

        var cert = b.Host.Certificate;
        Assert.Equal("CN=srm-b.example.com", cert.Subject);
        var san = cert.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Contains("srm-b.example.com", san.EnumerateDnsNames());
        Assert.Contains(IPAddress.Loopback, san.EnumerateIPAddresses());

        var writer = new StringWriter();
        Banner.Write(writer, b.Host, new SimulatorOptions());
        Assert.Contains("Local site: SRM srm-b.example.com", writer.ToString());
    }

    [Theory]
    [InlineData("sha256", "sha256", "127.0.0.1:{port}", "https://127.0.0.1:{port}/")]
    [InlineData("sha1", "sha1", "127.0.0.1:{port}", "127.0.0.1:{port}")]
    [InlineData("sha256", "sha1", "https://127.0.0.1:{port}", "127.0.0.1:{port}")]
    [InlineData("sha1", "sha256", "127.0.0.1:{port}", "127.0.0.1:{port}")]
    public async Task Site_A_pairs_with_site_B_named_by_either_thumbprint_of_its_real_certificate_and_port(string hash, string specHash, string siteUrl, string specUrl)
    {
        await using var b = await TestSimulator.StartAsync(taskDurationMs: 0, configure: o => o.Sites = SiteCatalog.Parse(SiteBSites, "b"));

        // As a harness would: read B's thumbprint from its banner and write A's sites file.
        var writer = new StringWriter();
        Banner.Write(writer, b.Host, new SimulatorOptions());
        var label = hash == "sha256" ? "SHA-256" : "SHA-1";
        var thumbprint = Regex.Match(writer.ToString(), $@"Certificate {label} thumbprint: ([0-9A-F:]+)").Groups[1].Value;
        Assert.NotEmpty(thumbprint);
        var specLabel = specHash == "sha256" ? "SHA-256" : "SHA-1";
        var specThumbprint = Regex.Match(writer.ToString(), $@"Certificate {specLabel} thumbprint: ([0-9A-F:]+)").Groups[1].Value;
        Assert.NotEmpty(specThumbprint);
        var port = b.Host.Port.ToString();
        var path = Path.Combine(Path.GetTempPath(), $"srm-sites-a-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, new JObject
        {
            ["remote_sites"] = new JArray(new JObject
            {
                ["vc_guid"] = "7d3c2b1a-0e9f-4a8b-8c7d-6e5f4a3b2c02",
                ["vc_name"] = "vc-b.example.com",
                ["srm_name"] = "srm-b.example.com",
                ["srm_url"] = siteUrl.Replace("{port}", port),
                ["srm_thumbprint"] = thumbprint,
                // The certificate itself: a client may name it by either hash.
                ["srm_certificate"] = Convert.ToBase64String(b.Host.Certificate.RawData),
            }),
        }.ToString());
        try
        {
            await using var a = await TestSimulator.StartAsync(taskDurationMs: 0, configure: o => o.SitesFile = path);
            var session = await a.LoginAsync();
            var spec = PairingSpecs.Valid().With(s =>
            {
                s["pair_srm_url"] = specUrl.Replace("{port}", port);
                s["pair_srm_thumbprint"] = specThumbprint.ToLowerInvariant();
            });

            // A thumbprint of another certificate, in the same hash, is refused.
            var wrong = await a.CreatePairingAsync(session, spec.With(s =>
                s["pair_srm_thumbprint"] = SimulatorThumbprint.Random(specHash == "sha256" ? 32 : 20)));
            var refused = await a.WaitForTaskAsync(session, (string)wrong["id"]!);
            Assert.Equal("ERROR", (string)refused["status"]!);
            Assert.Contains("thumbprint", (string)refused["error"]!["message"]!);

            var task = await a.CreatePairingAsync(session, spec);
            var done = await a.WaitForTaskAsync(session, (string)task["id"]!);
            Assert.True((string)done["status"]! == "SUCCESS", done.ToString());

            // Another port is another server.
            var other = (int.Parse(port) % 65535) + 1;
            var wrongPort = await a.CreatePairingAsync(session, PairingSpecs.Valid(PairingSpecs.SiteB).With(s =>
            {
                s["pair_vc_guid"] = "7d3c2b1a-0e9f-4a8b-8c7d-6e5f4a3b2c02";
                s["pair_srm_url"] = $"127.0.0.1:{other}";
                s["pair_srm_thumbprint"] = thumbprint;
            }));
            var failed = await a.WaitForTaskAsync(session, (string)wrongPort["id"]!);
            Assert.Equal("ERROR", (string)failed["status"]!);
        }
        finally
        {
            File.Delete(path);
        }
    }
}

/// <summary>PairingRules.SrmUrlMatches: host and port (default 443) must both match the site's srm_url.</summary>
public sealed class SrmUrlMatchTests
{
    private static RemoteSiteDefinition Site(string srmUrl) => PairingSpecs.SiteB with { SrmUrl = srmUrl };

    [Theory]
    [InlineData("srm-b.example.com", "srm-b.example.com", true)]
    [InlineData("srm-b.example.com", "SRM-B.example.com:443", true)]
    [InlineData("srm-b.example.com", "https://srm-b.example.com:443/", true)]
    [InlineData("srm-b.example.com", "srm-b.example.com:8443", false)]
    [InlineData("srm-b.example.com", "https://srm-b.example.com/path", false)]
    [InlineData("srm-b.example.com", "srm-c.example.com", false)]
    [InlineData("127.0.0.1:50123", "127.0.0.1:50123", true)]
    [InlineData("127.0.0.1:50123", "https://127.0.0.1:50123/", true)]
    [InlineData("127.0.0.1:50123", "127.0.0.1", false)]
    [InlineData("127.0.0.1:50123", "127.0.0.1:50124", false)]
    [InlineData("https://srm-b.example.com:8443", "srm-b.example.com:8443", true)]
    [InlineData("srm-b.example.com:443", "srm-b.example.com", true)]
    [InlineData("[::1]:9443", "https://[::1]:9443", true)]
    [InlineData("[::1]:9443", "[::1]", false)]
    [InlineData("srm-b.example.com", "srm-b.example.com:0", false)]
    [InlineData("srm-b.example.com", "srm-b.example.com:abc", false)]
    public void Host_and_port_are_compared(string siteUrl, string given, bool expected) =>
        Assert.Equal(expected, PairingRules.SrmUrlMatches(given, Site(siteUrl)));
}
