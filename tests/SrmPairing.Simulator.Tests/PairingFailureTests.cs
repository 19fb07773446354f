using Newtonsoft.Json.Linq;

namespace Srm.Simulator.Tests;

/// <summary>Problems only found while pairing give 202 and a task that ends in ERROR, never a 4xx.</summary>
public sealed class PairingFailureTests(SharedSimulator shared) : IClassFixture<SharedSimulator>
{
    public static TheoryData<string, string, string> Cases()
    {
        var b = PairingSpecs.SiteB;
        var data = new TheoryData<string, string, string>();
        void Add(string name, JObject spec, string message) => data.Add(name, spec.ToString(), message);

        Add("unknown vCenter GUID", PairingSpecs.Valid().With(s => s["pair_vc_guid"] = "11111111-2222-3333-4444-555555555555"),
            "Cannot pair with vCenter Server '11111111-2222-3333-4444-555555555555': no vCenter Server with this instance UUID can be reached.");
        Add("vCenter GUID that is not a GUID", PairingSpecs.Valid().With(s => s["pair_vc_guid"] = "vc-b.example.com"),
            "Cannot pair with vCenter Server 'vc-b.example.com': no vCenter Server with this instance UUID can be reached.");
        Add("the local vCenter", PairingSpecs.Valid().With(s => s["pair_vc_guid"] = "2F9A5A4E-6C1B-4F4A-9D0E-5B8A3C1D7E01"),
            "Cannot pair with vCenter Server 'vc-a.example.com': it is the local vCenter Server of this site, and a site cannot be paired with itself.");
        Add("wrong password", PairingSpecs.Valid().With(s => s["pair_psc_info"]!["password"] = "wrong"),
            "Cannot pair with vCenter Server 'vc-b.example.com': the user name or password is incorrect.");
        Add("wrong user", PairingSpecs.Valid().With(s => s["pair_psc_info"]!["username"] = "root"),
            "Cannot pair with vCenter Server 'vc-b.example.com': the user name or password is incorrect.");
        Add("wrong PSC host", PairingSpecs.Valid().With(s => s["pair_psc_info"]!["url"] = "vc-c.example.com"),
            "Cannot pair with vCenter Server 'vc-b.example.com': the Platform Services Controller at 'vc-c.example.com:443' is not the one of that vCenter Server.");
        Add("wrong PSC port", PairingSpecs.Valid().With(s => s["pair_psc_info"]!["port"] = 8443),
            "Cannot pair with vCenter Server 'vc-b.example.com': the Platform Services Controller at 'vc-b.example.com:8443' is not the one of that vCenter Server.");
        Add("wrong PSC thumbprint", PairingSpecs.Valid().With(s => s["pair_psc_info"]!["thumbprint"] = PairingSpecs.SiteC.PscThumbprint),
            "Cannot pair with vCenter Server 'vc-b.example.com': the certificate thumbprint of the Platform Services Controller does not match.");
        Add("SRM thumbprint given as PSC thumbprint", PairingSpecs.Valid().With(s => s["pair_psc_info"]!["thumbprint"] = b.SrmThumbprint),
            "Cannot pair with vCenter Server 'vc-b.example.com': the certificate thumbprint of the Platform Services Controller does not match.");
        Add("wrong SRM url", PairingSpecs.ValidWithThumbprints().With(s => s["pair_srm_url"] = "srm-c.example.com"),
            "Cannot pair with vCenter Server 'vc-b.example.com': the Site Recovery Manager URL 'srm-c.example.com' does not match the Site Recovery Manager server registered with it.");
        Add("SRM url on another port", PairingSpecs.ValidWithThumbprints().With(s => s["pair_srm_url"] = "https://srm-b.example.com:8443"),
            "Cannot pair with vCenter Server 'vc-b.example.com': the Site Recovery Manager URL 'https://srm-b.example.com:8443' does not match the Site Recovery Manager server registered with it.");
        Add("wrong SRM thumbprint", PairingSpecs.ValidWithThumbprints().With(s => s["pair_srm_thumbprint"] = b.PscThumbprint),
            "Cannot pair with vCenter Server 'vc-b.example.com': the certificate thumbprint of the remote Site Recovery Manager server does not match.");
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task The_task_ends_in_error_with_a_clear_message(string name, string specJson, string expectedMessage)
    {
        var sim = shared.Sim;
        var session = shared.Session;
        var task = await sim.CreatePairingAsync(session, JObject.Parse(specJson));
        var done = await sim.WaitForTaskAsync(session, (string)task["id"]!);

        Assert.True((string)done["status"]! == "ERROR", name);
        Assert.Equal(expectedMessage, (string)done["error"]!["message"]!);
        Assert.False(string.IsNullOrWhiteSpace((string?)done["error"]!["details"]), name);
        Assert.DoesNotContain("VMware1!", (string)done["error"]!["details"]!);
        Assert.Single((JArray)(await sim.GetJsonAsync("/pairings", session))["list"]!);
    }

    [Fact]
    public async Task Pairing_again_with_a_paired_vcenter_fails()
    {
        await using var sim = await TestSimulator.StartAsync(taskDurationMs: 100);
        var session = await sim.LoginAsync();
        var first = await sim.CreatePairingAsync(session, PairingSpecs.Valid());
        Assert.Equal("SUCCESS", (string)(await sim.WaitForTaskAsync(session, (string)first["id"]!))["status"]!);

        var second = await sim.CreatePairingAsync(session, PairingSpecs.Valid());
        var done = await sim.WaitForTaskAsync(session, (string)second["id"]!);
        Assert.Equal("ERROR", (string)done["status"]!);
        Assert.Equal("Cannot pair with vCenter Server 'vc-b.example.com': this site is already paired with it.", (string)done["error"]!["message"]!);
        Assert.Equal(2, ((JArray)(await sim.GetJsonAsync("/pairings", session))["list"]!).Count);
    }

    [Fact]
    public async Task Pairing_while_another_pairing_task_for_that_vcenter_is_running_fails()
    {
        var clock = new ManualTimeProvider();
        await using var sim = await TestSimulator.StartAsync(taskDurationMs: 1000, configure: o => o.TimeProvider = clock);
        var session = await sim.LoginAsync();
        var first = await sim.CreatePairingAsync(session, PairingSpecs.Valid());
        clock.Advance(TimeSpan.FromMilliseconds(300));
        var second = await sim.CreatePairingAsync(session, PairingSpecs.Valid());
        var other = await sim.CreatePairingAsync(session, PairingSpecs.Valid(PairingSpecs.SiteC));
        clock.Advance(TimeSpan.FromMilliseconds(1000));

        var done = await sim.GetJsonAsync("/tasks/" + (string)second["id"]!, session);
        Assert.Equal("ERROR", (string)done["status"]!);
        Assert.Equal("Cannot pair with vCenter Server 'vc-b.example.com': another pairing operation with it is in progress.", (string)done["error"]!["message"]!);
        Assert.Contains((string)first["id"]!, (string)done["error"]!["details"]!);

        Assert.Equal("SUCCESS", (string)(await sim.GetJsonAsync("/tasks/" + (string)first["id"]!, session))["status"]!);
        Assert.Equal("SUCCESS", (string)(await sim.GetJsonAsync("/tasks/" + (string)other["id"]!, session))["status"]!);
    }

    [Fact]
    public async Task A_failed_attempt_does_not_block_a_corrected_one()
    {
        await using var sim = await TestSimulator.StartAsync(taskDurationMs: 400);
        var session = await sim.LoginAsync();
        var wrong = await sim.CreatePairingAsync(session, PairingSpecs.Valid().With(s => s["pair_psc_info"]!["password"] = "typo"));
        var right = await sim.CreatePairingAsync(session, PairingSpecs.Valid());
        Assert.Equal("ERROR", (string)(await sim.WaitForTaskAsync(session, (string)wrong["id"]!))["status"]!);
        Assert.Equal("SUCCESS", (string)(await sim.WaitForTaskAsync(session, (string)right["id"]!))["status"]!);
    }
}
