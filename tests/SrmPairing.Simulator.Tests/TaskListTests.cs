using System.Net;
using Newtonsoft.Json.Linq;

namespace Srm.Simulator.Tests;

public sealed class TaskListTests
{
    [Fact]
    public async Task Get_tasks_lists_every_task_oldest_first_with_list_metadata()
    {
        await using var sim = await TestSimulator.StartAsync();
        var session = await sim.LoginAsync();
        var empty = await sim.GetJsonAsync("/tasks", session);
        Assert.Empty((JArray)empty["list"]!);
        Assert.Equal(0, (int)empty["_meta"]!["total"]!);

        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
            ids.Add((string)(await sim.CreatePairingAsync(session, PairingSpecs.Valid()))["id"]!);

        var all = await sim.GetJsonAsync("/tasks", session);
        Assert.Equal(ids, ((JArray)all["list"]!).Select(t => (string)t["id"]!));
        Assert.Equal(3, (int)all["_meta"]!["total"]!);
        Assert.Equal(0, (int)all["_meta"]!["offset"]!);
        Assert.Equal(100, (int)all["_meta"]!["limit"]!);
        Assert.Empty(all["_meta"]!["errors"]!);
        Assert.All((JArray)all["list"]!, t => Assert.Null(t["_meta"]));
    }

    [Fact]
    public async Task An_id_filter_returns_exactly_the_requested_tasks()
    {
        await using var sim = await TestSimulator.StartAsync(taskDurationMs: 300);
        var session = await sim.LoginAsync();
        var created = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => sim.CreatePairingAsync(session, PairingSpecs.Valid())));
        var ids = created.Select(t => (string)t["id"]!).ToList();
        var wanted = new[] { ids[3], ids[7], ids[19], "no-such-task" };

        var query = "/tasks?filter_property=id&" + string.Join("&", wanted.Select(w => "filter=" + Uri.EscapeDataString(w))) + "&limit=200";
        var result = await sim.GetJsonAsync(query, session);
        var got = ((JArray)result["list"]!).Select(t => (string)t["id"]!).ToList();
        // Oldest first: the server's order is the order the tasks were created in (their sequence numbers).
        Assert.Equal(new[] { ids[3], ids[7], ids[19] }.OrderBy(x => int.Parse(x["pairing-task-".Length..])), got);
        Assert.Equal(3, (int)result["_meta"]!["total"]!);
        Assert.Equal(200, (int)result["_meta"]!["limit"]!);
    }

    [Fact]
    public async Task Tasks_can_be_filtered_by_status_and_paged()
    {
        await using var sim = await TestSimulator.StartAsync(taskDurationMs: 0);
        var session = await sim.LoginAsync();
        await sim.CreatePairingAsync(session, PairingSpecs.Valid()); // succeeds
        await sim.CreatePairingAsync(session, PairingSpecs.Valid()); // already paired: error
        await sim.CreatePairingAsync(session, PairingSpecs.Valid(PairingSpecs.SiteC)); // succeeds

        var succeeded = await sim.GetJsonAsync("/tasks?filter_property=status&filter=SUCCESS", session);
        Assert.Equal(2, ((JArray)succeeded["list"]!).Count);
        var either = await sim.GetJsonAsync("/tasks?filter_property=status&filter=error&filter=cancelled", session);
        Assert.Single((JArray)either["list"]!);

        var page = await sim.GetJsonAsync("/tasks?limit=2&offset=2", session);
        Assert.Single((JArray)page["list"]!);
        Assert.Equal(3, (int)page["_meta"]!["total"]!);
    }

    [Fact]
    public async Task Tasks_can_be_filtered_by_description_id_and_limited()
    {
        await using var sim = await TestSimulator.StartAsync(taskDurationMs: 0);
        var session = await sim.LoginAsync();
        await sim.CreatePairingAsync(session, PairingSpecs.Valid());
        await sim.CreatePairingAsync(session, PairingSpecs.Valid(PairingSpecs.SiteC));
        var descriptionId = (string)(await sim.GetJsonAsync("/tasks", session))["list"]![0]!["description_id"]!;
        Assert.False(string.IsNullOrEmpty(descriptionId));

        var matching = await sim.GetJsonAsync("/tasks?filter_property=description_id&filter=" + Uri.EscapeDataString(descriptionId) + "&limit=1", session);
        Assert.Single((JArray)matching["list"]!);
        Assert.Equal(descriptionId, (string)matching["list"]![0]!["description_id"]!);
        Assert.Equal(2, (int)matching["_meta"]!["total"]!);

        var none = await sim.GetJsonAsync("/tasks?filter_property=description_id&filter=com.vmware.srm.no-such-task", session);
        Assert.Empty((JArray)none["list"]!);
    }

    [Fact]
    public async Task A_refused_task_filter_is_400_and_the_unfiltered_list_still_answers()
    {
        await using var sim = await TestSimulator.StartAsync(taskDurationMs: 0);
        var session = await sim.LoginAsync();
        await sim.CreatePairingAsync(session, PairingSpecs.Valid());
        var (set, answer) = await sim.PostControlAsync("/task-filters", "{\"refused\": [\"STATUS\"]}");
        Assert.Equal(HttpStatusCode.OK, set);
        Assert.Equal(new[] { "STATUS" }, JObject.Parse(answer)["refused"]!.Select(v => (string)v!));

        var (status, body) = await sim.CallAsync(HttpMethod.Get, "/tasks?filter_property=status&filter=SUCCESS", session);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("status", (string)JObject.Parse(body)["message"]!);
        Assert.Single((JArray)(await sim.GetJsonAsync("/tasks", session))["list"]!);
        Assert.Single((JArray)(await sim.GetJsonAsync("/tasks?filter_property=description_id&filter=" +
            Uri.EscapeDataString((string)(await sim.GetJsonAsync("/tasks", session))["list"]![0]!["description_id"]!), session))["list"]!);

        Assert.Equal(HttpStatusCode.OK, (await sim.PostControlAsync("/task-filters", "{\"refused\": []}")).Status);
        Assert.Single((JArray)(await sim.GetJsonAsync("/tasks?filter_property=status&filter=SUCCESS", session))["list"]!);
    }

    [Fact]
    public async Task The_task_filters_control_refuses_a_body_without_refused()
    {
        await using var sim = await TestSimulator.StartAsync();
        var (status, _) = await sim.PostControlAsync("/task-filters", "{}");
        Assert.Equal(HttpStatusCode.BadRequest, status);
    }

    [Fact]
    public async Task Get_task_by_id_has_meta_and_unknown_ids_are_404_with_an_empty_body()
    {
        await using var sim = await TestSimulator.StartAsync();
        var session = await sim.LoginAsync();
        var created = await sim.CreatePairingAsync(session, PairingSpecs.Valid());
        var task = await sim.GetJsonAsync("/tasks/" + (string)created["id"]!, session);
        Assert.Equal((string)created["id"]!, (string)task["id"]!);
        Assert.Empty(task["_meta"]!["errors"]!);

        var (status, body) = await sim.CallAsync(HttpMethod.Get, "/tasks/pairing-task-999", session);
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("", body);
    }

    [Fact]
    public async Task Bad_task_list_parameters_are_400()
    {
        await using var sim = await TestSimulator.StartAsync();
        var session = await sim.LoginAsync();
        var (status, body) = await sim.CallAsync(HttpMethod.Get, "/tasks?filter_property=idd&filter=x", session);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("idd", (string)JObject.Parse(body)["message"]!);
    }
}
