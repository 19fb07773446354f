using System.Net;
using Newtonsoft.Json.Linq;

namespace Srm.Simulator.Tests;

public sealed class PairingCreationTests
{
    [Fact]
    public async Task A_pairing_task_succeeds_and_the_pairing_appears_in_the_list_and_by_id()
    {
        await using var sim = await TestSimulator.StartAsync(taskDurationMs: 300);
        var session = await sim.LoginAsync();

        var task = await sim.CreatePairingAsync(session, PairingSpecs.ValidWithThumbprints());
        Assert.Equal("QUEUED", (string)task["status"]!);
        Assert.Equal("Pair with vCenter Server 'vc-b.example.com'", (string)task["description"]!);
        Assert.Equal("com.vmware.srm.pairing.create", (string)task["description_id"]!);
        Assert.Equal(JTokenType.Null, task["error"]!.Type);
        Assert.Equal(JTokenType.Null, task["result"]!.Type);

        // Not there before the task has succeeded.
        var before = await sim.GetJsonAsync("/pairings", session);
        Assert.Single((JArray)before["list"]!);

        var done = await sim.WaitForTaskAsync(session, (string)task["id"]!);
        Assert.Equal("SUCCESS", (string)done["status"]!);
        Assert.Equal(100, (int)done["progress"]!);
        Assert.Equal(JTokenType.Null, done["error"]!.Type);

        var list = (JArray)(await sim.GetJsonAsync("/pairings", session))["list"]!;
        Assert.Equal(2, list.Count);
        var pairing = list.Single(p => (string)p["pairing_id"]! != "0e5d4c3b-2a19-4f08-b7e6-d5c4b3a29101");
        var site = PairingSpecs.SiteB;
        Assert.Equal(site.VcGuid.ToString(), (string)pairing["remote_vc_server"]!["id"]!);
        Assert.Equal("vc-b.example.com", (string)pairing["remote_vc_server"]!["name"]!);
        Assert.Equal(site.SrmId.ToString(), (string)pairing["remote_srm_server"]!["id"]!);
        Assert.Equal("srm-b.example.com", (string)pairing["remote_srm_server"]!["name"]!);
        Assert.Equal("https://srm-b.example.com:443", (string)pairing["remote_srm_server"]!["url"]!);
        Assert.Equal("2f9a5a4e-6c1b-4f4a-9d0e-5b8a3c1d7e01", (string)pairing["local_vc_server"]!["id"]!);
        Assert.Equal("srm-a.example.com", (string)pairing["local_srm_server"]!["name"]!);

        var byId = await sim.GetJsonAsync("/pairings/" + (string)pairing["pairing_id"]!, session);
        Assert.Equal((string)pairing["pairing_id"]!, (string)byId["pairing_id"]!);
        Assert.Equal(site.VcGuid.ToString(), (string)byId["remote_vc_server"]!["id"]!);
        Assert.Empty(byId["_meta"]!["errors"]!);
    }

    [Fact]
    public async Task The_pairing_appears_even_if_nobody_polls_the_task()
    {
        await using var sim = await TestSimulator.StartAsync(taskDurationMs: 200);
        var session = await sim.LoginAsync();
        await sim.CreatePairingAsync(session, PairingSpecs.Valid());
        // No GET /tasks is made: the pairing shows up in the list on its own, within a few task durations.
        var list = await TestSimulator.PollAsync(async () => (JArray)(await sim.GetJsonAsync("/pairings", session))["list"]!, l => l.Count >= 2);
        Assert.Equal(2, list.Count);
        var byEndpoint = (JObject)(await sim.GetControlJsonAsync("/stats"))["by_endpoint"]!;
        Assert.DoesNotContain(byEndpoint.Properties(), p => p.Name.StartsWith("GET /tasks", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_task_is_queued_then_running_with_rising_progress_then_final_with_times()
    {
        var clock = new ManualTimeProvider();
        await using var sim = await TestSimulator.StartAsync(taskDurationMs: 1000, configure: o => o.TimeProvider = clock);
        var session = await sim.LoginAsync();
        var created = await sim.CreatePairingAsync(session, PairingSpecs.Valid());
        var id = (string)created["id"]!;
        var queuedAt = clock.GetUtcNow().ToUnixTimeMilliseconds();

        Assert.Equal("QUEUED", (string)created["status"]!);
        Assert.Equal(0, (int)created["progress"]!);
        Assert.Equal(queuedAt, (long)created["queued_time"]!);
        Assert.Equal(JTokenType.Null, created["start_time"]!.Type);
        Assert.Equal(JTokenType.Null, created["complete_time"]!.Type);

        clock.Advance(TimeSpan.FromMilliseconds(50));
        Assert.Equal("QUEUED", (string)(await sim.GetJsonAsync("/tasks/" + id, session))["status"]!);

        clock.Advance(TimeSpan.FromMilliseconds(100)); // 150 ms: running
        var early = await sim.GetJsonAsync("/tasks/" + id, session);
        Assert.Equal("RUNNING", (string)early["status"]!);
        Assert.Equal(queuedAt + 100, (long)early["start_time"]!);
        Assert.Equal(JTokenType.Null, early["complete_time"]!.Type);

        clock.Advance(TimeSpan.FromMilliseconds(400)); // 550 ms
        var later = await sim.GetJsonAsync("/tasks/" + id, session);
        Assert.Equal("RUNNING", (string)later["status"]!);
        Assert.InRange((int)later["progress"]!, (int)early["progress"]! + 1, 99);
        Assert.InRange((int)later["progress"]!, 45, 55);

        // No pairing until the task has finished.
        Assert.Single((JArray)(await sim.GetJsonAsync("/pairings", session))["list"]!);

        clock.Advance(TimeSpan.FromMilliseconds(450)); // 1000 ms: done
        var done = await sim.GetJsonAsync("/tasks/" + id, session);
        Assert.Equal("SUCCESS", (string)done["status"]!);
        Assert.Equal(100, (int)done["progress"]!);
        Assert.Equal(queuedAt + 1000, (long)done["complete_time"]!);
        Assert.Equal(2, ((JArray)(await sim.GetJsonAsync("/pairings", session))["list"]!).Count);
    }

    [Fact]
    public async Task A_failing_task_ends_in_error_part_way_with_the_progress_it_reached()
    {
        var clock = new ManualTimeProvider();
        await using var sim = await TestSimulator.StartAsync(taskDurationMs: 1000, configure: o => o.TimeProvider = clock);
        var session = await sim.LoginAsync();
        var created = await sim.CreatePairingAsync(session, PairingSpecs.Valid().With(s => s["pair_psc_info"]!["password"] = "nope"));
        var id = (string)created["id"]!;
        var queuedAt = clock.GetUtcNow().ToUnixTimeMilliseconds();

        clock.Advance(TimeSpan.FromMilliseconds(300));
        Assert.Equal("RUNNING", (string)(await sim.GetJsonAsync("/tasks/" + id, session))["status"]!);

        clock.Advance(TimeSpan.FromMilliseconds(700));
        var failed = await sim.GetJsonAsync("/tasks/" + id, session);
        Assert.Equal("ERROR", (string)failed["status"]!);
        Assert.InRange((int)failed["progress"]!, 1, 99);
        Assert.Equal(queuedAt + 100, (long)failed["start_time"]!);
        Assert.InRange((long)failed["complete_time"]!, queuedAt + 100, queuedAt + 1000);
        Assert.Single((JArray)(await sim.GetJsonAsync("/pairings", session))["list"]!);
    }

    [Fact]
    public async Task The_spec_forms_of_thumbprints_and_urls_are_all_accepted()
    {
        await using var sim = await TestSimulator.StartAsync(taskDurationMs: 0);
        var session = await sim.LoginAsync();
        var b = PairingSpecs.SiteB;
        // PSC url with scheme and trailing slash, lower-case dashed SHA-256 PSC thumbprint, SRM url with scheme and port.
        var spec = PairingSpecs.Valid(b).With(s =>
        {
            s["pair_psc_info"]!["url"] = "https://VC-B.example.com/";
            s["pair_psc_info"]!["thumbprint"] = b.PscThumbprintSha256!.Replace(':', '-').ToLowerInvariant();
            s["pair_srm_url"] = "https://srm-b.example.com:443/";
            s["pair_srm_thumbprint"] = b.SrmThumbprint.Replace(":", " ");
        });
        var task = await sim.CreatePairingAsync(session, spec);
        Assert.Equal("SUCCESS", (string)(await sim.WaitForTaskAsync(session, (string)task["id"]!))["status"]!);

        var c = PairingSpecs.SiteC;
        var specC = PairingSpecs.Valid(c).With(s =>
        {
            s["pair_srm_url"] = "srm-c.example.com:443";
            s["pair_srm_thumbprint"] = c.SrmThumbprintSha256;
            ((JObject)s["pair_psc_info"]!).Remove("thumbprint"); // a missing PSC thumbprint counts as null
        });
        var taskC = await sim.CreatePairingAsync(session, specC);
        Assert.Equal("SUCCESS", (string)(await sim.WaitForTaskAsync(session, (string)taskC["id"]!))["status"]!);
    }

    [Fact]
    public async Task Two_hundred_pairing_requests_at_once_are_all_answered_and_polled_concurrently()
    {
        await using var sim = await TestSimulator.StartAsync(taskDurationMs: 300);
        var session = await sim.LoginAsync();
        var tasks = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => sim.CreatePairingAsync(session, PairingSpecs.Valid())));
        var ids = tasks.Select(t => (string)t["id"]!).ToList();
        Assert.Equal(200, ids.Distinct().Count());

        var finals = await Task.WhenAll(ids.Select(id => sim.WaitForTaskAsync(session, id)));
        // Exactly one can pair with vc-b; the others fail because that pairing is in progress or exists.
        Assert.Equal(1, finals.Count(t => (string)t["status"]! == "SUCCESS"));
        Assert.Equal(199, finals.Count(t => (string)t["status"]! == "ERROR"));
        Assert.Equal(2, ((JArray)(await sim.GetJsonAsync("/pairings", session))["list"]!).Count);
        Assert.Equal(200, sim.State.GetTasks().Count);
    }
}
