using System.Net;
using Newtonsoft.Json.Linq;
using Srm.Simulator.Faults;

namespace Srm.Simulator.Tests;

/// <summary>The appliance's rate limiter with small quotas, on a manual clock so the 60 s window costs no time.</summary>
public sealed class RateLimitTests(SharedSimulator shared) : IClassFixture<SharedSimulator>
{
    private static async Task<(TestSimulator Sim, ManualTimeProvider Clock)> StartAsync(int perSession, int perAddress)
    {
        var clock = new ManualTimeProvider();
        var sim = await TestSimulator.StartAsync(configure: o =>
        {
            o.TimeProvider = clock;
            o.RateLimit = new RateLimitSettings(true, perSession, perAddress);
        });
        return (sim, clock);
    }

    private static async Task AssertLimitedAsync(TestSimulator sim, HttpMethod method, string path, string? session, int retryAfterSeconds)
    {
        using var response = await sim.SendAsync(method, path, session);
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(retryAfterSeconds), response.Headers.RetryAfter?.Delta);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var error = JObject.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("TOO_MANY_REQUESTS", (string)error["error_code"]!);
        Assert.True(Guid.TryParse((string?)error["op_id"], out _));
    }

    [Fact]
    public async Task Each_session_gets_its_own_quota_in_a_sliding_window()
    {
        var (sim, clock) = await StartAsync(perSession: 3, perAddress: 100);
        await using var _ = sim;
        var first = await sim.LoginAsync();
        var second = await sim.LoginAsync();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await sim.CallAsync(HttpMethod.Get, "/session", first)).Status);
            clock.Advance(TimeSpan.FromSeconds(10));
        }
        // first's requests were at 0, 10 and 20 s; it is now 30 s: the oldest leaves the window at 60 s.
        await AssertLimitedAsync(sim, HttpMethod.Get, "/tasks", first, 30);
        Assert.Equal(HttpStatusCode.OK, (await sim.CallAsync(HttpMethod.Get, "/session", second)).Status);

        clock.Advance(TimeSpan.FromSeconds(29.5));
        await AssertLimitedAsync(sim, HttpMethod.Get, "/tasks", first, 1);
        clock.Advance(TimeSpan.FromSeconds(0.5));
        Assert.Equal(HttpStatusCode.OK, (await sim.CallAsync(HttpMethod.Get, "/tasks", first)).Status);
        await AssertLimitedAsync(sim, HttpMethod.Get, "/tasks", first, 10);

        var stats = await sim.GetControlJsonAsync("/stats");
        Assert.Equal(3, (long)stats["rate_limited"]!);
        Assert.Equal(4, (long)stats["by_endpoint"]!["GET /tasks"]!);
    }

    [Fact]
    public async Task Every_request_counts_against_the_client_address_and_requests_without_a_valid_session_only_there()
    {
        var (sim, clock) = await StartAsync(perSession: 1, perAddress: 4);
        await using var _ = sim;
        var session = await sim.LoginAsync();

        // An unknown session does not use a session quota of 1 (else the second would be 429).
        for (var i = 0; i < 2; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await sim.CallAsync(HttpMethod.Get, "/session", "0123456789abcdef0123456789abcdef")).Status);
        Assert.Equal(HttpStatusCode.OK, (await sim.CallAsync(HttpMethod.Get, "/session", session)).Status);

        clock.Advance(TimeSpan.FromSeconds(5));
        await AssertLimitedAsync(sim, HttpMethod.Get, "/session", null, 55);
        await AssertLimitedAsync(sim, HttpMethod.Post, "/session", null, 55);
        await AssertLimitedAsync(sim, HttpMethod.Get, "/no/such/thing", null, 55);

        clock.Advance(TimeSpan.FromSeconds(55));
        await sim.LoginAsync();
    }

    [Fact]
    public async Task An_expired_session_counts_against_the_address_only()
    {
        var clock = new ManualTimeProvider();
        await using var sim = await TestSimulator.StartAsync(configure: o =>
        {
            o.TimeProvider = clock;
            o.RateLimit = new RateLimitSettings(true, 1, 100);
            o.SessionLifetime = TimeSpan.FromSeconds(10);
        });
        var session = await sim.LoginAsync();
        Assert.Equal(HttpStatusCode.OK, (await sim.CallAsync(HttpMethod.Get, "/session", session)).Status);
        await AssertLimitedAsync(sim, HttpMethod.Get, "/session", session, 60);
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.Unauthorized, (await sim.CallAsync(HttpMethod.Get, "/session", session)).Status);
    }

    [Fact]
    public async Task The_limiter_can_be_switched_and_retuned_at_run_time()
    {
        var clock = new ManualTimeProvider();
        await using var sim = await TestSimulator.StartAsync(configure: o => o.TimeProvider = clock);
        var session = await sim.LoginAsync();
        var initial = await sim.GetControlJsonAsync("/rate-limit");
        Assert.False((bool)initial["enabled"]!);
        Assert.Equal(50, (int)initial["per_session"]!);
        Assert.Equal(100, (int)initial["per_address"]!);
        Assert.Equal(60, (double)initial["window_seconds"]!);
        for (var i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.OK, (await sim.CallAsync(HttpMethod.Get, "/session", session)).Status);

        // Giving a quota switches the limiter on; the other quota keeps its value.
        var (status, body) = await sim.PostControlAsync("/rate-limit", "{\"per_session\":2}");
        Assert.Equal(HttpStatusCode.OK, status);
        var set = JObject.Parse(body);
        Assert.True((bool)set["enabled"]!);
        Assert.Equal(2, (int)set["per_session"]!);
        Assert.Equal(100, (int)set["per_address"]!);

        Assert.Equal(HttpStatusCode.OK, (await sim.CallAsync(HttpMethod.Get, "/session", session)).Status);
        Assert.Equal(HttpStatusCode.OK, (await sim.CallAsync(HttpMethod.Get, "/session", session)).Status);
        await AssertLimitedAsync(sim, HttpMethod.Get, "/session", session, 60);

        Assert.Equal(HttpStatusCode.OK, (await sim.PostControlAsync("/rate-limit", "{\"enabled\":false}")).Status);
        Assert.Equal(HttpStatusCode.OK, (await sim.CallAsync(HttpMethod.Get, "/session", session)).Status);
        Assert.Equal(HttpStatusCode.OK, (await sim.PostControlAsync("/rate-limit", "{\"enabled\":true,\"per_session\":50,\"per_address\":100}")).Status);
        Assert.Equal(HttpStatusCode.OK, (await sim.CallAsync(HttpMethod.Get, "/session", session)).Status);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"per_session\":0}")]
    [InlineData("{\"per_address\":-1}")]
    [InlineData("{\"enabled\":\"yes\"}")]
    [InlineData("{\"window_seconds\":1}")]
    [InlineData("{\"per_sesion\":5}")]
    [InlineData("{\"enabled\":true")]
    public async Task Bad_rate_limit_bodies_are_400_and_change_nothing(string body)
    {
        var sim = shared.Sim;
        var (status, text) = await sim.PostControlAsync("/rate-limit", body);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("BAD_REQUEST", text);
        Assert.False((bool)(await sim.GetControlJsonAsync("/rate-limit"))["enabled"]!);
    }

    [Fact]
    public async Task A_shortened_window_frees_the_quota_in_real_time()
    {
        await using var sim = await TestSimulator.StartAsync(configure: o =>
        {
            o.RateLimit = new RateLimitSettings(true, 100, 2);
            o.RateLimitWindow = TimeSpan.FromSeconds(1);
        });
        Assert.Equal(HttpStatusCode.Unauthorized, (await sim.CallAsync(HttpMethod.Get, "/session", null)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await sim.CallAsync(HttpMethod.Get, "/session", null)).Status);
        await AssertLimitedAsync(sim, HttpMethod.Get, "/session", null, 1);
        await Task.Delay(1100);
        Assert.Equal(HttpStatusCode.Unauthorized, (await sim.CallAsync(HttpMethod.Get, "/session", null)).Status);
    }

    [Fact]
    public async Task Reset_forgets_the_counted_requests_but_keeps_the_quotas()
    {
        var (sim, _) = await StartAsync(perSession: 100, perAddress: 1);
        await using var __ = sim;
        Assert.Equal(HttpStatusCode.Unauthorized, (await sim.CallAsync(HttpMethod.Get, "/session", null)).Status);
        await AssertLimitedAsync(sim, HttpMethod.Get, "/session", null, 60);

        Assert.Equal(HttpStatusCode.NoContent, (await sim.PostControlAsync("/reset")).Status);
        Assert.Equal(0, (long)(await sim.GetControlJsonAsync("/stats"))["rate_limited"]!);
        Assert.Equal(HttpStatusCode.Unauthorized, (await sim.CallAsync(HttpMethod.Get, "/session", null)).Status);
        await AssertLimitedAsync(sim, HttpMethod.Get, "/session", null, 60);
    }
}
