using System.Net;

namespace Srm.Simulator.Tests;

public sealed class SessionExpiryTests(SharedSimulator shared) : IClassFixture<SharedSimulator>
{
    [Fact]
    public async Task A_session_older_than_its_lifetime_is_401_with_an_empty_body_and_a_new_login_works()
    {
        var clock = new ManualTimeProvider();
        await using var sim = await TestSimulator.StartAsync(configure: o => { o.TimeProvider = clock; o.SessionLifetime = TimeSpan.FromSeconds(30); });
        var session = await sim.LoginAsync();
        clock.Advance(TimeSpan.FromSeconds(10));
        var younger = await sim.LoginAsync();

        clock.Advance(TimeSpan.FromSeconds(19.9));
        Assert.Equal(HttpStatusCode.OK, (await sim.CallAsync(HttpMethod.Get, "/session", session)).Status);

        clock.Advance(TimeSpan.FromSeconds(0.1));
        var (status, body) = await sim.CallAsync(HttpMethod.Get, "/tasks", session);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("", body);
        Assert.Equal(HttpStatusCode.OK, (await sim.CallAsync(HttpMethod.Get, "/session", younger)).Status);
        Assert.Equal(1, (int)(await sim.GetControlJsonAsync("/stats"))["sessions"]!);

        var fresh = await sim.LoginAsync();
        Assert.Equal(HttpStatusCode.OK, (await sim.CallAsync(HttpMethod.Get, "/tasks", fresh)).Status);
    }

    [Fact]
    public async Task Expire_ends_every_current_session_now()
    {
        await using var sim = await TestSimulator.StartAsync();
        var first = await sim.LoginAsync();
        var second = await sim.LoginAsync();

        var (status, body) = await sim.PostControlAsync("/sessions/expire");
        Assert.Equal(HttpStatusCode.NoContent, status);
        Assert.Equal("", body);

        Assert.Equal(HttpStatusCode.Unauthorized, (await sim.CallAsync(HttpMethod.Get, "/session", first)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await sim.CallAsync(HttpMethod.Get, "/pairings", second)).Status);
        var fresh = await sim.LoginAsync();
        Assert.Equal(HttpStatusCode.OK, (await sim.CallAsync(HttpMethod.Get, "/session", fresh)).Status);
    }

    [Fact]
    public async Task The_lifetime_can_be_set_and_lifted_at_run_time()
    {
        var clock = new ManualTimeProvider();
        await using var sim = await TestSimulator.StartAsync(configure: o => o.TimeProvider = clock);
        var session = await sim.LoginAsync();
        clock.Advance(TimeSpan.FromSeconds(100));
        Assert.Equal(HttpStatusCode.OK, (await sim.CallAsync(HttpMethod.Get, "/session", session)).Status);

        var (status, body) = await sim.PostControlAsync("/sessions/lifetime", "{\"seconds\":60}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("{\"seconds\":60}", body);
        Assert.Equal(HttpStatusCode.Unauthorized, (await sim.CallAsync(HttpMethod.Get, "/session", session)).Status);

        var next = await sim.LoginAsync();
        Assert.Equal(HttpStatusCode.OK, (await sim.PostControlAsync("/sessions/lifetime", "{\"seconds\":null}")).Status);
        clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal(HttpStatusCode.OK, (await sim.CallAsync(HttpMethod.Get, "/session", next)).Status);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"seconds\":0}")]
    [InlineData("{\"seconds\":\"ten\"}")]
    [InlineData("{\"lifetime\":10}")]
    [InlineData("{\"seconds\":10")]
    public async Task Bad_lifetime_bodies_are_400(string body)
    {
        var sim = shared.Sim;
        var (status, text) = await sim.PostControlAsync("/sessions/lifetime", body);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("BAD_REQUEST", text);
        Assert.Null((int?)(await sim.GetControlJsonAsync("/settings"))["session_lifetime_seconds"]);
    }
}
