using System.Net;
using Newtonsoft.Json.Linq;

namespace Srm.Simulator.Tests;

public sealed class StalledTaskTests
{
    [Fact]
    public async Task With_stall_tasks_new_pairing_tasks_stay_running_below_100_and_make_no_pairing()
    {
        var clock = new ManualTimeProvider();
        await using var sim = await TestSimulator.StartAsync(taskDurationMs: 1000, configure: o => { o.TimeProvider = clock; o.StallTasks = true; });
        var session = await sim.LoginAsync();
        var id = (string)(await sim.CreatePairingAsync(session, PairingSpecs.Valid()))["id"]!;

        clock.Advance(TimeSpan.FromMilliseconds(500));
        var halfway = (int)(await sim.GetJsonAsync("/tasks/" + id, session))["progress"]!;
        clock.Advance(TimeSpan.FromDays(1));
        var task = await sim.GetJsonAsync("/tasks/" + id, session);
        Assert.Equal("RUNNING", (string)task["status"]!);
        Assert.InRange((int)task["progress"]!, halfway, 99);
        Assert.Equal(JTokenType.Null, task["complete_time"]!.Type);
        Assert.Single((JArray)(await sim.GetJsonAsync("/pairings", session))["list"]!);

        Assert.Equal(HttpStatusCode.NoContent, (await sim.PostControlAsync($"/tasks/{id}/cancel")).Status);
        Assert.Equal("CANCELLED", (string)(await sim.GetJsonAsync("/tasks/" + id, session))["status"]!);
    }

    [Fact]
    public async Task A_task_planned_to_fail_never_fails_when_stalled()
    {
        var clock = new ManualTimeProvider();
        await using var sim = await TestSimulator.StartAsync(taskDurationMs: 1000, configure: o => { o.TimeProvider = clock; o.StallTasks = true; });
        var session = await sim.LoginAsync();
        var spec = PairingSpecs.Valid().With(s => s["pair_vc_guid"] = sim.State.Sites.Local.VcGuid.ToString());
        var id = (string)(await sim.CreatePairingAsync(session, spec))["id"]!;
        clock.Advance(TimeSpan.FromHours(1));
        var task = await sim.GetJsonAsync("/tasks/" + id, session);
        Assert.Equal("RUNNING", (string)task["status"]!);
        Assert.InRange((int)task["progress"]!, 0, 99);
    }

    [Fact]
    public async Task Stalling_one_task_leaves_the_others_alone_and_fail_still_ends_it()
    {
        var clock = new ManualTimeProvider();
        await using var sim = await TestSimulator.StartAsync(taskDurationMs: 1000, configure: o => o.TimeProvider = clock);
        var session = await sim.LoginAsync();
        var stalled = (string)(await sim.CreatePairingAsync(session, PairingSpecs.Valid(PairingSpecs.SiteB)))["id"]!;
        var normal = (string)(await sim.CreatePairingAsync(session, PairingSpecs.Valid(PairingSpecs.SiteC)))["id"]!;
        clock.Advance(TimeSpan.FromMilliseconds(300));

        Assert.Equal(HttpStatusCode.NoContent, (await sim.PostControlAsync($"/tasks/{stalled}/stall")).Status);
        clock.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal("RUNNING", (string)(await sim.GetJsonAsync("/tasks/" + stalled, session))["status"]!);
        Assert.Equal("SUCCESS", (string)(await sim.GetJsonAsync("/tasks/" + normal, session))["status"]!);

        Assert.Equal(HttpStatusCode.NoContent, (await sim.PostControlAsync($"/tasks/{stalled}/fail", "{\"message\":\"gave up\"}")).Status);
        var failed = await sim.GetJsonAsync("/tasks/" + stalled, session);
        Assert.Equal("ERROR", (string)failed["status"]!);
        Assert.Equal("gave up", (string)failed["error"]!["message"]!);

        Assert.Equal(HttpStatusCode.Conflict, (await sim.PostControlAsync($"/tasks/{normal}/stall")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await sim.PostControlAsync("/tasks/no-such-task/stall")).Status);
    }

    [Fact]
    public async Task Stalling_new_tasks_can_be_switched_at_run_time()
    {
        var clock = new ManualTimeProvider();
        await using var sim = await TestSimulator.StartAsync(taskDurationMs: 1000, configure: o => o.TimeProvider = clock);
        var session = await sim.LoginAsync();

        var (status, body) = await sim.PostControlAsync("/stall-tasks", "{\"enabled\":true}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("{\"enabled\":true}", body);
        var stalled = (string)(await sim.CreatePairingAsync(session, PairingSpecs.Valid(PairingSpecs.SiteB)))["id"]!;
        Assert.Equal(HttpStatusCode.OK, (await sim.PostControlAsync("/stall-tasks", "{\"enabled\":false}")).Status);
        var normal = (string)(await sim.CreatePairingAsync(session, PairingSpecs.Valid(PairingSpecs.SiteC)))["id"]!;
        clock.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal("RUNNING", (string)(await sim.GetJsonAsync("/tasks/" + stalled, session))["status"]!);
        Assert.Equal("SUCCESS", (string)(await sim.GetJsonAsync("/tasks/" + normal, session))["status"]!);

        Assert.Equal(HttpStatusCode.BadRequest, (await sim.PostControlAsync("/stall-tasks", "{}")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await sim.PostControlAsync("/stall-tasks", "{\"enabled\":\"yes\"}")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await sim.PostControlAsync("/stall-tasks")).Status);
    }
}
