using System.Net;
using Newtonsoft.Json.Linq;

namespace Srm.Simulator.Tests;

/// <summary>--task-result and POST /simulator/task-result: what a successful create task reports as result.</summary>
public sealed class TaskResultTests
{
    [Fact]
    public async Task By_default_a_successful_create_task_has_a_null_result()
    {
        await using var sim = await TestSimulator.StartAsync(taskDurationMs: 0);
        var session = await sim.LoginAsync();
        var task = await sim.CreatePairingAsync(session, PairingSpecs.Valid());
        var done = await sim.GetJsonAsync("/tasks/" + task["id"], session);
        Assert.Equal("SUCCESS", (string)done["status"]!);
        Assert.Equal(JTokenType.Null, done["result"]!.Type);
        Assert.Equal("none", (string)(await sim.GetControlJsonAsync("/settings"))["task_result"]!);
    }

    [Fact]
    public async Task With_the_pairing_id_option_the_result_names_the_new_pairing_once_the_task_succeeded()
    {
        var clock = new ManualTimeProvider();
        await using var sim = await TestSimulator.StartAsync(taskDurationMs: 1000, configure: o =>
        {
            o.TimeProvider = clock;
            o.TaskResult = TaskResultMode.PairingId;
        });
        var session = await sim.LoginAsync();
        var task = await sim.CreatePairingAsync(session, PairingSpecs.Valid());
        Assert.Equal(JTokenType.Null, task["result"]!.Type);
        clock.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal(JTokenType.Null, (await sim.GetJsonAsync("/tasks/" + task["id"], session))["result"]!.Type);

        clock.Advance(TimeSpan.FromMilliseconds(500));
        var done = await sim.GetJsonAsync("/tasks/" + task["id"], session);
        Assert.Equal("SUCCESS", (string)done["status"]!);
        var result = Assert.IsType<JObject>(done["result"]);
        var pairingId = sim.State.GetPairings().Single().PairingId.ToString();
        Assert.Equal(pairingId, (string)result["pairing_id"]!);
        Assert.Single(result.Properties());

        // Also in GET /tasks; a failed task has no result.
        var listed = ((JArray)(await sim.GetJsonAsync("/tasks", session))["list"]!).Single();
        Assert.Equal(pairingId, (string)listed["result"]!["pairing_id"]!);
        var failed = await sim.CreatePairingAsync(session, PairingSpecs.Valid());
        clock.Advance(TimeSpan.FromSeconds(1));
        var failedDone = await sim.GetJsonAsync("/tasks/" + failed["id"], session);
        Assert.Equal("ERROR", (string)failedDone["status"]!);
        Assert.Equal(JTokenType.Null, failedDone["result"]!.Type);
    }

    [Fact]
    public async Task The_control_endpoint_switches_the_mode_for_tasks_created_afterwards()
    {
        await using var sim = await TestSimulator.StartAsync(taskDurationMs: 0);
        var session = await sim.LoginAsync();

        var (status, body) = await sim.PostControlAsync("/task-result", "{\"mode\":\"pairing-id\"}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("pairing-id", (string)JObject.Parse(body)["mode"]!);
        Assert.Equal("pairing-id", (string)(await sim.GetControlJsonAsync("/settings"))["task_result"]!);

        var withId = await sim.CreatePairingAsync(session, PairingSpecs.Valid(PairingSpecs.SiteB));
        var b = sim.State.GetPairings().Single(p => p.Remote.VcGuid == PairingSpecs.SiteB.VcGuid).PairingId.ToString();
        Assert.Equal(b, (string)(await sim.GetJsonAsync("/tasks/" + withId["id"], session))["result"]!["pairing_id"]!);

        Assert.Equal(HttpStatusCode.OK, (await sim.PostControlAsync("/task-result", "{\"mode\":\"none\"}")).Status);
        var without = await sim.CreatePairingAsync(session, PairingSpecs.Valid(PairingSpecs.SiteC));
        Assert.Equal(JTokenType.Null, (await sim.GetJsonAsync("/tasks/" + without["id"], session))["result"]!.Type);
        // The earlier task keeps its result.
        Assert.Equal(b, (string)(await sim.GetJsonAsync("/tasks/" + withId["id"], session))["result"]!["pairing_id"]!);
    }

    [Theory]
    [InlineData("{\"mode\":\"string\"}")]
    [InlineData("{\"mode\":null}")]
    [InlineData("{}")]
    [InlineData("{\"mode\":\"none\",\"extra\":1}")]
    [InlineData("")]
    public async Task A_bad_mode_is_a_400(string json)
    {
        await using var sim = await TestSimulator.StartAsync(taskDurationMs: 0);
        var (status, body) = await sim.PostControlAsync("/task-result", json);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("BAD_REQUEST", (string)JObject.Parse(body)["error_code"]!);
    }

    [Theory]
    [InlineData(new[] { "--task-result", "pairing-id" }, TaskResultMode.PairingId)]
    [InlineData(new[] { "--task-result=Pairing-Id" }, TaskResultMode.PairingId)]
    [InlineData(new[] { "--task-result", "none" }, TaskResultMode.None)]
    [InlineData(new string[0], TaskResultMode.None)]
    public void The_option_is_parsed(string[] args, TaskResultMode expected) =>
        Assert.Equal(expected, SimulatorOptions.Parse(args).TaskResult);

    [Fact]
    public void A_bad_option_value_is_a_clear_error()
    {
        var ex = Assert.Throws<SimulatorOptionsException>(() => SimulatorOptions.Parse(["--task-result", "id"]));
        Assert.Contains("none, pairing-id or pairing-id-string", ex.Message);
        Assert.Contains("--task-result", SimulatorOptions.Usage);
    }
}
