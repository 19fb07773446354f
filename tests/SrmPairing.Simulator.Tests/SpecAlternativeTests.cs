using System.Net;
using Newtonsoft.Json.Linq;

namespace Srm.Simulator.Tests;

/// <summary>
/// The answers the spec leaves open, each given on demand: by option at start-up and by POST /simulator/alternatives
/// at run time (a not-logged-in remote session as 401 or 404, a 202 Task with or without _meta, a task result as
/// null, object or bare string, a refused login as 400 or 401).
/// </summary>
public sealed class SpecAlternativeTests
{
    [Fact]
    public void The_options_parse_each_alternative_and_refuse_others()
    {
        var options = SimulatorOptions.Parse(["--remote-session-not-logged-in", "401", "--task-meta", "include",
            "--task-result", "pairing-id-string", "--login-refused=400"]);
        Assert.Equal(new SpecAlternatives(401, true, 400), options.Alternatives);
        Assert.Equal(TaskResultMode.PairingIdString, options.TaskResult);
        Assert.Equal(SpecAlternatives.Default, SimulatorOptions.Parse([]).Alternatives);

        Assert.Throws<SimulatorOptionsException>(() => SimulatorOptions.Parse(["--remote-session-not-logged-in", "403"]));
        Assert.Throws<SimulatorOptionsException>(() => SimulatorOptions.Parse(["--task-meta", "maybe"]));
        Assert.Throws<SimulatorOptionsException>(() => SimulatorOptions.Parse(["--login-refused", "403"]));
        Assert.Throws<SimulatorOptionsException>(() => SimulatorOptions.Parse(["--task-result", "string"]));
    }

    [Fact]
    public async Task Not_logged_in_to_the_remote_site_is_404_by_default_and_401_when_asked_while_an_unknown_pairing_stays_404()
    {
        await using var sim = await TestSimulator.StartAsync(taskDurationMs: 0, configure: o =>
            o.Alternatives = o.Alternatives with { RemoteSessionNotLoggedInStatus = 401 });
        var session = await sim.LoginAsync();
        var pairingId = await sim.PairAsync(session);

        var (status, body) = await sim.CallAsync(HttpMethod.Get, $"/pairings/{pairingId}/remote-session", session);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("", body);
        Assert.Equal(HttpStatusCode.NotFound, (await sim.CallAsync(HttpMethod.Get, $"/pairings/{Guid.NewGuid()}/remote-session", session)).Status);
        // The local session is fine all the same.
        Assert.Equal(HttpStatusCode.OK, (await sim.CallAsync(HttpMethod.Get, "/session", session)).Status);

        var (switched, answer) = await sim.PostControlAsync("/alternatives", "{\"remote_session_not_logged_in\": 404}");
        Assert.Equal(HttpStatusCode.OK, switched);
        Assert.Equal(404, (int)JObject.Parse(answer)["remote_session_not_logged_in"]!);
        Assert.Equal(HttpStatusCode.NotFound, (await sim.CallAsync(HttpMethod.Get, $"/pairings/{pairingId}/remote-session", session)).Status);

        Assert.Equal(HttpStatusCode.NoContent, (await sim.RemoteLoginAsync(session, pairingId)).Status);
        Assert.Equal(HttpStatusCode.OK, (await sim.CallAsync(HttpMethod.Get, $"/pairings/{pairingId}/remote-session", session)).Status);
    }

    [Fact]
    public async Task A_202_task_carries_meta_only_when_asked_and_the_result_takes_each_shape()
    {
        await using var sim = await TestSimulator.StartAsync(taskDurationMs: 0);
        var session = await sim.LoginAsync();

        var plain = await sim.CreatePairingAsync(session, PairingSpecs.Valid(PairingSpecs.SiteB));
        Assert.Null(plain["_meta"]);

        var (status, answer) = await sim.PostControlAsync("/alternatives", "{\"task_meta\": \"include\", \"task_result\": \"pairing-id-string\"}");
        Assert.Equal(HttpStatusCode.OK, status);
        var settings = JObject.Parse(answer);
        Assert.Equal("include", (string)settings["task_meta"]!);
        Assert.Equal("pairing-id-string", (string)settings["task_result"]!);
        Assert.Equal(404, (int)settings["remote_session_not_logged_in"]!);

        var withMeta = await sim.CreatePairingAsync(session, PairingSpecs.Valid(PairingSpecs.SiteC));
        Assert.Equal(JTokenType.Array, withMeta["_meta"]!["errors"]!.Type);
        var done = await sim.WaitForTaskAsync(session, (string)withMeta["id"]!);
        Assert.Equal("SUCCESS", (string)done["status"]!);
        var pairingC = sim.State.GetPairings().Single(p => p.Remote.VcGuid == PairingSpecs.SiteC.VcGuid).PairingId.ToString();
        Assert.Equal(JTokenType.String, done["result"]!.Type);
        Assert.Equal(pairingC, (string)done["result"]!);

        // DELETE answers with _meta too.
        Assert.Equal(HttpStatusCode.NoContent, (await sim.RemoteLoginAsync(session, pairingC)).Status);
        var (deleted, deleteBody) = await sim.CallAsync(HttpMethod.Delete, $"/pairings/{pairingC}", session);
        Assert.Equal(HttpStatusCode.Accepted, deleted);
        Assert.NotNull(JObject.Parse(deleteBody)["_meta"]);

        var current = await sim.GetControlJsonAsync("/settings");
        Assert.Equal("include", (string)current["task_meta"]!);
    }

    [Fact]
    public async Task A_wrong_password_is_401_by_default_and_400_with_a_response_error_when_asked()
    {
        await using var sim = await TestSimulator.StartAsync(taskDurationMs: 0);
        using (var refused = await sim.LoginRawAsync(password: "wrong"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Equal("", await refused.Content.ReadAsStringAsync());
        }

        Assert.Equal(HttpStatusCode.OK, (await sim.PostControlAsync("/alternatives", "{\"login_refused\": 400}")).Status);
        using var bad = await sim.LoginRawAsync(password: "wrong");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var error = JObject.Parse(await bad.Content.ReadAsStringAsync());
        Assert.False(string.IsNullOrEmpty((string?)error["message"]));
        Assert.False(string.IsNullOrEmpty((string?)error["op_id"]));
        Assert.DoesNotContain("wrong", (string)error["message"]!);
    }

    [Theory]
    [InlineData("{\"remote_session_not_logged_in\": 403}")]
    [InlineData("{\"task_meta\": \"sometimes\"}")]
    [InlineData("{\"task_result\": \"text\"}")]
    [InlineData("{\"login_refused\": 500}")]
    [InlineData("[]")]
    public async Task The_control_endpoint_refuses_other_values_and_changes_nothing(string json)
    {
        await using var sim = await TestSimulator.StartAsync(taskDurationMs: 0);
        var (status, _) = await sim.PostControlAsync("/alternatives", json);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        var current = await sim.GetControlJsonAsync("/alternatives");
        Assert.Equal(404, (int)current["remote_session_not_logged_in"]!);
        Assert.Equal("omit", (string)current["task_meta"]!);
        Assert.Equal("none", (string)current["task_result"]!);
        Assert.Equal(401, (int)current["login_refused"]!);
    }

    [Fact]
    public async Task The_banner_names_each_alternative_switched_away_from_its_default()
    {
        var options = SimulatorOptions.Parse(["--remote-session-not-logged-in", "401", "--task-meta", "include",
            "--task-result", "pairing-id-string", "--login-refused", "400"]);
        await using var sim = await TestSimulator.StartAsync(configure: o =>
        {
            o.Alternatives = options.Alternatives;
            o.TaskResult = options.TaskResult;
        });
        var writer = new StringWriter();
        Banner.Write(writer, sim.Host, options);
        var text = writer.ToString();
        Assert.Contains("remote-session answers 401", text);
        Assert.Contains("Task meta: 202 Task answers include \"_meta\"", text);
        Assert.Contains("result is the new pairing's id as a bare string", text);
        Assert.Contains("Login refused: POST /session with a wrong password answers 400", text);
        Assert.Contains("GET /sessions", text);
        Assert.Contains("GET|POST /alternatives", text);
    }
}
