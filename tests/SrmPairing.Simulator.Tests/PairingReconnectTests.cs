using System.Net;
using Newtonsoft.Json.Linq;

namespace Srm.Simulator.Tests;

/// <summary>POST /pairings/{pairing_id}/actions/reconnect, and the certificate rotation that makes a pairing need it.</summary>
public sealed class PairingReconnectTests
{
    private static async Task<(HttpStatusCode Status, JObject? Body, string Text)> ReconnectAsync(TestSimulator sim, string session, string pairingId, JObject spec)
    {
        var (status, text) = await sim.CallAsync(HttpMethod.Post, $"/pairings/{pairingId}/actions/reconnect", session, spec.ToString());
        return (status, text.Length == 0 ? null : JObject.Parse(text), text);
    }

    private static async Task<JObject> ReconnectToEndAsync(TestSimulator sim, string session, string pairingId, JObject spec)
    {
        var (status, task, text) = await ReconnectAsync(sim, session, pairingId, spec);
        Assert.True(status == HttpStatusCode.Accepted, $"reconnect: expected 202, got {(int)status}: {text}");
        return await sim.WaitForTaskAsync(session, (string)task!["id"]!);
    }

    [Fact]
    public async Task A_reconnect_with_the_right_spec_succeeds_and_leaves_the_pairing_in_place_without_a_remote_login()
    {
        await using var sim = await TestSimulator.StartAsync(taskDurationMs: 100);
        var session = await sim.LoginAsync();
        var pairingId = await sim.PairAsync(session);

        var (status, task, _) = await ReconnectAsync(sim, session, pairingId, PairingSpecs.ValidWithThumbprints());
        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal("QUEUED", (string)task!["status"]!);
        Assert.Equal("Reconnect pairing with vCenter Server 'vc-b.example.com'", (string)task["description"]!);
        Assert.Equal("com.vmware.srm.pairing.reconnect", (string)task["description_id"]!);

        var done = await sim.WaitForTaskAsync(session, (string)task["id"]!);
        Assert.Equal("SUCCESS", (string)done["status"]!);
        Assert.Equal(JTokenType.Null, done["result"]!.Type);
        var pairing = await sim.GetJsonAsync($"/pairings/{pairingId}", session);
        Assert.Equal("OK", (string)pairing["remote_srm_server"]!["server_status"]!);
        Assert.Equal(2, ((JArray)(await sim.GetJsonAsync("/pairings", session))["list"]!).Count);
    }

    [Theory]
    [InlineData("wrong-password", "the user name or password is incorrect")]
    [InlineData("psc-host", "Platform Services Controller at 'vc-x.example.com:443' is not the one")]
    [InlineData("psc-port", "Platform Services Controller at 'vc-b.example.com:7444' is not the one")]
    [InlineData("psc-thumbprint", "certificate thumbprint of the Platform Services Controller does not match")]
    [InlineData("srm-url", "Site Recovery Manager URL 'srm-x.example.com' does not match")]
    [InlineData("srm-thumbprint", "certificate thumbprint of the remote Site Recovery Manager server does not match")]
    [InlineData("other-vc", "is paired with vCenter Server 'vc-b.example.com' (7d3c2b1a-0e9f-4a8b-8c7d-6e5f4a3b2c02), not '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c03'")]
    [InlineData("unknown-vc", "is paired with vCenter Server 'vc-b.example.com'")]
    public async Task A_reconnect_with_wrong_values_ends_in_ERROR_and_keeps_the_pairing(string mistake, string expected)
    {
        await using var sim = await TestSimulator.StartAsync(taskDurationMs: 50);
        var session = await sim.LoginAsync();
        var pairingId = await sim.PairAsync(session);

        var spec = PairingSpecs.ValidWithThumbprints().With(s =>
        {
            switch (mistake)
            {
                case "wrong-password": s["pair_psc_info"]!["password"] = "nope"; break;
                case "psc-host": s["pair_psc_info"]!["url"] = "vc-x.example.com"; break;
                case "psc-port": s["pair_psc_info"]!["port"] = 7444; break;
                case "psc-thumbprint": s["pair_psc_info"]!["thumbprint"] = PairingSpecs.SiteC.PscThumbprint; break;
                case "srm-url": s["pair_srm_url"] = "srm-x.example.com"; break;
                case "srm-thumbprint": s["pair_srm_thumbprint"] = PairingSpecs.SiteC.SrmThumbprint; break;
                case "other-vc": s["pair_vc_guid"] = PairingSpecs.SiteC.VcGuid.ToString(); break;
                case "unknown-vc": s["pair_vc_guid"] = "not-a-guid"; break;
            }
        });
        var done = await ReconnectToEndAsync(sim, session, pairingId, spec);
        Assert.Equal("ERROR", (string)done["status"]!);
        Assert.Contains(expected, (string)done["error"]!["message"]!);
        Assert.False(string.IsNullOrEmpty((string?)done["error"]!["details"]));
        Assert.Equal(HttpStatusCode.OK, (await sim.CallAsync(HttpMethod.Get, $"/pairings/{pairingId}", session)).Status);
    }

    [Theory]
    [InlineData("{\"pair_vc_guid\": 5}", "INVALID_PAIRING_SPEC", "pair_psc_info is required")]
    [InlineData("not json", "INVALID_PAIRING_SPEC", "not valid JSON")]
    [InlineData("", "INVALID_PAIRING_SPEC", "empty")]
    [InlineData("[]", "INVALID_PAIRING_SPEC", "PairingSpec JSON object")]
    [InlineData("{\"pair_psc_info\": {\"url\": \"vc-b.example.com\", \"port\": 443, \"username\": \"u\", \"password\": \"p\"}}", "INVALID_PAIRING_SPEC", "pair_vc_guid is required")]
    [InlineData("{\"pair_psc_info\": {\"url\": \"vc-b.example.com\", \"port\": 0, \"username\": \"u\", \"password\": \"p\"}, \"pair_vc_guid\": \"x\"}", "INVALID_PAIRING_SPEC", "pair_psc_info.port must be an integer from 1 to 65535")]
    [InlineData("{\"pair_psc_info\": {\"url\": \"vc-b.example.com\", \"port\": 443, \"username\": \"u\", \"password\": \"p\"}, \"pair_vc_guid\": \"x\", \"pair_srm_url\": \"srm-b.example.com\"}", "INVALID_PAIRING_SPEC", "pair_srm_thumbprint")]
    public async Task A_malformed_spec_is_a_400_ResponseError_like_POST_pairings(string body, string code, string expected)
    {
        await using var sim = await TestSimulator.StartAsync(taskDurationMs: 0);
        var session = await sim.LoginAsync();
        var pairingId = await sim.PairAsync(session);

        var (status, text) = await sim.CallAsync(HttpMethod.Post, $"/pairings/{pairingId}/actions/reconnect", session, body);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        var error = JObject.Parse(text);
        Assert.Equal(code, (string)error["error_code"]!);
        Assert.Contains(expected, (string)error["message"]!);

        // The same body gets the same answer from POST /pairings.
        var (createStatus, createText) = await sim.CallAsync(HttpMethod.Post, "/pairings", session, body);
        Assert.Equal(HttpStatusCode.BadRequest, createStatus);
        Assert.Equal((string)error["message"]!, (string)JObject.Parse(createText)["message"]!);
        Assert.Single((JArray)(await sim.GetJsonAsync("/tasks", session))["list"]!);
    }

    [Fact]
    public async Task A_spec_not_sent_as_JSON_is_a_400_BAD_REQUEST()
    {
        await using var sim = await TestSimulator.StartAsync(taskDurationMs: 0);
        var session = await sim.LoginAsync();
        var pairingId = await sim.PairAsync(session);
        var (status, text) = await sim.CallAsync(HttpMethod.Post, $"/pairings/{pairingId}/actions/reconnect", session, PairingSpecs.Valid().ToString(), "text/plain");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("BAD_REQUEST", (string)JObject.Parse(text)["error_code"]!);
    }

    [Fact]
    public async Task Unknown_pairings_are_404_and_the_self_entry_is_a_400()
    {
        await using var sim = await TestSimulator.StartAsync(taskDurationMs: 0);
        var session = await sim.LoginAsync();
        foreach (var id in new[] { Guid.NewGuid().ToString(), "nope" })
        {
            var (status, _, text) = await ReconnectAsync(sim, session, id, PairingSpecs.Valid());
            Assert.Equal(HttpStatusCode.NotFound, status);
            Assert.Equal("", text);
        }
        var (selfStatus, error, _) = await ReconnectAsync(sim, session, SimulatorState.SelfPairingId.ToString(), PairingSpecs.Valid());
        Assert.Equal(HttpStatusCode.BadRequest, selfStatus);
        Assert.Equal("INVALID_OPERATION", (string)error!["error_code"]!);
        Assert.Contains("is the local site's own entry", (string)error["message"]!);
        Assert.Empty((JArray)(await sim.GetJsonAsync("/tasks", session))["list"]!);
    }

    [Fact]
    public async Task A_reconnect_while_a_delete_is_running_ends_in_ERROR_and_blocks_nothing_else()
    {
        await using var sim = await TestSimulator.StartAsync(taskDurationMs: 0);
        var session = await sim.LoginAsync();
        var pairingId = await sim.PairAsync(session);
        Assert.Equal(HttpStatusCode.NoContent, (await sim.RemoteLoginAsync(session, pairingId)).Status);
        sim.State.StallNewTasks = true;
        var (deleteStatus, deleteText) = await sim.CallAsync(HttpMethod.Delete, $"/pairings/{pairingId}", session);
        Assert.Equal(HttpStatusCode.Accepted, deleteStatus);
        sim.State.StallNewTasks = false;

        var done = await ReconnectToEndAsync(sim, session, pairingId, PairingSpecs.Valid());
        Assert.Equal("ERROR", (string)done["status"]!);
        Assert.Contains("another operation on this pairing is in progress", (string)done["error"]!["message"]!);
        Assert.Contains((string)JObject.Parse(deleteText)["id"]!, (string)done["error"]!["details"]!);
    }

    [Fact]
    public async Task Rotating_a_remote_sites_certificates_breaks_its_pairing_until_a_reconnect_with_the_new_thumbprints()
    {
        await using var sim = await TestSimulator.StartAsync(taskDurationMs: 50);
        var session = await sim.LoginAsync();
        var b = await sim.PairAsync(session, PairingSpecs.SiteB);
        var c = await sim.PairAsync(session, PairingSpecs.SiteC);

        var (status, text) = await sim.PostControlAsync($"/sites/{PairingSpecs.SiteB.VcGuid}/rotate-certificates");
        Assert.Equal(HttpStatusCode.OK, status);
        var rotated = JObject.Parse(text);
        var psc1 = (string)rotated["psc_thumbprint"]!;
        var psc256 = (string)rotated["psc_thumbprint_sha256"]!;
        var srm1 = (string)rotated["srm_thumbprint"]!;
        var srm256 = (string)rotated["srm_thumbprint_sha256"]!;
        Assert.Matches("^([0-9A-F]{2}:){19}[0-9A-F]{2}$", psc1);
        Assert.Matches("^([0-9A-F]{2}:){19}[0-9A-F]{2}$", srm1);
        Assert.Matches("^([0-9A-F]{2}:){31}[0-9A-F]{2}$", psc256);
        Assert.Matches("^([0-9A-F]{2}:){31}[0-9A-F]{2}$", srm256);
        Assert.NotEqual(PairingSpecs.SiteB.SrmThumbprint, srm1);
        Assert.NotEqual(PairingSpecs.SiteB.PscThumbprint, psc1);

        // The pairing with vc-b reports the broken connection, in the list and by id; vc-c's is untouched.
        async Task AssertStatus(string pairingId, string vc, string srm)
        {
            var byId = await sim.GetJsonAsync($"/pairings/{pairingId}", session);
            Assert.Equal(vc, (string)byId["remote_vc_server"]!["server_status"]!);
            Assert.Equal(srm, (string)byId["remote_srm_server"]!["server_status"]!);
            Assert.Equal("OK", (string)byId["local_srm_server"]!["server_status"]!);
            var inList = ((JArray)(await sim.GetJsonAsync("/pairings", session))["list"]!).Single(p => (string)p["pairing_id"]! == pairingId);
            Assert.Equal(vc, (string)inList["remote_vc_server"]!["server_status"]!);
            Assert.Equal(srm, (string)inList["remote_srm_server"]!["server_status"]!);
        }
        await AssertStatus(b, "WARNING", "ERROR");
        await AssertStatus(c, "OK", "OK");
        var errored = await sim.GetJsonAsync($"/pairings?filter_property=remote_srm_server.server_status&filter=ERROR", session);
        Assert.Equal(b, (string)Assert.Single((JArray)errored["list"]!)["pairing_id"]!);

        // The old thumbprints no longer match: ERROR, still broken.
        var old = await ReconnectToEndAsync(sim, session, b, PairingSpecs.ValidWithThumbprints());
        Assert.Equal("ERROR", (string)old["status"]!);
        Assert.Contains("certificate thumbprint of the Platform Services Controller does not match", (string)old["error"]!["message"]!);
        var oldSrm = await ReconnectToEndAsync(sim, session, b, PairingSpecs.ValidWithThumbprints().With(s => s["pair_psc_info"]!["thumbprint"] = psc1));
        Assert.Equal("ERROR", (string)oldSrm["status"]!);
        Assert.Contains("certificate thumbprint of the remote Site Recovery Manager server does not match", (string)oldSrm["error"]!["message"]!);
        Assert.Contains(srm1, (string)oldSrm["error"]!["details"]!);
        await AssertStatus(b, "WARNING", "ERROR");

        // The new ones (SHA-256 here) repair it; the pairing keeps its id.
        var repaired = await ReconnectToEndAsync(sim, session, b, PairingSpecs.ValidWithThumbprints().With(s =>
        {
            s["pair_psc_info"]!["thumbprint"] = psc256;
            s["pair_srm_thumbprint"] = srm256.ToLowerInvariant();
        }));
        Assert.Equal("SUCCESS", (string)repaired["status"]!);
        await AssertStatus(b, "OK", "OK");

        // A new pairing with the rotated site needs the new thumbprints too.
        Assert.Equal(HttpStatusCode.NoContent, (await sim.RemoteLoginAsync(session, b)).Status);
        var (deleted, deleteText) = await sim.CallAsync(HttpMethod.Delete, $"/pairings/{b}", session);
        Assert.Equal(HttpStatusCode.Accepted, deleted);
        Assert.Equal("SUCCESS", (string)(await sim.WaitForTaskAsync(session, (string)JObject.Parse(deleteText)["id"]!))["status"]!);
        var stale = await sim.CreatePairingAsync(session, PairingSpecs.ValidWithThumbprints());
        Assert.Equal("ERROR", (string)(await sim.WaitForTaskAsync(session, (string)stale["id"]!))["status"]!);
        var fresh = await sim.CreatePairingAsync(session, PairingSpecs.ValidWithThumbprints().With(s =>
        {
            s["pair_psc_info"]!["thumbprint"] = psc1;
            s["pair_srm_thumbprint"] = srm1;
        }));
        Assert.Equal("SUCCESS", (string)(await sim.WaitForTaskAsync(session, (string)fresh["id"]!))["status"]!);
    }

    [Fact]
    public async Task Rotating_twice_needs_the_latest_thumbprints_and_reset_restores_the_original_ones()
    {
        await using var sim = await TestSimulator.StartAsync(taskDurationMs: 0);
        var session = await sim.LoginAsync();
        var b = await sim.PairAsync(session);
        var first = JObject.Parse((await sim.PostControlAsync($"/sites/{PairingSpecs.SiteB.VcGuid}/rotate-certificates")).Body);
        var second = JObject.Parse((await sim.PostControlAsync($"/sites/{PairingSpecs.SiteB.VcGuid}/rotate-certificates")).Body);
        Assert.NotEqual((string)first["srm_thumbprint"]!, (string)second["srm_thumbprint"]!);

        var withFirst = await ReconnectToEndAsync(sim, session, b, PairingSpecs.Valid().With(s =>
        {
            s["pair_srm_url"] = "https://srm-b.example.com:443/";
            s["pair_srm_thumbprint"] = (string)first["srm_thumbprint"]!;
        }));
        Assert.Equal("ERROR", (string)withFirst["status"]!);

        Assert.Equal(HttpStatusCode.NoContent, (await sim.PostControlAsync("/reset")).Status);
        Assert.Equal(PairingSpecs.SiteB.SrmThumbprint, sim.State.Sites.FindRemote(PairingSpecs.SiteB.VcGuid)!.SrmThumbprint);
    }

    [Fact]
    public async Task A_reconnect_without_thumbprints_also_repairs_as_a_pairing_without_them_succeeds()
    {
        await using var sim = await TestSimulator.StartAsync(taskDurationMs: 0);
        var session = await sim.LoginAsync();
        var b = await sim.PairAsync(session);
        Assert.Equal(HttpStatusCode.OK, (await sim.PostControlAsync($"/sites/{PairingSpecs.SiteB.VcGuid}/rotate-certificates")).Status);
        Assert.Equal("ERROR", (string)(await sim.GetJsonAsync($"/pairings/{b}", session))["remote_srm_server"]!["server_status"]!);

        var done = await ReconnectToEndAsync(sim, session, b, PairingSpecs.Valid());
        Assert.Equal("SUCCESS", (string)done["status"]!);
        Assert.Equal("OK", (string)(await sim.GetJsonAsync($"/pairings/{b}", session))["remote_srm_server"]!["server_status"]!);
    }

    [Fact]
    public async Task Rotation_of_an_unknown_or_the_local_site_is_refused()
    {
        await using var sim = await TestSimulator.StartAsync(taskDurationMs: 0);
        var (unknown, unknownBody) = await sim.PostControlAsync($"/sites/{Guid.NewGuid()}/rotate-certificates");
        Assert.Equal(HttpStatusCode.NotFound, unknown);
        Assert.Equal("", unknownBody);
        Assert.Equal(HttpStatusCode.NotFound, (await sim.PostControlAsync("/sites/nope/rotate-certificates")).Status);
        var (local, localBody) = await sim.PostControlAsync($"/sites/{SiteCatalog.DefaultLocal.VcGuid}/rotate-certificates");
        Assert.Equal(HttpStatusCode.BadRequest, local);
        Assert.Contains("local vCenter Server", (string)JObject.Parse(localBody)["message"]!);
    }
}
