using System.Net;
using Newtonsoft.Json.Linq;
using Srm.Tests.Shared;

namespace Srm.Simulator.Tests;

/// <summary>
/// What misbehaviour sends must still match the OpenAPI spec where the spec describes it: injected 500s, the bodies of
/// the other injected error statuses and of the rate limiter's 429 (ResponseError), expired sessions (empty 401),
/// stalled tasks. Malformed and HTML bodies are deliberately outside it. Skipped without the spec.
/// </summary>
public sealed class FaultSchemaConformanceTests
{
    [SpecFact]
    public async Task Injected_errors_stalled_tasks_and_expired_sessions_match_the_spec()
    {
        var validator = OpenApiSchemaValidator.Load(SpecFile.Path!);
        await using var sim = await TestSimulator.StartAsync(taskDurationMs: 0, configure: o =>
        {
            o.StallTasks = true;
            o.RateLimit = new Faults.RateLimitSettings(true, 1000, 1000);
        });
        var session = await sim.LoginAsync();
        var task = await sim.CreatePairingAsync(session, PairingSpecs.Valid());
        var problems = new List<string>();

        void Check(string where, string body, JObject schema)
        {
            try
            {
                problems.AddRange(validator.Validate(OpenApiSchemaValidator.ParseJson(body), schema).Select(e => $"{where}: {e}"));
            }
            catch (Exception ex)
            {
                problems.Add($"{where}: body is not JSON ({ex.Message}): {body}");
            }
        }

        var calls = new (string Method, string Template, string Path)[]
        {
            ("POST", "/session", "/session"),
            ("GET", "/session", "/session"),
            ("GET", "/server/info", "/server/info"),
            ("GET", "/pairings", "/pairings"),
            ("POST", "/pairings", "/pairings"),
            ("GET", "/tasks", "/tasks"),
            ("GET", "/tasks/{taskId}", "/tasks/" + task["id"]),
        };
        foreach (var status in new[] { 500, 502, 503, 504, 408, 429 })
        {
            await sim.AddFaultAsync($"{{\"kind\":\"status\",\"status\":{status},\"count\":{calls.Length}}}");
            foreach (var (method, template, path) in calls)
            {
                var (actual, body) = await sim.CallAsync(new HttpMethod(method), path, session, method == "POST" ? PairingSpecs.Valid().ToString() : null);
                Assert.Equal(status, (int)actual);
                var documented = validator.GetResponse(template, method, status);
                Check($"{method} {path} -> {status}", body, documented.JsonSchema ?? validator.GetComponentSchema("ResponseError"));
            }
        }

        var stalled = await sim.GetJsonAsync("/tasks/" + task["id"], session);
        Assert.Equal("RUNNING", (string)stalled["status"]!);
        Check("stalled task", stalled.ToString(), validator.GetResponse("/tasks/{taskId}", "GET", 200).JsonSchema!);
        Check("task list with a stalled task", (await sim.CallAsync(HttpMethod.Get, "/tasks", session)).Body, validator.GetResponse("/tasks", "GET", 200).JsonSchema!);

        Assert.Equal(HttpStatusCode.OK, (await sim.PostControlAsync("/rate-limit", "{\"per_session\":1}")).Status);
        await sim.CallAsync(HttpMethod.Get, "/session", session);
        var limited = await sim.CallAsync(HttpMethod.Get, "/session", session);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.Status);
        Check("rate limited", limited.Body, validator.GetComponentSchema("ResponseError"));

        await sim.PostControlAsync("/sessions/expire");
        var expired = await sim.CallAsync(HttpMethod.Get, "/tasks", session);
        Assert.Equal(HttpStatusCode.Unauthorized, expired.Status);
        Assert.Equal("", expired.Body);

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }
}
