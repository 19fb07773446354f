using System.Net;
using Newtonsoft.Json.Linq;

namespace Srm.Simulator.Tests;

public sealed class SessionTests(SharedSimulator shared) : IClassFixture<SharedSimulator>
{
    [Fact]
    public async Task Login_with_right_credentials_returns_a_session_id()
    {
        await using var sim = await TestSimulator.StartAsync();
        using var response = await sim.LoginRawAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var id = (string)JObject.Parse(await response.Content.ReadAsStringAsync())["session_id"]!;
        Assert.Matches("^[0-9a-f]{32}$", id);
        Assert.NotEqual(id, await sim.LoginAsync());
    }

    [Fact]
    public async Task Login_user_name_is_case_insensitive_but_password_is_not()
    {
        await using var sim = await TestSimulator.StartAsync();
        using var upper = await sim.LoginRawAsync("Administrator@VSPHERE.local", "VMware1!");
        Assert.Equal(HttpStatusCode.OK, upper.StatusCode);
        using var wrongCase = await sim.LoginRawAsync("administrator@vsphere.local", "vmware1!");
        Assert.Equal(HttpStatusCode.Unauthorized, wrongCase.StatusCode);
    }

    [Theory]
    [InlineData("administrator@vsphere.local", "wrong")]
    [InlineData("someone@vsphere.local", "VMware1!")]
    [InlineData(null, null)]
    public async Task Login_with_wrong_or_missing_credentials_is_401_with_an_empty_body(string? user, string? password)
    {
        var sim = shared.Sim;
        using var response = await sim.LoginRawAsync(user, password);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Login_with_a_malformed_authorization_header_is_401()
    {
        await using var sim = await TestSimulator.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, sim.Api("/session"));
        request.Headers.TryAddWithoutValidation("Authorization", "Basic not-base64!!");
        using var response = await sim.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Configured_user_and_password_replace_the_defaults()
    {
        await using var sim = await TestSimulator.StartAsync(configure: o => { o.UserName = "ops@corp.local"; o.Password = "s3cret"; });
        using var defaults = await sim.LoginRawAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, defaults.StatusCode);
        using var configured = await sim.LoginRawAsync("ops@corp.local", "s3cret");
        Assert.Equal(HttpStatusCode.OK, configured.StatusCode);
    }

    [Fact]
    public async Task Get_session_returns_the_user_name()
    {
        await using var sim = await TestSimulator.StartAsync();
        var session = await sim.LoginAsync();
        var info = await sim.GetJsonAsync("/session", session);
        Assert.Equal("administrator@vsphere.local", (string)info["username"]!);
    }

    [Theory]
    [InlineData("GET", "/session")]
    [InlineData("DELETE", "/session")]
    [InlineData("GET", "/server/info")]
    [InlineData("GET", "/pairings")]
    [InlineData("GET", "/pairings/0e5d4c3b-2a19-4f08-b7e6-d5c4b3a29101")]
    [InlineData("POST", "/pairings")]
    [InlineData("GET", "/tasks")]
    [InlineData("GET", "/tasks/pairing-task-1")]
    public async Task Calls_without_a_session_or_with_an_unknown_one_are_401_with_an_empty_body(string method, string path)
    {
        var sim = shared.Sim;
        var body = method == "POST" ? PairingSpecs.Valid().ToString() : null;

        var (missing, missingBody) = await sim.CallAsync(new HttpMethod(method), path, session: null, body);
        Assert.Equal(HttpStatusCode.Unauthorized, missing);
        Assert.Equal("", missingBody);

        var (unknown, unknownBody) = await sim.CallAsync(new HttpMethod(method), path, session: "0123456789abcdef0123456789abcdef", body);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown);
        Assert.Equal("", unknownBody);
    }

    [Fact]
    public async Task Logout_is_204_and_ends_the_session()
    {
        await using var sim = await TestSimulator.StartAsync();
        var session = await sim.LoginAsync();
        var other = await sim.LoginAsync();

        var (status, body) = await sim.CallAsync(HttpMethod.Delete, "/session", session);
        Assert.Equal(HttpStatusCode.NoContent, status);
        Assert.Equal("", body);

        Assert.Equal(HttpStatusCode.Unauthorized, (await sim.CallAsync(HttpMethod.Get, "/session", session)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await sim.CallAsync(HttpMethod.Delete, "/session", session)).Status);
        Assert.Equal(HttpStatusCode.OK, (await sim.CallAsync(HttpMethod.Get, "/session", other)).Status);
    }
}
