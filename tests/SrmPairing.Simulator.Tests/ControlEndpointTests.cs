using System.Net;
using System.Text;
using Newtonsoft.Json.Linq;

namespace Srm.Simulator.Tests;

public sealed class ControlEndpointTests
{
    private static async Task<HttpResponseMessage> PostControlAsync(TestSimulator sim, string path, string? json = null)
    {
        var content = json == null ? null : new StringContent(json, Encoding.UTF8, "application/json");
        return await sim.Client.PostAsync(sim.Control(path), content);
    }

    [Fact]
    public async Task Cancel_ends_a_running_task_as_cancelled_and_no_pairing_is_made()
    {
        var clock = new ManualTimeProvider();
        await using var sim = await TestSimulator.StartAsync(taskDurationMs: 1000, configure: o => o.TimeProvider = clock);
        var session = await sim.LoginAsync();
        var task = await sim.CreatePairingAsync(session, PairingSpecs.Valid());
        var id = (string)task["id"]!;
        clock.Advance(TimeSpan.FromMilliseconds(400));

        using (var response = await PostControlAsync(sim, $"/tasks/{id}/cancel"))
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);

        var cancelled = await sim.GetJsonAsync("/tasks/" + id, session);
        Assert.Equal("CANCELLED", (string)cancelled["status"]!);
        Assert.Equal(clock.GetUtcNow().ToUnixTimeMilliseconds(), (long)cancelled["complete_time"]!);
        Assert.InRange((int)cancelled["progress"]!, 1, 98);
        clock.Advance(TimeSpan.FromMilliseconds(2000));
        Assert.Equal("CANCELLED", (string)(await sim.GetJsonAsync("/tasks/" + id, session))["status"]!);
        Assert.Single((JArray)(await sim.GetJsonAsync("/pairings", session))["list"]!);

        // Ending a finished task again is refused; an unknown task is 404.
        using (var again = await PostControlAsync(sim, $"/tasks/{id}/cancel"))
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        using (var unknown = await PostControlAsync(sim, "/tasks/nope/cancel"))
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        // The vCenter can be paired afterwards.
        var retry = await sim.CreatePairingAsync(session, PairingSpecs.Valid());
        clock.Advance(TimeSpan.FromMilliseconds(1000));
        Assert.Equal("SUCCESS", (string)(await sim.GetJsonAsync("/tasks/" + (string)retry["id"]!, session))["status"]!);
    }

    [Fact]
    public async Task Fail_ends_a_task_in_error_with_the_given_or_a_default_message()
    {
        await using var sim = await TestSimulator.StartAsync(taskDurationMs: 2000);
        var session = await sim.LoginAsync();
        var first = (string)(await sim.CreatePairingAsync(session, PairingSpecs.Valid()))["id"]!;
        var second = (string)(await sim.CreatePairingAsync(session, PairingSpecs.Valid(PairingSpecs.SiteC)))["id"]!;

        using (var response = await PostControlAsync(sim, $"/tasks/{first}/fail", "{\"message\":\"Remote site unreachable.\",\"details\":\"Injected.\"}"))
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        using (var response = await PostControlAsync(sim, $"/tasks/{second}/fail"))
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);

        var failed = await sim.GetJsonAsync("/tasks/" + first, session);
        Assert.Equal("ERROR", (string)failed["status"]!);
        Assert.Equal("Remote site unreachable.", (string)failed["error"]!["message"]!);
        Assert.Equal("Injected.", (string)failed["error"]!["details"]!);

        var defaulted = await sim.GetJsonAsync("/tasks/" + second, session);
        Assert.Equal("ERROR", (string)defaulted["status"]!);
        Assert.False(string.IsNullOrWhiteSpace((string?)defaulted["error"]!["message"]));

        using var unknown = await PostControlAsync(sim, "/tasks/nope/fail");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Stats_count_api_requests_by_endpoint_and_reset_clears_everything()
    {
        await using var sim = await TestSimulator.StartAsync(taskDurationMs: 0);
        var session = await sim.LoginAsync();
        var task = await sim.CreatePairingAsync(session, PairingSpecs.Valid());
        for (var i = 0; i < 3; i++)
            await sim.GetJsonAsync("/tasks/" + (string)task["id"]!, session);
        await sim.CallAsync(HttpMethod.Get, "/server/info", session: null);
        await sim.CallAsync(HttpMethod.Get, "/no/such/thing", session);

        var stats = JObject.Parse(await sim.Client.GetStringAsync(sim.Control("/stats")));
        Assert.Equal(7, (long)stats["requests"]!);
        var byEndpoint = (JObject)stats["by_endpoint"]!;
        Assert.Equal(1, (long)byEndpoint["POST /session"]!);
        Assert.Equal(1, (long)byEndpoint["POST /pairings"]!);
        Assert.Equal(3, (long)byEndpoint["GET /tasks/{taskId}"]!);
        Assert.Equal(1, (long)byEndpoint["GET /server/info"]!);
        Assert.Equal(1, (long)byEndpoint["GET (unmatched)"]!);
        Assert.Equal(1, (int)stats["sessions"]!);
        Assert.Equal(1, (int)stats["tasks"]!);
        Assert.Equal(1, (int)stats["pairings"]!);

        using (var reset = await PostControlAsync(sim, "/reset"))
            Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);

        var after = JObject.Parse(await sim.Client.GetStringAsync(sim.Control("/stats")));
        Assert.Equal(0, (long)after["requests"]!);
        Assert.Empty((JObject)after["by_endpoint"]!);
        Assert.Equal(0, (int)after["sessions"]!);
        Assert.Equal(0, (int)after["tasks"]!);
        Assert.Equal(0, (int)after["pairings"]!);

        // The old session is gone, and a new login sees only the self entry.
        Assert.Equal(HttpStatusCode.Unauthorized, (await sim.CallAsync(HttpMethod.Get, "/session", session)).Status);
        var fresh = await sim.LoginAsync();
        Assert.Single((JArray)(await sim.GetJsonAsync("/pairings", fresh))["list"]!);
        Assert.Empty((JArray)(await sim.GetJsonAsync("/tasks", fresh))["list"]!);
    }
    [Fact]
    public async Task Sessions_lists_every_session_id_issued_even_after_logout_and_reset()
    {
        await using var sim = await TestSimulator.StartAsync();
        var first = await sim.LoginAsync();
        var second = await sim.LoginAsync();
        using (await sim.SendAsync(HttpMethod.Delete, "/session", first)) { }
        using (await PostControlAsync(sim, "/reset")) { }

        var sessions = await sim.GetControlJsonAsync("/sessions");
        var issued = ((JArray)sessions["issued"]!).Select(t => (string)t!).ToList();
        Assert.Equal(new[] { first, second }, issued);
        Assert.Equal(0, (int)sessions["live"]!);
    }
}
