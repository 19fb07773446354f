using System.Diagnostics;
using System.Net;
using Newtonsoft.Json.Linq;

namespace Srm.Simulator.Tests;

/// <summary>Fault rules added through POST /simulator/faults, seen from a client. One simulator per class; each test clears the rules first.</summary>
public sealed class FaultInjectionTests(SharedSimulator shared) : IClassFixture<SharedSimulator>
{
    private async Task<TestSimulator> CleanAsync()
    {
        await shared.Sim.ClearFaultsAsync();
        return shared.Sim;
    }

    [Theory]
    [InlineData("{\"kind\":\"status\",\"status\":500}", "500 json")]
    [InlineData("{\"kind\":\"status\",\"status\":502}", "502 json")]
    [InlineData("{\"kind\":\"status\",\"status\":503}", "503 json")]
    [InlineData("{\"kind\":\"status\",\"status\":504}", "504 json")]
    [InlineData("{\"kind\":\"status\",\"status\":408}", "408 json")]
    [InlineData("{\"kind\":\"status\",\"status\":429}", "429 json")]
    [InlineData("{\"kind\":\"status\",\"status\":400}", "400 json")]
    [InlineData("{\"kind\":\"status\",\"status\":403}", "403 json")]
    [InlineData("{\"kind\":\"status\",\"status\":401}", "401 empty")]
    [InlineData("{\"status\":503}", "503 json")]
    [InlineData("{\"kind\":\"html\"}", "502 html")]
    [InlineData("{\"kind\":\"html\",\"status\":504}", "504 html")]
    [InlineData("{\"kind\":\"drop\",\"when\":\"before\"}", FaultOutcome.Dropped)]
    [InlineData("{\"kind\":\"drop\",\"when\":\"after\"}", FaultOutcome.Dropped)]
    [InlineData("{\"kind\":\"drop\"}", FaultOutcome.Dropped)]
    [InlineData("{\"kind\":\"malformed\"}", "200 malformed")]
    public async Task A_rule_with_an_endpoint_filter_hits_only_that_endpoint_count_times(string rule, string expected)
    {
        var sim = await CleanAsync();
        var filtered = JObject.Parse(rule);
        filtered["endpoint"] = "GET /server/info";
        filtered["count"] = 2;
        await sim.AddFaultAsync(filtered.ToString());

        Assert.Equal("200 json", await FaultOutcome.GetAsync(sim, "/session", shared.Session));
        Assert.Equal(expected, await FaultOutcome.GetAsync(sim, "/server/info", shared.Session));
        Assert.Equal(expected, await FaultOutcome.GetAsync(sim, "/server/info", shared.Session));
        Assert.Equal("200 json", await FaultOutcome.GetAsync(sim, "/server/info", shared.Session));
        Assert.Empty((JArray)(await sim.GetControlJsonAsync("/faults"))["faults"]!);
    }

    [Theory]
    [InlineData("{\"kind\":\"status\",\"status\":503}", "503 json")]
    [InlineData("{\"kind\":\"html\"}", "502 html")]
    [InlineData("{\"kind\":\"drop\",\"when\":\"before\"}", FaultOutcome.Dropped)]
    [InlineData("{\"kind\":\"malformed\"}", "200 malformed")]
    public async Task A_rule_without_a_filter_hits_any_api_request_including_login_and_unknown_paths(string rule, string expected)
    {
        var sim = await CleanAsync();
        var counted = JObject.Parse(rule);
        counted["count"] = 3;
        await sim.AddFaultAsync(counted.ToString());

        Assert.Equal(expected, await FaultOutcome.GetAsync(sim, "/session", shared.Session));
        Assert.Equal(expected, await FaultOutcome.ObserveAsync(sim, HttpMethod.Post, "/session", session: null));
        Assert.Equal(expected, await FaultOutcome.GetAsync(sim, "/no/such/thing", shared.Session));
        Assert.Equal("200 json", await FaultOutcome.GetAsync(sim, "/session", shared.Session));
    }

    [Fact]
    public async Task Control_endpoints_are_never_faulted()
    {
        var sim = await CleanAsync();
        await sim.AddFaultAsync("{\"kind\":\"drop\"}");
        var stats = await sim.GetControlJsonAsync("/stats");
        Assert.NotNull(stats["requests"]);
        Assert.Equal(FaultOutcome.Dropped, await FaultOutcome.GetAsync(sim, "/session", shared.Session));
    }

    [Fact]
    public async Task A_rule_without_a_count_applies_until_cleared()
    {
        var sim = await CleanAsync();
        var rule = await sim.AddFaultAsync("{\"kind\":\"status\",\"status\":504,\"endpoint\":\"GET /session\"}");
        Assert.Null((int?)rule["remaining"]);
        for (var i = 0; i < 5; i++)
            Assert.Equal("504 json", await FaultOutcome.GetAsync(sim, "/session", shared.Session));
        await sim.ClearFaultsAsync();
        Assert.Equal("200 json", await FaultOutcome.GetAsync(sim, "/session", shared.Session));
    }

    [Fact]
    public async Task Rules_apply_in_order_and_the_first_matching_one_wins()
    {
        var sim = await CleanAsync();
        await sim.AddFaultAsync("{\"kind\":\"status\",\"status\":503,\"count\":1,\"endpoint\":\"GET /session\"}");
        await sim.AddFaultAsync("{\"kind\":\"status\",\"status\":502,\"count\":1}");
        await sim.AddFaultAsync("{\"kind\":\"html\",\"count\":1}");

        Assert.Equal("503 json", await FaultOutcome.GetAsync(sim, "/session", shared.Session));
        Assert.Equal("502 json", await FaultOutcome.GetAsync(sim, "/session", shared.Session));
        Assert.Equal("502 html", await FaultOutcome.GetAsync(sim, "/session", shared.Session));
        Assert.Equal("200 json", await FaultOutcome.GetAsync(sim, "/session", shared.Session));
    }

    [Fact]
    public async Task A_status_fault_answers_a_response_error_without_handling_the_request()
    {
        var sim = await CleanAsync();
        await sim.AddFaultAsync("{\"kind\":\"status\",\"status\":503,\"count\":1,\"endpoint\":\"POST /pairings\"}");
        var before = (long)(await sim.GetControlJsonAsync("/stats"))["tasks"]!;

        using var response = await sim.SendAsync(HttpMethod.Post, "/pairings", shared.Session, PairingSpecs.Valid().ToString());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.False(response.Headers.Contains("Retry-After"));
        var error = JObject.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("SERVICE_UNAVAILABLE", (string)error["error_code"]!);
        Assert.False(string.IsNullOrEmpty((string?)error["message"]));
        Assert.True(Guid.TryParse((string?)error["op_id"], out _));
        Assert.Equal(before, (long)(await sim.GetControlJsonAsync("/stats"))["tasks"]!);
    }

    [Theory]
    [InlineData("{\"kind\":\"status\",\"status\":429}", 1)]
    [InlineData("{\"kind\":\"status\",\"status\":429,\"retry_after\":7}", 7)]
    [InlineData("{\"kind\":\"status\",\"status\":503,\"retry_after\":3}", 3)]
    public async Task Status_429_carries_retry_after_and_503_can(string rule, int seconds)
    {
        var sim = await CleanAsync();
        var counted = JObject.Parse(rule);
        counted["count"] = 1;
        await sim.AddFaultAsync(counted.ToString());

        using var response = await sim.SendAsync(HttpMethod.Get, "/tasks", shared.Session);
        Assert.Equal(TimeSpan.FromSeconds(seconds), response.Headers.RetryAfter?.Delta);
        var error = JObject.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal((int)response.StatusCode == 429 ? "TOO_MANY_REQUESTS" : "SERVICE_UNAVAILABLE", (string)error["error_code"]!);
    }

    [Fact]
    public async Task An_html_fault_looks_like_a_proxy_error_page()
    {
        var sim = await CleanAsync();
        await sim.AddFaultAsync("{\"kind\":\"html\",\"count\":1}");
        using var response = await sim.SendAsync(HttpMethod.Get, "/pairings", shared.Session);
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("<html>", text);
        Assert.Contains("502 Bad Gateway", text);
    }

    [Fact]
    public async Task A_malformed_fault_handles_the_request_and_sends_the_first_half_of_its_body()
    {
        var sim = await CleanAsync();
        var whole = await sim.CallAsync(HttpMethod.Get, "/server/info", shared.Session);
        await sim.AddFaultAsync("{\"kind\":\"malformed\",\"count\":1,\"endpoint\":\"GET /server/info\"}");

        using var response = await sim.SendAsync(HttpMethod.Get, "/server/info", shared.Session);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(whole.Body[..(whole.Body.Length / 2)], text);
        Assert.ThrowsAny<Newtonsoft.Json.JsonException>(() => JToken.Parse(text));
    }

    [Fact]
    public async Task A_malformed_fault_on_an_empty_answer_still_sends_broken_json_with_200()
    {
        var sim = await CleanAsync();
        await sim.AddFaultAsync("{\"kind\":\"malformed\",\"count\":1}");
        var (status, body) = await sim.CallAsync(HttpMethod.Get, "/no/such/thing", shared.Session);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotEqual("", body);
        Assert.ThrowsAny<Newtonsoft.Json.JsonException>(() => JToken.Parse(body));
    }

    [Fact]
    public async Task A_latency_fault_delays_the_response_and_is_spent_after_its_count()
    {
        var sim = await CleanAsync();
        var rule = await sim.AddFaultAsync("{\"kind\":\"latency\",\"ms\":300,\"count\":1,\"endpoint\":\"GET /session\"}");

        // Another endpoint does not use the rule's count.
        Assert.Equal("200 json", await FaultOutcome.GetAsync(sim, "/server/info", shared.Session));
        Assert.Equal(1, (int)(await sim.GetControlJsonAsync("/faults"))["faults"]![0]!["remaining"]!);

        var watch = Stopwatch.StartNew();
        Assert.Equal("200 json", await FaultOutcome.GetAsync(sim, "/session", shared.Session));
        Assert.True(watch.ElapsedMilliseconds >= 290, $"answered after {watch.ElapsedMilliseconds} ms");
        Assert.Empty((JArray)(await sim.GetControlJsonAsync("/faults"))["faults"]!);
        Assert.Equal(300, (int)rule["ms"]!);
    }

    [Fact]
    public async Task Latency_adds_up_with_a_later_rule_of_another_kind()
    {
        var sim = await CleanAsync();
        await sim.AddFaultAsync("{\"kind\":\"latency\",\"ms\":200,\"count\":1}");
        await sim.AddFaultAsync("{\"kind\":\"status\",\"status\":503,\"count\":1}");
        var watch = Stopwatch.StartNew();
        Assert.Equal("503 json", await FaultOutcome.GetAsync(sim, "/session", shared.Session));
        Assert.True(watch.ElapsedMilliseconds >= 190, $"answered after {watch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task A_request_the_client_abandons_during_latency_is_never_handled()
    {
        // Login reads no body, so only the fault's own handling of the abort keeps it from creating a session.
        await using var sim = await TestSimulator.StartAsync();
        await sim.AddFaultAsync("{\"kind\":\"latency\",\"ms\":400,\"endpoint\":\"POST /session\"}");

        using (var cts = new CancellationTokenSource())
        using (var request = new HttpRequestMessage(HttpMethod.Post, sim.Api("/session")))
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic",
                TestSimulator.Basic(SimulatorOptions.DefaultUserName, SimulatorOptions.DefaultPassword));
            var sent = sim.Client.SendAsync(request, cts.Token);
            // Abandoned once the simulator has it (statistics count a request before its faults apply).
            await TestSimulator.PollAsync(() => sim.GetControlJsonAsync("/stats"), stats => (long?)stats["by_endpoint"]!["POST /session"] == 1);
            cts.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sent);
        }

        await Task.Delay(600);
        var stats = await sim.GetControlJsonAsync("/stats");
        Assert.Equal(1, (long)stats["by_endpoint"]!["POST /session"]!);
        Assert.Equal(0, (int)stats["sessions"]!);
    }

    [Fact]
    public async Task Stopping_the_simulator_does_not_wait_for_a_delayed_request()
    {
        var sim = await TestSimulator.StartAsync();
        try
        {
            await sim.AddFaultAsync("{\"kind\":\"latency\",\"ms\":60000}");
            var pending = sim.Client.GetAsync(sim.Api("/session"));
            await Task.Delay(100);
            var watch = Stopwatch.StartNew();
            await sim.Host.StopAsync();
            Assert.True(watch.ElapsedMilliseconds < 1000, $"stopped after {watch.ElapsedMilliseconds} ms");
            await Assert.ThrowsAnyAsync<HttpRequestException>(() => pending);
        }
        finally
        {
            await sim.DisposeAsync();
        }
    }

    [Fact]
    public async Task Dropping_a_pairing_post_before_handling_creates_no_task()
    {
        await using var sim = await TestSimulator.StartAsync(taskDurationMs: 0);
        var session = await sim.LoginAsync();
        await sim.AddFaultAsync("{\"kind\":\"drop\",\"when\":\"before\",\"count\":1,\"endpoint\":\"POST /pairings\"}");

        Assert.Equal(FaultOutcome.Dropped, await FaultOutcome.ObserveAsync(sim, HttpMethod.Post, "/pairings", session, PairingSpecs.Valid().ToString()));

        Assert.Empty((JArray)(await sim.GetJsonAsync("/tasks", session))["list"]!);
        Assert.Single((JArray)(await sim.GetJsonAsync("/pairings", session))["list"]!);
    }

    [Fact]
    public async Task Dropping_a_pairing_post_after_handling_leaves_the_task_to_be_found()
    {
        await using var sim = await TestSimulator.StartAsync(taskDurationMs: 0);
        var session = await sim.LoginAsync();
        await sim.AddFaultAsync("{\"kind\":\"drop\",\"when\":\"after\",\"count\":1,\"endpoint\":\"POST /pairings\"}");

        Assert.Equal(FaultOutcome.Dropped, await FaultOutcome.ObserveAsync(sim, HttpMethod.Post, "/pairings", session, PairingSpecs.Valid().ToString()));

        // The client looks for what its lost request did.
        var task = (JObject)((JArray)(await sim.GetJsonAsync("/tasks", session))["list"]!).Single();
        Assert.Equal(SimulatorState.PairingDescriptionId, (string)task["description_id"]!);
        Assert.Equal("SUCCESS", (string)task["status"]!);
        var pairings = (JArray)(await sim.GetJsonAsync("/pairings", session))["list"]!;
        Assert.Contains(pairings, p => (string?)p["remote_vc_server"]?["id"] == PairingSpecs.SiteB.VcGuid.ToString());
    }

    [Fact]
    public async Task Faulted_requests_are_counted_in_stats()
    {
        await using var sim = await TestSimulator.StartAsync();
        var session = await sim.LoginAsync();
        await sim.AddFaultAsync("{\"kind\":\"latency\",\"ms\":1,\"count\":1,\"endpoint\":\"GET /tasks\"}");
        await sim.AddFaultAsync("{\"kind\":\"status\",\"status\":503,\"count\":2,\"endpoint\":\"GET /tasks\"}");
        await sim.AddFaultAsync("{\"kind\":\"drop\",\"count\":1,\"endpoint\":\"GET /tasks\"}");
        for (var i = 0; i < 4; i++)
            await FaultOutcome.GetAsync(sim, "/tasks", session);
        await FaultOutcome.GetAsync(sim, "/tasks", session);

        var stats = await sim.GetControlJsonAsync("/stats");
        Assert.Equal(5, (long)stats["by_endpoint"]!["GET /tasks"]!);
        Assert.Equal(6, (long)stats["requests"]!);
        Assert.Equal(4, (long)stats["faults_injected"]!);
        Assert.Equal(0, (long)stats["rate_limited"]!);
    }
}
