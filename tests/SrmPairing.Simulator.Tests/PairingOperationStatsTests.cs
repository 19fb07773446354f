using System.Net;
using Newtonsoft.Json.Linq;

namespace Srm.Simulator.Tests;

/// <summary>The new pairing routes in /simulator/stats by_endpoint and as fault rule endpoints.</summary>
public sealed class PairingOperationStatsTests
{
    private const string PostRemoteSession = "POST /pairings/{pairing_id}/remote-session";
    private const string GetRemoteSession = "GET /pairings/{pairing_id}/remote-session";
    private const string DeletePairing = "DELETE /pairings/{pairing_id}";
    private const string Reconnect = "POST /pairings/{pairing_id}/actions/reconnect";

    [Fact]
    public async Task Each_new_route_is_counted_under_its_template()
    {
        await using var sim = await TestSimulator.StartAsync(taskDurationMs: 0);
        var session = await sim.LoginAsync();
        var pairingId = await sim.PairAsync(session);

        await sim.RemoteLoginAsync(session, pairingId, "x", "y");
        await sim.RemoteLoginAsync(session, pairingId);
        await sim.CallAsync(HttpMethod.Get, $"/pairings/{pairingId}/remote-session", session);
        await sim.CallAsync(HttpMethod.Get, $"/pairings/{Guid.NewGuid()}/remote-session", session);
        await sim.CallAsync(HttpMethod.Get, $"/pairings/{Guid.NewGuid()}/remote-session", session);
        await sim.CallAsync(HttpMethod.Post, $"/pairings/{pairingId}/actions/reconnect", session, PairingSpecs.Valid().ToString());
        await sim.CallAsync(HttpMethod.Delete, $"/pairings/{pairingId}", session);

        var byEndpoint = (JObject)(await sim.GetControlJsonAsync("/stats"))["by_endpoint"]!;
        Assert.Equal(2, (long)byEndpoint[PostRemoteSession]!);
        Assert.Equal(3, (long)byEndpoint[GetRemoteSession]!);
        Assert.Equal(1, (long)byEndpoint[Reconnect]!);
        Assert.Equal(1, (long)byEndpoint[DeletePairing]!);
        Assert.Null(byEndpoint["GET (unmatched)"]);
        Assert.Null(byEndpoint["POST (unmatched)"]);
        Assert.Null(byEndpoint["DELETE (unmatched)"]);
    }

    [Theory]
    [InlineData(PostRemoteSession)]
    [InlineData(GetRemoteSession)]
    [InlineData(DeletePairing)]
    [InlineData(Reconnect)]
    public async Task A_fault_rule_can_target_each_new_route(string endpoint)
    {
        await using var sim = await TestSimulator.StartAsync(taskDurationMs: 0);
        var session = await sim.LoginAsync();
        var pairingId = await sim.PairAsync(session);
        Assert.Equal(HttpStatusCode.NoContent, (await sim.RemoteLoginAsync(session, pairingId)).Status);

        var rule = await sim.AddFaultAsync(new JObject { ["kind"] = "status", ["status"] = 503, ["count"] = 1, ["endpoint"] = endpoint.ToLowerInvariant() }.ToString());
        Assert.Equal(endpoint, (string)rule["endpoint"]!);

        // The route the rule names answers 503 once; GET /pairings/{pairing_id} is not affected.
        Assert.Equal(HttpStatusCode.OK, (await sim.CallAsync(HttpMethod.Get, $"/pairings/{pairingId}", session)).Status);
        var (method, path) = endpoint.Split(' ') is var parts ? (new HttpMethod(parts[0]), parts[1].Replace("{pairing_id}", pairingId)) : default;
        var body = method == HttpMethod.Post && path.EndsWith("reconnect") ? PairingSpecs.Valid().ToString() : null;
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await sim.CallAsync(method, path, session, body)).Status);
        Assert.NotEqual(HttpStatusCode.ServiceUnavailable, (await sim.CallAsync(method, path, session, body)).Status);
    }

    [Fact]
    public async Task Start_up_fault_rules_may_name_the_new_routes()
    {
        var options = SimulatorOptions.Parse(["--fault", $"kind=drop,endpoint={DeletePairing}", "--fault", $"ms=10,endpoint={Reconnect}"]);
        options.Port = 0;
        await using var host = await SimulatorHost.StartAsync(options);
        Assert.Equal(2, host.Faults.List().Count);
    }
}
