using System.Net;
using System.Net.Http.Headers;
using Newtonsoft.Json.Linq;

namespace Srm.Simulator.Tests;

/// <summary>POST and GET /pairings/{pairing_id}/remote-session: the remote-site login belongs to one local session.</summary>
public sealed class RemoteSessionTests
{
    private static readonly string SelfId = SimulatorState.SelfPairingId.ToString();

    [Fact]
    public async Task Logging_in_to_the_remote_site_answers_204_and_GET_then_names_the_remote_user()
    {
        await using var sim = await TestSimulator.StartAsync(taskDurationMs: 0);
        var session = await sim.LoginAsync();
        var pairingId = await sim.PairAsync(session);

        var (before, beforeBody) = await sim.CallAsync(HttpMethod.Get, $"/pairings/{pairingId}/remote-session", session);
        Assert.Equal(HttpStatusCode.NotFound, before);
        Assert.Equal("", beforeBody);

        var (status, body) = await sim.RemoteLoginAsync(session, pairingId, "Administrator@vSphere.local", SiteCatalog.DefaultPscPassword);
        Assert.Equal(HttpStatusCode.NoContent, status);
        Assert.Equal("", body);

        var info = await sim.GetJsonAsync($"/pairings/{pairingId}/remote-session", session);
        Assert.Equal("Administrator@vSphere.local", (string)info["username"]!);
    }

    [Fact]
    public async Task A_remote_login_belongs_to_one_local_session_only()
    {
        await using var sim = await TestSimulator.StartAsync(taskDurationMs: 0);
        var first = await sim.LoginAsync();
        var second = await sim.LoginAsync();
        var pairingId = await sim.PairAsync(first);

        Assert.Equal(HttpStatusCode.NoContent, (await sim.RemoteLoginAsync(first, pairingId)).Status);

        Assert.Equal(HttpStatusCode.OK, (await sim.CallAsync(HttpMethod.Get, $"/pairings/{pairingId}/remote-session", first)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await sim.CallAsync(HttpMethod.Get, $"/pairings/{pairingId}/remote-session", second)).Status);

        // The other session cannot remove the pairing either: it is not logged in remotely.
        var (deleteStatus, deleteBody) = await sim.CallAsync(HttpMethod.Delete, $"/pairings/{pairingId}", second);
        Assert.Equal(HttpStatusCode.BadRequest, deleteStatus);
        Assert.Equal("REMOTE_SITE_NOT_AUTHENTICATED", (string)JObject.Parse(deleteBody)["error_code"]!);
    }

    [Fact]
    public async Task A_remote_login_is_per_pairing()
    {
        await using var sim = await TestSimulator.StartAsync(taskDurationMs: 0);
        var session = await sim.LoginAsync();
        var b = await sim.PairAsync(session, PairingSpecs.SiteB);
        var c = await sim.PairAsync(session, PairingSpecs.SiteC);

        Assert.Equal(HttpStatusCode.NoContent, (await sim.RemoteLoginAsync(session, b)).Status);
        Assert.Equal(HttpStatusCode.OK, (await sim.CallAsync(HttpMethod.Get, $"/pairings/{b}/remote-session", session)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await sim.CallAsync(HttpMethod.Get, $"/pairings/{c}/remote-session", session)).Status);
    }

    [Fact]
    public async Task The_remote_sites_own_credentials_are_checked_not_the_local_login()
    {
        var sites = SiteCatalog.Parse("""
            { "remote_sites": [ { "vc_guid": "bbbbbbbb-0000-4000-8000-000000000002", "vc_name": "vc-x.example.com",
                                  "psc_username": "sso-admin@remote.local", "psc_password": "Remote1!" } ] }
            """, "test");
        var remote = sites.RemoteSites[0];
        await using var sim = await TestSimulator.StartAsync(taskDurationMs: 0, configure: o => o.Sites = sites);
        var session = await sim.LoginAsync();
        var pairingId = await sim.PairAsync(session, remote);

        var (wrong, wrongBody) = await sim.RemoteLoginAsync(session, pairingId, SimulatorOptions.DefaultUserName, SimulatorOptions.DefaultPassword);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong);
        Assert.Equal("", wrongBody);
        var (badPassword, _) = await sim.RemoteLoginAsync(session, pairingId, "sso-admin@remote.local", "remote1!");
        Assert.Equal(HttpStatusCode.Unauthorized, badPassword);
        Assert.Equal(HttpStatusCode.NotFound, (await sim.CallAsync(HttpMethod.Get, $"/pairings/{pairingId}/remote-session", session)).Status);

        // A refused remote login does not end the local session.
        Assert.Equal(HttpStatusCode.OK, (await sim.CallAsync(HttpMethod.Get, "/session", session)).Status);

        Assert.Equal(HttpStatusCode.NoContent, (await sim.RemoteLoginAsync(session, pairingId, "sso-admin@remote.local", "Remote1!")).Status);
    }

    [Fact]
    public async Task Missing_or_malformed_Basic_credentials_are_a_400_ResponseError()
    {
        await using var sim = await TestSimulator.StartAsync(taskDurationMs: 0);
        var session = await sim.LoginAsync();
        var pairingId = await sim.PairAsync(session);

        var (missing, missingBody) = await sim.RemoteLoginAsync(session, pairingId, user: null);
        Assert.Equal(HttpStatusCode.BadRequest, missing);
        var error = JObject.Parse(missingBody);
        Assert.Equal("BAD_REQUEST", (string)error["error_code"]!);
        Assert.Contains("Authorization: Basic", (string)error["message"]!);
        Assert.True(Guid.TryParse((string)error["op_id"]!, out _));

        foreach (var header in new[] { new AuthenticationHeaderValue("Bearer", "abc"), new AuthenticationHeaderValue("Basic", "not base64!"), new AuthenticationHeaderValue("Basic", TestSimulator.Basic("nocolon", "x")[..8]) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, sim.Api($"/pairings/{pairingId}/remote-session"));
            request.Headers.Add("x-dr-session", session);
            request.Headers.Authorization = header;
            using var response = await sim.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("BAD_REQUEST", (string)JObject.Parse(await response.Content.ReadAsStringAsync())["error_code"]!);
        }
    }

    [Fact]
    public async Task Unknown_pairings_are_404_and_the_self_entry_is_a_400()
    {
        await using var sim = await TestSimulator.StartAsync(taskDurationMs: 0);
        var session = await sim.LoginAsync();

        foreach (var id in new[] { Guid.NewGuid().ToString(), "not-a-guid" })
        {
            var (status, body) = await sim.RemoteLoginAsync(session, id);
            Assert.Equal(HttpStatusCode.NotFound, status);
            Assert.Equal("", body);
            var (getStatus, getBody) = await sim.CallAsync(HttpMethod.Get, $"/pairings/{id}/remote-session", session);
            Assert.Equal(HttpStatusCode.NotFound, getStatus);
            Assert.Equal("", getBody);
        }

        var (selfStatus, selfBody) = await sim.RemoteLoginAsync(session, SelfId);
        Assert.Equal(HttpStatusCode.BadRequest, selfStatus);
        var error = JObject.Parse(selfBody);
        Assert.Equal("INVALID_OPERATION", (string)error["error_code"]!);
        Assert.Contains("is the local site's own entry", (string)error["message"]!);

        // The self entry has no remote site, so nobody is ever logged in to it.
        Assert.Equal(HttpStatusCode.NotFound, (await sim.CallAsync(HttpMethod.Get, $"/pairings/{SelfId}/remote-session", session)).Status);
    }

    [Fact]
    public async Task Without_a_local_session_both_are_401()
    {
        await using var sim = await TestSimulator.StartAsync(taskDurationMs: 0);
        var session = await sim.LoginAsync();
        var pairingId = await sim.PairAsync(session);

        using var request = new HttpRequestMessage(HttpMethod.Post, sim.Api($"/pairings/{pairingId}/remote-session"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", TestSimulator.Basic(SiteCatalog.DefaultPscUsername, SiteCatalog.DefaultPscPassword));
        using var response = await sim.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await sim.CallAsync(HttpMethod.Get, $"/pairings/{pairingId}/remote-session", null)).Status);
    }

    [Fact]
    public async Task Logging_out_expiring_or_outliving_the_local_session_drops_its_remote_logins()
    {
        var clock = new ManualTimeProvider();
        await using var sim = await TestSimulator.StartAsync(taskDurationMs: 0, configure: o => o.TimeProvider = clock);
        var session = await sim.LoginAsync();
        var pairingId = await sim.PairAsync(session);

        // Logout: the session and its remote login are gone; a new session starts without one.
        Assert.Equal(HttpStatusCode.NoContent, (await sim.RemoteLoginAsync(session, pairingId)).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await sim.CallAsync(HttpMethod.Delete, "/session", session)).Status);
        var next = await sim.LoginAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await sim.CallAsync(HttpMethod.Get, $"/pairings/{pairingId}/remote-session", next)).Status);
        Assert.Null(sim.State.GetRemoteLogin(session, Guid.Parse(pairingId)));

        // POST /simulator/sessions/expire.
        Assert.Equal(HttpStatusCode.NoContent, (await sim.RemoteLoginAsync(next, pairingId)).Status);
        Assert.Equal("administrator@vsphere.local", sim.State.GetRemoteLogin(next, Guid.Parse(pairingId)));
        Assert.Equal(HttpStatusCode.NoContent, (await sim.PostControlAsync("/sessions/expire")).Status);
        Assert.Null(sim.State.GetRemoteLogin(next, Guid.Parse(pairingId)));

        // A session lifetime running out.
        var third = await sim.LoginAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await sim.RemoteLoginAsync(third, pairingId)).Status);
        sim.State.SessionLifetime = TimeSpan.FromSeconds(30);
        clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(HttpStatusCode.Unauthorized, (await sim.CallAsync(HttpMethod.Get, $"/pairings/{pairingId}/remote-session", third)).Status);
        Assert.Null(sim.State.GetRemoteLogin(third, Guid.Parse(pairingId)));
        sim.State.SessionLifetime = null;
        var fourth = await sim.LoginAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await sim.CallAsync(HttpMethod.Get, $"/pairings/{pairingId}/remote-session", fourth)).Status);
    }
}
