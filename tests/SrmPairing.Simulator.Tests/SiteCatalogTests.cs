using Newtonsoft.Json.Linq;

namespace SrmPairing.Simulator.Tests;

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
                  "psc_password": "Other1!", "psc_thumbprint": "aa bb cc dd ee ff 00 11 22 33 44 55 66 77 88 99 aa bb cc dd" }
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
}
