using System.Net;
using Newtonsoft.Json.Linq;

namespace Srm.Simulator.Tests;

/// <summary>DELETE /pairings/{pairing_id}: a task that removes the pairing, allowed only with a remote login.</summary>
public sealed class PairingDeleteTests
{
    [Fact]
    public async Task Delete_is_refused_without_a_remote_login_with_an_error_that_says_how_to_log_in()
    {
        await using var sim = await TestSimulator.StartAsync(taskDurationMs: 0);
        var session = await sim.LoginAsync();
        var pairingId = await sim.PairAsync(session);

        var (status, body) = await sim.CallAsync(HttpMethod.Delete, $"/pairings/{pairingId}", session);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        var error = JObject.Parse(body);
        Assert.Equal("REMOTE_SITE_NOT_AUTHENTICATED", (string)error["error_code"]!);
        Assert.Contains("not logged in", (string)error["message"]!);
        Assert.Contains($"POST /pairings/{pairingId}/remote-session", (string)error["message"]!);
        Assert.True(Guid.TryParse((string)error["op_id"]!, out _));

        // Nothing happened: no task, the pairing is still there.
        Assert.Single((JArray)(await sim.GetJsonAsync("/tasks", session))["list"]!);
        Assert.Equal(HttpStatusCode.OK, (await sim.CallAsync(HttpMethod.Get, $"/pairings/{pairingId}", session)).Status);
    }

    [Fact]
    public async Task Delete_after_a_remote_login_runs_a_task_and_removes_the_pairing_when_it_succeeds()
    {
        var clock = new ManualTimeProvider();
        await using var sim = await TestSimulator.StartAsync(taskDurationMs: 1000, configure: o => o.TimeProvider = clock);
        var session = await sim.LoginAsync();
        var task0 = await sim.CreatePairingAsync(session, PairingSpecs.Valid());
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("SUCCESS", (string)(await sim.GetJsonAsync("/tasks/" + task0["id"], session))["status"]!);
        var pairingId = sim.State.GetPairings().Single().PairingId.ToString();
        Assert.Equal(HttpStatusCode.NoContent, (await sim.RemoteLoginAsync(session, pairingId)).Status);

        var (status, body) = await sim.CallAsync(HttpMethod.Delete, $"/pairings/{pairingId}", session);
        Assert.Equal(HttpStatusCode.Accepted, status);
        var task = JObject.Parse(body);
        Assert.Equal("QUEUED", (string)task["status"]!);
        Assert.Equal("Break pairing with vCenter Server 'vc-b.example.com'", (string)task["description"]!);
        Assert.Equal("com.vmware.srm.pairing.delete", (string)task["description_id"]!);
        Assert.Null(task["_meta"]);
        var taskId = (string)task["id"]!;

        clock.Advance(TimeSpan.FromMilliseconds(500));
        var running = await sim.GetJsonAsync("/tasks/" + taskId, session);
        Assert.Equal("RUNNING", (string)running["status"]!);
        Assert.InRange((int)running["progress"]!, 1, 99);
        Assert.Equal(HttpStatusCode.OK, (await sim.CallAsync(HttpMethod.Get, $"/pairings/{pairingId}", session)).Status);

        clock.Advance(TimeSpan.FromMilliseconds(500));
        var done = await sim.GetJsonAsync("/tasks/" + taskId, session);
        Assert.Equal("SUCCESS", (string)done["status"]!);
        Assert.Equal(100, (int)done["progress"]!);
        Assert.Equal(JTokenType.Null, done["result"]!.Type);

        Assert.Equal(HttpStatusCode.NotFound, (await sim.CallAsync(HttpMethod.Get, $"/pairings/{pairingId}", session)).Status);
        var list = (JArray)(await sim.GetJsonAsync("/pairings", session))["list"]!;
        Assert.Equal(SimulatorState.SelfPairingId.ToString(), (string)Assert.Single(list)["pairing_id"]!);
        Assert.Equal(HttpStatusCode.NotFound, (await sim.CallAsync(HttpMethod.Get, $"/pairings/{pairingId}/remote-session", session)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await sim.CallAsync(HttpMethod.Delete, $"/pairings/{pairingId}", session)).Status);
        Assert.Equal(0, (await sim.GetControlJsonAsync("/stats"))["pairings"]!.Value<int>());

        // The site can be paired again, and the new pairing has a new id.
        var again = await sim.CreatePairingAsync(session, PairingSpecs.Valid());
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("SUCCESS", (string)(await sim.GetJsonAsync("/tasks/" + again["id"], session))["status"]!);
        Assert.NotEqual(pairingId, sim.State.GetPairings().Single().PairingId.ToString());
    }

    [Fact]
    public async Task A_second_delete_while_one_is_running_is_a_400_and_a_failed_delete_keeps_the_pairing()
    {
        var clock = new ManualTimeProvider();
        await using var sim = await TestSimulator.StartAsync(taskDurationMs: 1000, configure: o => o.TimeProvider = clock);
        var session = await sim.LoginAsync();
        await sim.CreatePairingAsync(session, PairingSpecs.Valid());
        clock.Advance(TimeSpan.FromSeconds(1));
        var pairingId = sim.State.GetPairings().Single().PairingId.ToString();
        Assert.Equal(HttpStatusCode.NoContent, (await sim.RemoteLoginAsync(session, pairingId)).Status);

        var (first, firstBody) = await sim.CallAsync(HttpMethod.Delete, $"/pairings/{pairingId}", session);
        Assert.Equal(HttpStatusCode.Accepted, first);
        var taskId = (string)JObject.Parse(firstBody)["id"]!;

        clock.Advance(TimeSpan.FromMilliseconds(300));
        var (second, secondBody) = await sim.CallAsync(HttpMethod.Delete, $"/pairings/{pairingId}", session);
        Assert.Equal(HttpStatusCode.BadRequest, second);
        var error = JObject.Parse(secondBody);
        Assert.Equal("OPERATION_IN_PROGRESS", (string)error["error_code"]!);
        Assert.Contains(taskId, (string)error["message"]!);

        // The running delete fails (forced): the pairing stays, and a new delete is accepted.
        Assert.Equal(HttpStatusCode.NoContent, (await sim.PostControlAsync($"/tasks/{taskId}/fail")).Status);
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal("ERROR", (string)(await sim.GetJsonAsync("/tasks/" + taskId, session))["status"]!);
        Assert.Equal(HttpStatusCode.OK, (await sim.CallAsync(HttpMethod.Get, $"/pairings/{pairingId}", session)).Status);
        Assert.Equal(HttpStatusCode.Accepted, (await sim.CallAsync(HttpMethod.Delete, $"/pairings/{pairingId}", session)).Status);
    }

    [Fact]
    public async Task A_stalled_delete_never_removes_the_pairing()
    {
        await using var sim = await TestSimulator.StartAsync(taskDurationMs: 0);
        var session = await sim.LoginAsync();
        var pairingId = await sim.PairAsync(session);
        Assert.Equal(HttpStatusCode.NoContent, (await sim.RemoteLoginAsync(session, pairingId)).Status);
        sim.State.StallNewTasks = true;

        var (status, body) = await sim.CallAsync(HttpMethod.Delete, $"/pairings/{pairingId}", session);
        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal("RUNNING", (string)JObject.Parse(body)["status"]!);
        await Task.Delay(50);
        Assert.Equal(HttpStatusCode.OK, (await sim.CallAsync(HttpMethod.Get, $"/pairings/{pairingId}", session)).Status);
    }

    [Fact]
    public async Task Unknown_pairings_are_404_with_no_body_and_the_self_entry_is_a_400()
    {
        await using var sim = await TestSimulator.StartAsync(taskDurationMs: 0);
        var session = await sim.LoginAsync();

        foreach (var id in new[] { Guid.NewGuid().ToString(), "nope" })
        {
            var (status, body) = await sim.CallAsync(HttpMethod.Delete, $"/pairings/{id}", session);
            Assert.Equal(HttpStatusCode.NotFound, status);
            Assert.Equal("", body);
        }

        var (selfStatus, selfBody) = await sim.CallAsync(HttpMethod.Delete, $"/pairings/{SimulatorState.SelfPairingId}", session);
        Assert.Equal(HttpStatusCode.BadRequest, selfStatus);
        var error = JObject.Parse(selfBody);
        Assert.Equal("INVALID_OPERATION", (string)error["error_code"]!);
        Assert.Contains("is the local site's own entry", (string)error["message"]!);

        Assert.Equal(HttpStatusCode.Unauthorized, (await sim.CallAsync(HttpMethod.Delete, $"/pairings/{Guid.NewGuid()}", null)).Status);
    }
}
