using Newtonsoft.Json.Linq;

namespace Srm.Simulator.Tests;

public sealed class SiteCatalogTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("srm-sim-sites-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string json)
    {
        var path = Path.Combine(_dir, Guid.NewGuid() + ".json");
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public void The_defaults_are_the_documented_sites()
    {
        var sites = SiteCatalog.Default;
        Assert.Equal("srm-a.example.com", sites.Local.SrmName);
        Assert.Equal(Guid.Parse("2f9a5a4e-6c1b-4f4a-9d0e-5b8a3c1d7e01"), sites.Local.VcGuid);
        Assert.Equal(new[] { "vc-b.example.com", "vc-c.example.com" }, sites.RemoteSites.Select(s => s.VcName));
        Assert.Equal(Guid.Parse("7d3c2b1a-0e9f-4a8b-8c7d-6e5f4a3b2c02"), sites.RemoteSites[0].VcGuid);
        Assert.Equal(Guid.Parse("9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c03"), sites.RemoteSites[1].VcGuid);
        Assert.All(sites.RemoteSites, s => Assert.Matches("^([0-9A-F]{2}:){19}[0-9A-F]{2}$", s.PscThumbprint));
        Assert.All(sites.RemoteSites, s => Assert.Matches("^([0-9A-F]{2}:){19}[0-9A-F]{2}$", s.SrmThumbprint));
    }

    [Fact]
    public void The_example_file_matches_the_defaults()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "SrmPairing.sln")))
            dir = dir.Parent;
        Assert.NotNull(dir);
        var example = SiteCatalog.LoadFile(Path.Combine(dir!.FullName, "src", "SrmPairing.Simulator", "sites.example.json"));
        Assert.Equal(SiteCatalog.Default.Local, example.Local);
        Assert.Equal(SiteCatalog.Default.RemoteSites, example.RemoteSites);
    }

    [Fact]
    public async Task A_sites_file_replaces_the_defaults_and_omitted_fields_get_defaults()
    {
        var path = Write("""
            {
              "local": { "srm_name": "srm-x.lab.local", "vc_guid": "aaaaaaaa-0000-4000-8000-000000000001" },
              "remote_sites": [
                { "vc_guid": "bbbbbbbb-0000-4000-8000-000000000002", "vc_name": "vc-y.lab.local",
                  "psc_password": "Other1!", "psc_thumbprint": "aa bb cc dd ee ff 00 11 22 33 44 55 66 77 88 99 aa bb cc dd",
                  "psc_thumbprint_sha256": "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff" }
              ]
            }
            """);
        var sites = SiteCatalog.LoadFile(path);
        Assert.Equal("srm-x.lab.local", sites.Local.SrmName);
        Assert.Equal("vc-a.example.com", sites.Local.VcName);
        var remote = Assert.Single(sites.RemoteSites);
        Assert.Equal("vc-y.lab.local", remote.PscUrl);
        Assert.Equal(443, remote.PscPort);
        Assert.Equal("administrator@vsphere.local", remote.PscUsername);
        Assert.Equal("AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD", remote.PscThumbprint);
        Assert.Equal("srm-y.lab.local", remote.SrmName);
        Assert.Equal("srm-y.lab.local", remote.SrmUrl);
        Assert.Matches("^([0-9A-F]{2}:){19}[0-9A-F]{2}$", remote.SrmThumbprint);
        Assert.Matches("^([0-9A-F]{2}:){31}[0-9A-F]{2}$", remote.SrmThumbprintSha256);

        // The simulator uses it: the new remote pairs, the old default does not exist.
        await using var sim = await TestSimulator.StartAsync(taskDurationMs: 0, configure: o => o.SitesFile = path);
        var session = await sim.LoginAsync();
        Assert.Equal("srm-x.lab.local", (string)(await sim.GetJsonAsync("/server/info", session))["name"]!);
        var ok = await sim.CreatePairingAsync(session, PairingSpecs.Valid(remote));
        Assert.Equal("SUCCESS", (string)(await sim.WaitForTaskAsync(session, (string)ok["id"]!))["status"]!);
        var gone = await sim.CreatePairingAsync(session, PairingSpecs.Valid(PairingSpecs.SiteB));
        Assert.Equal("ERROR", (string)(await sim.WaitForTaskAsync(session, (string)gone["id"]!))["status"]!);
        Assert.Equal("srm-x.lab.local", sim.Host.Certificate.GetNameInfo(System.Security.Cryptography.X509Certificates.X509NameType.SimpleName, false));
    }

    [Theory]
    [InlineData("{ not json", "not valid")]
    [InlineData("[]", "not valid")]
    [InlineData("null", "must contain a JSON object")]
    [InlineData("{}", "remote_sites")]
    [InlineData("{\"remote_sites\": [ { \"vc_name\": \"x\" } ]}", "remote_sites[0].vc_guid is required")]
    [InlineData("{\"remote_sites\": [ { \"vc_guid\": \"nope\", \"vc_name\": \"x\" } ]}", "remote_sites[0].vc_guid must be a GUID")]
    [InlineData("{\"remote_sites\": [ { \"vc_guid\": \"bbbbbbbb-0000-4000-8000-000000000002\" } ]}", "remote_sites[0].vc_name is required")]
    [InlineData("{\"remote_sites\": [ { \"vc_guid\": \"bbbbbbbb-0000-4000-8000-000000000002\", \"vc_name\": \"x\", \"psc_port\": \"443\" } ]}", "psc_port")]
    [InlineData("{\"remote_sites\": [ { \"vc_guid\": \"bbbbbbbb-0000-4000-8000-000000000002\", \"vc_name\": \"x\", \"psc_port\": 70000 } ]}", "psc_port must be between 1 and 65535")]
    [InlineData("{\"remote_sites\": [ { \"vc_guid\": \"bbbbbbbb-0000-4000-8000-000000000002\", \"vc_name\": \"x\", \"psc_thumbprint\": \"12:34\" } ]}", "psc_thumbprint must be 40 hex digits")]
    [InlineData("{\"remote_sites\": [ { \"vc_guid\": \"bbbbbbbb-0000-4000-8000-000000000002\", \"vc_name\": \"x\", \"vc_nmae\": \"typo\" } ]}", "vc_nmae")]
    [InlineData("{\"remote_sites\": [ { \"vc_guid\": \"2f9a5a4e-6c1b-4f4a-9d0e-5b8a3c1d7e01\", \"vc_name\": \"x\" } ]}", "local vCenter GUID")]
    [InlineData("{\"remote_sites\": [ { \"vc_guid\": \"bbbbbbbb-0000-4000-8000-000000000002\", \"vc_name\": \"x\" }, { \"vc_guid\": \"BBBBBBBB-0000-4000-8000-000000000002\", \"vc_name\": \"y\" } ]}", "more than once")]
    [InlineData("{\"local\": { \"srm_name\": \"\" }, \"remote_sites\": []}", "local.srm_name must not be empty")]
    [InlineData("{\"remote_sites\": [ { \"vc_guid\": \"bbbbbbbb-0000-4000-8000-000000000002\", \"vc_name\": \"x\", \"srm_thumbprint\": \"0E:3E:3C:7A:9E:2D:09:EE:03:F8:EC:86:A7:57:40:6C:21:C4:6A:90\" } ]}", "srm_certificate")]
    [InlineData("{\"remote_sites\": [ { \"vc_guid\": \"bbbbbbbb-0000-4000-8000-000000000002\", \"vc_name\": \"x\", \"psc_thumbprint_sha256\": \"09:0C:45:82:CA:5F:0F:76:AC:CE:0E:BC:D1:2E:D1:5C:52:B3:01:1B:ED:ED:35:FC:13:9C:45:A9:93:CC:46:F1\" } ]}", "psc_certificate")]
    [InlineData("{\"remote_sites\": [ { \"vc_guid\": \"bbbbbbbb-0000-4000-8000-000000000002\", \"vc_name\": \"x\", \"srm_certificate\": \"bm90IGEgY2VydA==\" } ]}", "srm_certificate is not a certificate")]
    public void A_malformed_sites_file_is_a_clear_error(string json, string expected)
    {
        var path = Write(json);
        var ex = Assert.Throws<SimulatorOptionsException>(() => SiteCatalog.LoadFile(path));
        Assert.Contains(expected, ex.Message);
        Assert.Contains(path, ex.Message);
    }

    [Fact]
    public void A_missing_sites_file_is_a_clear_error()
    {
        var ex = Assert.Throws<SimulatorOptionsException>(() => SiteCatalog.LoadFile(Path.Combine(_dir, "absent.json")));
        Assert.Contains("Cannot read sites file", ex.Message);
    }

    [Fact]
    public void An_empty_remote_site_list_is_allowed()
    {
        var sites = SiteCatalog.Parse("{\"remote_sites\": []}", "inline");
        Assert.Empty(sites.RemoteSites);
        Assert.Equal(SiteCatalog.DefaultLocal, sites.Local);
    }

    [Fact]
    public void A_certificate_in_the_sites_file_gives_both_thumbprints_and_a_thumbprint_given_with_it_must_be_its_own()
    {
        using var certificate = SelfSignedCertificate.Create("srm-y.lab.local");
        var pem = certificate.ExportCertificatePem();
        var sha1 = SelfSignedCertificate.Sha1Thumbprint(certificate);
        string Site(string extra) => new Newtonsoft.Json.Linq.JObject
        {
            ["remote_sites"] = new Newtonsoft.Json.Linq.JArray(Newtonsoft.Json.Linq.JObject.Parse(
                "{\"vc_guid\": \"bbbbbbbb-0000-4000-8000-000000000002\", \"vc_name\": \"vc-y.lab.local\"" + extra + "}")),
        }.ToString();

        var remote = Assert.Single(SiteCatalog.Parse(Site(",\"srm_certificate\": " + Newtonsoft.Json.JsonConvert.ToString(pem) +
                                                          ",\"srm_thumbprint\": \"" + sha1.ToLowerInvariant() + "\""), "pem").RemoteSites);
        Assert.Equal(sha1, remote.SrmThumbprint);
        Assert.Equal(SelfSignedCertificate.Sha256Thumbprint(certificate), remote.SrmThumbprintSha256);

        var der = Assert.Single(SiteCatalog.Parse(Site(",\"psc_certificate\": \"" + Convert.ToBase64String(certificate.RawData) + "\""), "der").RemoteSites);
        Assert.Equal(sha1, der.PscThumbprint);
        Assert.Equal(SelfSignedCertificate.Sha256Thumbprint(certificate), der.PscThumbprintSha256);

        var ex = Assert.Throws<SimulatorOptionsException>(() => SiteCatalog.Parse(
            Site(",\"srm_certificate\": \"" + Convert.ToBase64String(certificate.RawData) + "\", \"srm_thumbprint\": \"" + SimulatorThumbprint.Random(20) + "\""), "mismatch"));
        Assert.Contains("remote_sites[0].srm_thumbprint is not a thumbprint of remote_sites[0].srm_certificate", ex.Message);
    }

    [Fact]
    public void A_site_given_both_thumbprints_or_none_accepts_either_form_and_refuses_another_certificate()
    {
        var given = Assert.Single(SiteCatalog.Parse("""
            {"remote_sites": [ { "vc_guid": "bbbbbbbb-0000-4000-8000-000000000002", "vc_name": "vc-y.lab.local" } ]}
            """, "derived").RemoteSites);
        Assert.NotNull(given.SrmThumbprintSha256);
        Assert.NotNull(given.PscThumbprintSha256);
        foreach (var site in new[] { given, PairingSpecs.SiteB })
        {
            Assert.True(SimulatorThumbprint.Matches(site.SrmThumbprint, site.SrmThumbprint, site.SrmThumbprintSha256));
            Assert.True(SimulatorThumbprint.Matches(site.SrmThumbprintSha256!.ToLowerInvariant(), site.SrmThumbprint, site.SrmThumbprintSha256));
            Assert.False(SimulatorThumbprint.Matches(SimulatorThumbprint.Random(32), site.SrmThumbprint, site.SrmThumbprintSha256));
        }
    }
}
