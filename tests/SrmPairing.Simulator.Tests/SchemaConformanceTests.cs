using System.Net;
using System.Text;
using Newtonsoft.Json.Linq;
using Srm.Tests.Shared;

namespace Srm.Simulator.Tests;

/// <summary>
/// Every response of a full client scenario must match what the OpenAPI spec gives for its path template, method and
/// status: the JSON schema when the spec lists content, an empty body when it lists none. Skipped without the spec.
/// </summary>
public sealed class SchemaConformanceTests
{
    private sealed record Exchange(string Method, string PathTemplate, string Path, int Status, string Body);

    private sealed class Recorder(TestSimulator sim)
    {
        public List<Exchange> Exchanges { get; } = [];

        public async Task<string> CallAsync(string method, string template, string path, string? session, string? body = null)
        {
            var (status, text) = await sim.CallAsync(new HttpMethod(method), path, session, body);
            Exchanges.Add(new Exchange(method, template, path, (int)status, text));
            return text;
        }

        public async Task<string> LoginAsync(string user, string password)
        {
            using var response = await sim.LoginRawAsync(user, password);
            var text = await response.Content.ReadAsStringAsync();
            Exchanges.Add(new Exchange("POST", "/session", "/session", (int)response.StatusCode, text));
            return text;
        }

        public int StatusOf(int index) => Exchanges[index].Status;
    }

    [SpecFact]
    public async Task Every_response_of_a_full_scenario_matches_the_spec()
    {
        var validator = OpenApiSchemaValidator.Load(SpecFile.Path!);
        await using var sim = await TestSimulator.StartAsync(taskDurationMs: 300);
        var r = new Recorder(sim);

        await r.LoginAsync("administrator@vsphere.local", "wrong");
        var session = (string)JObject.Parse(await r.LoginAsync("administrator@vsphere.local", "VMware1!"))["session_id"]!;
        await r.CallAsync("GET", "/session", "/session", session);
        await r.CallAsync("GET", "/server/info", "/server/info", session);
        await r.CallAsync("GET", "/server/info", "/server/info", null);
        await r.CallAsync("GET", "/pairings", "/pairings", session);
        await r.CallAsync("GET", "/pairings", "/pairings?limit=abc", session);
        await r.CallAsync("GET", "/pairings", "/pairings", "ffffffffffffffffffffffffffffffff");
        await r.CallAsync("GET", "/pairings/{pairing_id}", "/pairings/" + SimulatorState.SelfPairingId, session);
        await r.CallAsync("GET", "/pairings/{pairing_id}", "/pairings/" + Guid.NewGuid(), session);

        var goodSpec = PairingSpecs.ValidWithThumbprints();
        Assert.Empty(validator.Validate(goodSpec, validator.GetRequestBodySchema("/pairings", "post")!));
        var good = JObject.Parse(await r.CallAsync("POST", "/pairings", "/pairings", session, goodSpec.ToString()));
        var bad = JObject.Parse(await r.CallAsync("POST", "/pairings", "/pairings", session,
            PairingSpecs.Valid(PairingSpecs.SiteB).With(s => s["pair_vc_guid"] = "2f9a5a4e-6c1b-4f4a-9d0e-5b8a3c1d7e01").ToString()));
        var cancelled = JObject.Parse(await r.CallAsync("POST", "/pairings", "/pairings", session, PairingSpecs.Valid(PairingSpecs.SiteC).ToString()));
        await r.CallAsync("POST", "/pairings", "/pairings", session, "{\"pair_vc_guid\": 5}");
        await r.CallAsync("POST", "/pairings", "/pairings", session, "not json");
        await r.CallAsync("POST", "/pairings", "/pairings", null, goodSpec.ToString());

        await r.CallAsync("GET", "/tasks/{taskId}", "/tasks/" + (string)good["id"]!, session);
        using (var cancel = await sim.Client.PostAsync(sim.Control($"/tasks/{(string)cancelled["id"]!}/cancel"), null))
            Assert.Equal(HttpStatusCode.NoContent, cancel.StatusCode);
        foreach (var task in new[] { good, bad, cancelled })
            await sim.WaitForTaskAsync(session, (string)task["id"]!);
        foreach (var task in new[] { good, bad, cancelled })
            await r.CallAsync("GET", "/tasks/{taskId}", "/tasks/" + (string)task["id"]!, session);
        await r.CallAsync("GET", "/tasks/{taskId}", "/tasks/no-such-task", session);
        await r.CallAsync("GET", "/tasks/{taskId}", "/tasks/" + (string)good["id"]!, null);

        var list = JObject.Parse(await r.CallAsync("GET", "/tasks", "/tasks", session));
        Assert.Equal(new[] { "SUCCESS", "ERROR", "CANCELLED" }, ((JArray)list["list"]!).Select(t => (string)t["status"]!));
        await r.CallAsync("GET", "/tasks", $"/tasks?filter_property=id&filter={good["id"]}&filter={bad["id"]}&limit=200", session);
        await r.CallAsync("GET", "/tasks", "/tasks?offset=-1", session);

        var pairings = JObject.Parse(await r.CallAsync("GET", "/pairings", "/pairings", session));
        var created = ((JArray)pairings["list"]!).Select(p => (string)p["pairing_id"]!).Single(id => id != SimulatorState.SelfPairingId.ToString());
        await r.CallAsync("GET", "/pairings/{pairing_id}", "/pairings/" + created, session);
        await r.CallAsync("GET", "/pairings", $"/pairings?filter_property=remote_vc_server.id&filter={PairingSpecs.SiteB.VcGuid}", session);

        await r.CallAsync("DELETE", "/session", "/session", session);
        await r.CallAsync("DELETE", "/session", "/session", session);
        await r.CallAsync("GET", "/session", "/session", session);

        // Every status the scenario meant to produce.
        Assert.Equal(
            new[] { 401, 200, 200, 200, 401, 200, 400, 401, 200, 404, 202, 202, 202, 400, 400, 401, 200, 200, 200, 200, 404, 401, 200, 200, 400, 200, 200, 200, 204, 401, 401 },
            r.Exchanges.Select(e => e.Status));

        var problems = Check(validator, r.Exchanges);
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [SpecFact]
    public async Task Every_response_of_the_remote_session_delete_and_reconnect_endpoints_matches_the_spec()
    {
        var validator = OpenApiSchemaValidator.Load(SpecFile.Path!);
        Assert.Empty(validator.Validate(PairingSpecs.ValidWithThumbprints(), validator.GetRequestBodySchema("/pairings/{pairing_id}/actions/reconnect", "post")!));
        await using var sim = await TestSimulator.StartAsync(taskDurationMs: 0, configure: o => o.TaskResult = TaskResultMode.PairingId);
        var r = new Recorder(sim);
        var session = await sim.LoginAsync();
        var other = await sim.LoginAsync();
        var created = JObject.Parse(await r.CallAsync("POST", "/pairings", "/pairings", session, PairingSpecs.Valid().ToString()));
        var pairingId = (string)JObject.Parse(await r.CallAsync("GET", "/tasks/{taskId}", "/tasks/" + created["id"], session))["result"]!["pairing_id"]!;
        var self = SimulatorState.SelfPairingId.ToString();
        var unknown = Guid.NewGuid().ToString();
        const string remoteSession = "/pairings/{pairing_id}/remote-session";
        const string pairing = "/pairings/{pairing_id}";
        const string reconnect = "/pairings/{pairing_id}/actions/reconnect";

        async Task RemoteLogin(string? user, string password = SiteCatalog.DefaultPscPassword, string id = "", string? localSession = "")
        {
            var (status, body) = await sim.RemoteLoginAsync(localSession == "" ? session : localSession!, id == "" ? pairingId : id, user, password);
            r.Exchanges.Add(new Exchange("POST", remoteSession, $"/pairings/{id}/remote-session", (int)status, body));
        }

        await r.CallAsync("GET", remoteSession, $"/pairings/{pairingId}/remote-session", session);      // 404 not logged in
        await r.CallAsync("DELETE", pairing, $"/pairings/{pairingId}", session);                         // 400 not logged in
        await RemoteLogin(SiteCatalog.DefaultPscUsername, "wrong");                                          // 401
        await RemoteLogin(null);                                                                             // 400 no Basic
        await RemoteLogin(SiteCatalog.DefaultPscUsername, id: unknown);                                      // 404
        await RemoteLogin(SiteCatalog.DefaultPscUsername, id: self);                                         // 400 self
        await RemoteLogin(SiteCatalog.DefaultPscUsername);                                                   // 204
        await r.CallAsync("GET", remoteSession, $"/pairings/{pairingId}/remote-session", session);      // 200
        await r.CallAsync("GET", remoteSession, $"/pairings/{pairingId}/remote-session", other);        // 404 other session
        await r.CallAsync("GET", remoteSession, $"/pairings/{unknown}/remote-session", session);        // 404
        await r.CallAsync("GET", remoteSession, $"/pairings/{pairingId}/remote-session", null);         // 401

        var spec = PairingSpecs.ValidWithThumbprints().ToString();
        var good = JObject.Parse(await r.CallAsync("POST", reconnect, $"/pairings/{pairingId}/actions/reconnect", session, spec));  // 202
        var bad = JObject.Parse(await r.CallAsync("POST", reconnect, $"/pairings/{pairingId}/actions/reconnect", session,
            PairingSpecs.Valid(PairingSpecs.SiteC).ToString()));                                                                     // 202, ERROR
        await r.CallAsync("POST", reconnect, $"/pairings/{pairingId}/actions/reconnect", session, "{\"pair_vc_guid\": 5}");      // 400
        await r.CallAsync("POST", reconnect, $"/pairings/{unknown}/actions/reconnect", session, spec);                             // 404
        await r.CallAsync("POST", reconnect, $"/pairings/{self}/actions/reconnect", session, spec);                                // 400
        await r.CallAsync("POST", reconnect, $"/pairings/{pairingId}/actions/reconnect", null, spec);                              // 401
        await r.CallAsync("GET", "/tasks/{taskId}", "/tasks/" + good["id"], session);
        await r.CallAsync("GET", "/tasks/{taskId}", "/tasks/" + bad["id"], session);

        await r.CallAsync("POST", "/pairings", "/pairings", session, PairingSpecs.Valid(PairingSpecs.SiteC).ToString());
        Assert.Equal(HttpStatusCode.OK, (await sim.PostControlAsync($"/sites/{PairingSpecs.SiteB.VcGuid}/rotate-certificates")).Status);
        await r.CallAsync("GET", pairing, $"/pairings/{pairingId}", session);                             // 200, WARNING/ERROR
        await r.CallAsync("GET", "/pairings", "/pairings", session);

        await r.CallAsync("DELETE", pairing, $"/pairings/{self}", session);                               // 400
        await r.CallAsync("DELETE", pairing, $"/pairings/{unknown}", session);                            // 404
        await r.CallAsync("DELETE", pairing, $"/pairings/{pairingId}", null);                             // 401
        sim.State.StallNewTasks = true;
        var deleting = JObject.Parse(await r.CallAsync("DELETE", pairing, $"/pairings/{pairingId}", session));  // 202, stalled
        await r.CallAsync("DELETE", pairing, $"/pairings/{pairingId}", session);                          // 400 in progress
        sim.State.StallNewTasks = false;
        Assert.Equal(HttpStatusCode.NoContent, (await sim.PostControlAsync($"/tasks/{deleting["id"]}/cancel")).Status);
        var deleted = JObject.Parse(await r.CallAsync("DELETE", pairing, $"/pairings/{pairingId}", session));   // 202
        await r.CallAsync("GET", "/tasks/{taskId}", "/tasks/" + deleted["id"], session);
        await r.CallAsync("GET", "/tasks", "/tasks", session);
        await r.CallAsync("GET", pairing, $"/pairings/{pairingId}", session);                             // 404 gone

        Assert.Equal(
            new[] { 202, 200, 404, 400, 401, 400, 404, 400, 204, 200, 404, 404, 401, 202, 202, 400, 404, 400, 401, 200, 200, 202, 200, 200, 400, 404, 401, 202, 400, 202, 200, 200, 404 },
            r.Exchanges.Select(e => e.Status));
        var result = JObject.Parse(r.Exchanges[^4].Body);
        Assert.Equal("SUCCESS", (string)JObject.Parse(r.Exchanges[^3].Body)["status"]!);
        Assert.Equal("delete", ((string)result["description_id"]!).Split('.')[^1]);
        Assert.Equal("ERROR", (string)JObject.Parse(r.Exchanges[20].Body)["status"]!);
        Assert.Equal("WARNING", (string)JObject.Parse(r.Exchanges[22].Body)["remote_vc_server"]!["server_status"]!);

        Assert.True(Check(validator, r.Exchanges) is var problems && problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    private static List<string> Check(OpenApiSchemaValidator validator, IEnumerable<Exchange> exchanges)
    {
        var problems = new List<string>();
        foreach (var e in exchanges)
        {
            var where = $"{e.Method} {e.Path} -> {e.Status}";
            var expected = validator.GetResponse(e.PathTemplate, e.Method, e.Status);
            if (!expected.IsDocumented && e.Status != 401)
                problems.Add($"{where}: the spec does not list status {e.Status} for {e.Method} {e.PathTemplate}.");
            if (expected.JsonSchema == null)
            {
                // No content in the spec (or an unlisted 401): the body must be empty.
                if (e.Body.Length != 0)
                    problems.Add($"{where}: expected an empty body, got: {e.Body}");
                continue;
            }
            JToken body;
            try
            {
                body = OpenApiSchemaValidator.ParseJson(e.Body);
            }
            catch (Exception ex)
            {
                problems.Add($"{where}: body is not JSON ({ex.Message}): {e.Body}");
                continue;
            }
            problems.AddRange(validator.Validate(body, expected.JsonSchema).Select(err => $"{where}: {err}"));
        }
        return problems;
    }

    [SpecFact]
    public async Task The_simulator_accepts_request_bodies_that_validate_against_PairingSpec()
    {
        var validator = OpenApiSchemaValidator.Load(SpecFile.Path!);
        var schema = validator.GetRequestBodySchema("/pairings", "post")!;
        await using var sim = await TestSimulator.StartAsync(taskDurationMs: 0);
        var session = await sim.LoginAsync();

        var bodies = new[]
        {
            PairingSpecs.Valid(PairingSpecs.SiteB),
            PairingSpecs.ValidWithThumbprints(PairingSpecs.SiteC),
            PairingSpecs.Valid(PairingSpecs.SiteB).With(s => { s["pair_srm_url"] = null; s["pair_srm_thumbprint"] = null; }),
        };
        foreach (var body in bodies)
        {
            Assert.Empty(validator.Validate(body, schema));
            using var response = await sim.SendAsync(HttpMethod.Post, "/pairings", session, body.ToString());
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{body}{Environment.NewLine}-> {(int)response.StatusCode} {text}");
            Assert.Empty(validator.Validate(OpenApiSchemaValidator.ParseJson(text), "Task"));
        }
    }

    [SpecFact]
    public async Task A_task_failed_through_the_control_endpoint_matches_the_task_schema()
    {
        var validator = OpenApiSchemaValidator.Load(SpecFile.Path!);
        await using var sim = await TestSimulator.StartAsync(taskDurationMs: 5000);
        var session = await sim.LoginAsync();
        var task = await sim.CreatePairingAsync(session, PairingSpecs.Valid());
        using (var fail = await sim.Client.PostAsync(sim.Control($"/tasks/{task["id"]}/fail"),
                   new StringContent("{\"message\":\"boom\",\"details\":null}", Encoding.UTF8, "application/json")))
            Assert.Equal(HttpStatusCode.NoContent, fail.StatusCode);
        var failed = await sim.GetJsonAsync("/tasks/" + task["id"], session);
        Assert.Equal("ERROR", (string)failed["status"]!);
        Assert.Empty(validator.Validate(failed, "TaskDrResponseEntity"));
    }
}
