using System.Net;
using Newtonsoft.Json.Linq;

namespace Srm.Simulator.Tests;

public sealed class PairingListTests(SharedSimulator shared) : IClassFixture<SharedSimulator>
{
    private const string SelfId = "0e5d4c3b-2a19-4f08-b7e6-d5c4b3a29101";
    private const string LocalVc = "2f9a5a4e-6c1b-4f4a-9d0e-5b8a3c1d7e01";

    [Fact]
    public async Task A_fresh_simulator_lists_only_the_self_entry()
    {
        await using var sim = await TestSimulator.StartAsync();
        var session = await sim.LoginAsync();
        var pairings = await sim.GetJsonAsync("/pairings", session);

        var self = Assert.Single((JArray)pairings["list"]!);
        Assert.Equal(SelfId, (string)self["pairing_id"]!);
        foreach (var side in new[] { "local_vc_server", "remote_vc_server" })
        {
            Assert.Equal(LocalVc, (string)self[side]!["id"]!);
            Assert.Equal("vc-a.example.com", (string)self[side]!["name"]!);
            Assert.Equal("OK", (string)self[side]!["server_status"]!);
        }
        foreach (var side in new[] { "local_srm_server", "remote_srm_server" })
        {
            Assert.Equal("srm-a.example.com", (string)self[side]!["name"]!);
            Assert.Equal("https://srm-a.example.com:443", (string)self[side]!["url"]!);
            Assert.Equal("9.0.2", (string)self[side]!["version"]!);
        }
        var meta = pairings["_meta"]!;
        Assert.Empty(meta["errors"]!);
        Assert.Equal(1, (int)meta["total"]!);
        Assert.Equal(0, (int)meta["offset"]!);
        Assert.Equal(100, (int)meta["limit"]!);
    }

    [Fact]
    public async Task The_self_entry_can_be_read_by_id_and_unknown_ids_are_404_with_an_empty_body()
    {
        await using var sim = await TestSimulator.StartAsync();
        var session = await sim.LoginAsync();
        var self = await sim.GetJsonAsync("/pairings/" + SelfId, session);
        Assert.Equal(SelfId, (string)self["pairing_id"]!);
        Assert.Empty(self["_meta"]!["errors"]!);

        foreach (var id in new[] { Guid.NewGuid().ToString(), "not-a-guid" })
        {
            var (status, body) = await sim.CallAsync(HttpMethod.Get, "/pairings/" + id, session);
            Assert.Equal(HttpStatusCode.NotFound, status);
            Assert.Equal("", body);
        }
    }

    [Fact]
    public async Task Filters_on_nested_properties_with_or_and_pages_with_limit_and_offset()
    {
        await using var sim = await TestSimulator.StartAsync(taskDurationMs: 0);
        var session = await sim.LoginAsync();
        await sim.CreatePairingAsync(session, PairingSpecs.Valid(PairingSpecs.SiteB));
        await sim.CreatePairingAsync(session, PairingSpecs.Valid(PairingSpecs.SiteC));

        var all = await sim.GetJsonAsync("/pairings", session);
        Assert.Equal(3, ((JArray)all["list"]!).Count);

        var b = PairingSpecs.SiteB.VcGuid;
        var onlyB = await sim.GetJsonAsync($"/pairings?filter_property=remote_vc_server.id&filter={b}", session);
        Assert.Equal(b.ToString(), (string)Assert.Single((JArray)onlyB["list"]!)["remote_vc_server"]!["id"]!);
        Assert.Equal(1, (int)onlyB["_meta"]!["total"]!);

        var bOrSelf = await sim.GetJsonAsync($"/pairings?filter_property=remote_vc_server.id&filter={b}&filter={LocalVc.ToUpperInvariant()}", session);
        Assert.Equal(2, ((JArray)bOrSelf["list"]!).Count);

        var byName = await sim.GetJsonAsync("/pairings?filter_property=remote_vc_server.name&filter=vc-c.example.com", session);
        Assert.Equal("vc-c.example.com", (string)Assert.Single((JArray)byName["list"]!)["remote_vc_server"]!["name"]!);

        var page = await sim.GetJsonAsync("/pairings?limit=1&offset=1", session);
        Assert.Single((JArray)page["list"]!);
        Assert.Equal(3, (int)page["_meta"]!["total"]!);
        Assert.Equal(1, (int)page["_meta"]!["offset"]!);
        Assert.Equal(1, (int)page["_meta"]!["limit"]!);

        var sorted = await sim.GetJsonAsync("/pairings?sort_by=remote_vc_server.name&order_by=desc", session);
        Assert.Equal(new[] { "vc-c.example.com", "vc-b.example.com", "vc-a.example.com" },
            ((JArray)sorted["list"]!).Select(p => (string)p["remote_vc_server"]!["name"]!));
    }

    [Theory]
    [InlineData("limit=abc")]
    [InlineData("limit=0")]
    [InlineData("limit=-1")]
    [InlineData("offset=x")]
    [InlineData("offset=-5")]
    [InlineData("filter_property=remote_vc_server.id")]
    [InlineData("filter=abc")]
    [InlineData("filter_property=no_such_field&filter=x")]
    [InlineData("sort_by=pairing_id&order_by=sideways")]
    public async Task Bad_list_parameters_are_400_response_errors(string query)
    {
        var sim = shared.Sim;
        var session = shared.Session;
        var (status, body) = await sim.CallAsync(HttpMethod.Get, "/pairings?" + query, session);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        var error = JObject.Parse(body);
        Assert.Equal("BAD_REQUEST", (string)error["error_code"]!);
        Assert.False(string.IsNullOrWhiteSpace((string?)error["message"]));
        Assert.True(Guid.TryParse((string)error["op_id"]!, out _));
    }
}
