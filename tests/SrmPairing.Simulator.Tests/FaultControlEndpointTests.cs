using System.Net;
using Newtonsoft.Json.Linq;

namespace Srm.Simulator.Tests;

public sealed class FaultControlEndpointTests(SharedSimulator shared) : IClassFixture<SharedSimulator>
{
    [Fact]
    public async Task Post_answers_201_with_the_rule_and_get_lists_active_rules_with_remaining_counts()
    {
        var sim = shared.Sim;
        await sim.ClearFaultsAsync();
        var added = await sim.AddFaultAsync("{\"kind\":\"status\",\"status\":503,\"count\":2,\"endpoint\":\"get /tasks/{taskId}\"}");
        Assert.True((int)added["id"]! > 0);
        Assert.Equal("status", (string)added["kind"]!);
        Assert.Equal(503, (int)added["status"]!);
        Assert.Equal("GET /tasks/{taskId}", (string)added["endpoint"]!);
        Assert.Equal(2, (int)added["count"]!);
        Assert.Equal(2, (int)added["remaining"]!);
        Assert.Equal("kind=status,status=503,count=2,endpoint=GET /tasks/{taskId}", (string)added["spec"]!);
        var drop = await sim.AddFaultAsync("{\"kind\":\"drop\",\"when\":\"after\"}");

        await sim.CallAsync(HttpMethod.Get, "/tasks/pairing-task-999", shared.Session);

        var faults = (JArray)(await sim.GetControlJsonAsync("/faults"))["faults"]!;
        Assert.Equal(2, faults.Count);
        Assert.Equal((int)added["id"]!, (int)faults[0]["id"]!);
        Assert.Equal(1, (int)faults[0]["remaining"]!);
        Assert.Equal("after", (string)faults[1]["when"]!);
        Assert.Null((int?)faults[1]["remaining"]);

        using (var removed = await sim.Client.DeleteAsync(sim.Control($"/faults/{drop["id"]}")))
            Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        using (var again = await sim.Client.DeleteAsync(sim.Control($"/faults/{drop["id"]}")))
            Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Single((JArray)(await sim.GetControlJsonAsync("/faults"))["faults"]!);

        await sim.ClearFaultsAsync();
        Assert.Empty((JArray)(await sim.GetControlJsonAsync("/faults"))["faults"]!);
    }

    [Theory]
    [InlineData("", "the body is empty")]
    [InlineData("not json", "")]
    [InlineData("{\"kind\":\"status\",\"status\":503", "")]
    [InlineData("[]", "")]
    [InlineData("null", "the body is null")]
    [InlineData("{\"kind\":\"status\",\"status\":\"503\"}", "")]
    [InlineData("{\"kind\":\"status\",\"statu\":503}", "statu")]
    [InlineData("{}", "kind is required")]
    [InlineData("{\"kind\":\"teapot\"}", "kind must be")]
    [InlineData("{\"kind\":\"1\"}", "kind must be")]
    [InlineData("{\"kind\":\"status\"}", "status rules need status")]
    [InlineData("{\"kind\":\"status\",\"status\":418}", "status must be one of")]
    [InlineData("{\"kind\":\"status\",\"status\":502,\"retry_after\":2}", "retry_after applies only to status 429 and 503")]
    [InlineData("{\"kind\":\"status\",\"status\":429,\"retry_after\":-1}", "retry_after must be from 0")]
    [InlineData("{\"kind\":\"status\",\"status\":503,\"ms\":5}", "ms does not apply to status rules")]
    [InlineData("{\"kind\":\"latency\"}", "latency rules need ms")]
    [InlineData("{\"kind\":\"latency\",\"ms\":-5}", "ms must be from 0")]
    [InlineData("{\"kind\":\"latency\",\"ms\":5,\"when\":\"after\"}", "when does not apply to latency rules")]
    [InlineData("{\"kind\":\"drop\",\"when\":\"later\"}", "when must be before or after")]
    [InlineData("{\"kind\":\"drop\",\"status\":503}", "status does not apply to drop rules")]
    [InlineData("{\"kind\":\"malformed\",\"ms\":1}", "ms does not apply to malformed rules")]
    [InlineData("{\"kind\":\"html\",\"status\":200}", "from 400 to 599")]
    [InlineData("{\"kind\":\"drop\",\"count\":0}", "count must be from 1")]
    [InlineData("{\"kind\":\"drop\",\"endpoint\":\"/tasks\"}", "endpoint must be")]
    [InlineData("{\"kind\":\"drop\",\"endpoint\":\"FETCH /tasks\"}", "endpoint must be")]
    [InlineData("{\"kind\":\"drop\",\"endpoint\":\"GET /tasks/{id}\"}", "is not an API endpoint")]
    public async Task Bad_rules_are_400_with_a_response_error_and_add_nothing(string body, string expected)
    {
        var sim = shared.Sim;
        await sim.ClearFaultsAsync();
        var (status, text) = await sim.PostControlAsync("/faults", body);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        var error = JObject.Parse(text);
        Assert.Equal("BAD_REQUEST", (string)error["error_code"]!);
        Assert.Contains(expected, (string)error["message"]!);
        Assert.Empty((JArray)(await sim.GetControlJsonAsync("/faults"))["faults"]!);
    }

    [Fact]
    public async Task Reset_clears_the_fault_rules()
    {
        await using var sim = await TestSimulator.StartAsync(configure: o =>
            o.Faults.Add(Faults.FaultSpecParser.TryParse("status=503", out var rule, out _) ? rule! : throw new InvalidOperationException()));
        Assert.Single((JArray)(await sim.GetControlJsonAsync("/faults"))["faults"]!);
        await sim.AddFaultAsync("{\"kind\":\"html\"}");
        Assert.Equal("503 json", await FaultOutcome.ObserveAsync(sim, HttpMethod.Post, "/session", null));

        Assert.Equal(HttpStatusCode.NoContent, (await sim.PostControlAsync("/reset")).Status);

        Assert.Empty((JArray)(await sim.GetControlJsonAsync("/faults"))["faults"]!);
        Assert.Equal(0, (long)(await sim.GetControlJsonAsync("/stats"))["faults_injected"]!);
        await sim.LoginAsync();
    }

    [Fact]
    public async Task Start_up_rules_naming_an_unknown_endpoint_are_refused()
    {
        var options = SimulatorOptions.Parse(["--fault", "kind=drop,endpoint=GET /task/{taskId}"]);
        var ex = await Assert.ThrowsAsync<SimulatorOptionsException>(() => SimulatorHost.StartAsync(options));
        Assert.Contains("GET /task/{taskId}", ex.Message);
        Assert.Contains("GET /tasks/{taskId}", ex.Message);
    }

    [Fact]
    public async Task Settings_show_every_switch()
    {
        await using var sim = await TestSimulator.StartAsync(configure: o =>
        {
            o.SessionLifetime = TimeSpan.FromSeconds(90);
            o.StallTasks = true;
            o.RateLimit = new Faults.RateLimitSettings(true, 7, 8);
        });
        await sim.AddFaultAsync("{\"kind\":\"latency\",\"ms\":5}");
        var settings = await sim.GetControlJsonAsync("/settings");
        Assert.Equal(90, (int)settings["session_lifetime_seconds"]!);
        Assert.True((bool)settings["stall_tasks"]!);
        Assert.Equal(7, (int)settings["rate_limit"]!["per_session"]!);
        Assert.Equal(8, (int)settings["rate_limit"]!["per_address"]!);
        Assert.Equal(60, (double)settings["rate_limit"]!["window_seconds"]!);
        Assert.Equal("kind=latency,ms=5", (string)settings["faults"]![0]!["spec"]!);
    }
}
